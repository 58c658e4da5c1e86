// The notebook's folder of .npy files and the split that fills it.
#include "blocks/data/dataset_folder.hpp"

#include <cmath>
#include <filesystem>

#include "blocks/data/npy_io.hpp"
#include "blocks/data/random_state.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::data {

std::vector<Split> split_rows(const Tensor& X, const Labels& y,
                              const std::vector<std::size_t>& sizes,
                              std::int64_t seed) {
  if (X.dimension() != 2 || y.dimension() != 1 || y.size() != X.shape(0)) {
    throw ShapeError("split_rows: features " + shape_string(X.shape()) +
                     " and labels " + shape_string(y.shape()) +
                     " do not describe the same rows");
  }
  std::size_t total = 0;
  for (auto s : sizes) total += s;
  if (total != X.shape(0)) {
    throw ValueError("split_rows: sizes sum to " + std::to_string(total) +
                     ", the data has " + std::to_string(X.shape(0)) + " rows");
  }
  // np.random.seed(seed) re-seeds the global RandomState: same stream.
  RandomState rng(seed);
  const auto order = rng.permutation(static_cast<std::int64_t>(total));
  const std::size_t d = X.shape(1);
  std::vector<Split> parts;
  std::size_t next = 0;
  for (auto size : sizes) {
    Split part{Tensor::from_shape({size, d}), Tensor::from_shape({size, 1})};
    for (std::size_t r = 0; r < size; ++r, ++next) {
      const auto row = static_cast<std::size_t>(order[next]);
      for (std::size_t j = 0; j < d; ++j) part.features(r, j) = X(row, j);
      part.labels(r, 0) = static_cast<double>(y(row));
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

NotebookData notebook_split(const Classification& data) {
  auto parts = split_rows(data.X, data.y, {90, 500, 500}, 123);
  return {std::move(parts[0]), std::move(parts[1]), std::move(parts[2])};
}

void save_split(const std::string& dir, const Split& split) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw IOError("cannot create folder " + dir + ": " + error.message());
  Labels labels = Labels::from_shape({split.labels.size(), std::size_t{1}});
  for (std::size_t i = 0; i < split.labels.size(); ++i) {
    const double v = split.labels.flat(i);
    if (v != std::floor(v) || !std::isfinite(v)) {
      throw ValueError("save_split " + dir + ": label " + full_precision(v) +
                       " at row " + std::to_string(i) + " is not an integer");
    }
    labels.flat(i) = static_cast<std::int64_t>(v);
  }
  save_npy(dir + "/features.npy", split.features);
  save_npy(dir + "/labels.npy", labels);
}

Split load_split(const std::string& dir) {
  Split split{load_features(dir + "/features.npy"),
              load_labels(dir + "/labels.npy")};
  if (split.features.shape(0) != split.labels.shape(0)) {
    throw DataError(
        dir + ": features.npy has " + std::to_string(split.features.shape(0)) +
        " rows but labels.npy has " + std::to_string(split.labels.shape(0)));
  }
  return split;
}

void save_notebook_folder(const std::string& dir, const NotebookData& data) {
  save_split(dir + "/train", data.train);
  save_split(dir + "/valid", data.valid);
  save_split(dir + "/test", data.test);
}

NotebookData load_notebook_folder(const std::string& dir) {
  NotebookData data{load_split(dir + "/train"), load_split(dir + "/valid"),
                    load_split(dir + "/test")};
  const std::size_t d = data.train.features.shape(1);
  for (const auto* part : {&data.valid, &data.test}) {
    if (part->features.shape(1) != d) {
      throw DataError(dir + ": train has " + std::to_string(d) +
                      " features but another split has " +
                      std::to_string(part->features.shape(1)));
    }
  }
  return data;
}

}  // namespace blocks::data
