// Dataset, TensorDataset, Subset and random_split (torch/utils/data/
// dataset.py, PyTorch 1.13).
#include "blocks/data/dataset.hpp"

#include <cmath>
#include <string>

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::data {

namespace {

void check_index(std::size_t index, std::size_t size, const char* what) {
  if (index >= size) {
    throw ValueError(std::string(what) + ": index " + std::to_string(index) +
                     " is out of range for " + std::to_string(size) +
                     " samples");
  }
}

}  // namespace

Batch Dataset::get_batch(const std::vector<std::int64_t>& indices) const {
  Batch batch;
  for (std::size_t r = 0; r < indices.size(); ++r) {
    const Example ex = get(static_cast<std::size_t>(indices[r]));
    if (r == 0) {
      batch.features = Tensor::from_shape({indices.size(), ex.features.size()});
      batch.labels = Tensor::from_shape({indices.size(), ex.label.size()});
    }
    if (ex.features.size() != batch.features.shape(1) ||
        ex.label.size() != batch.labels.shape(1)) {
      throw ShapeError(
          "collate: stack expects each tensor to be equal size, "
          "but sample " +
          std::to_string(indices[r]) + " has features " +
          shape_string(ex.features.shape()) + " and the first has " +
          std::to_string(batch.features.shape(1)) + " values");
    }
    std::copy(ex.features.begin(), ex.features.end(),
              batch.features.begin() + r * batch.features.shape(1));
    std::copy(ex.label.begin(), ex.label.end(),
              batch.labels.begin() + r * batch.labels.shape(1));
  }
  return batch;
}

TensorDataset::TensorDataset(Tensor features, Tensor labels)
    : features_(std::move(features)), labels_(std::move(labels)) {
  if (features_.dimension() != 2) {
    throw ShapeError("TensorDataset: features must be (m, d), got " +
                     shape_string(features_.shape()));
  }
  if (labels_.dimension() == 1) labels_.reshape({labels_.size(), 1});
  if (labels_.dimension() != 2 || labels_.shape(1) != 1 ||
      labels_.shape(0) != features_.shape(0)) {
    throw ShapeError("TensorDataset: Size mismatch between tensors: features " +
                     shape_string(features_.shape()) + ", labels " +
                     shape_string(labels_.shape()));
  }
}

Example TensorDataset::get(std::size_t index) const {
  check_index(index, size(), "TensorDataset");
  const std::size_t d = features_.shape(1);
  Example ex{Tensor::from_shape({d}), Tensor::from_shape({1})};
  std::copy(features_.begin() + index * d, features_.begin() + (index + 1) * d,
            ex.features.begin());
  ex.label(0) = labels_(index, 0);
  return ex;
}

// [gather-rows]
Batch TensorDataset::get_batch(const std::vector<std::int64_t>& indices) const {
  const std::size_t d = features_.shape(1), b = indices.size();
  Batch batch{Tensor::from_shape({b, d}), Tensor::from_shape({b, 1})};
  const double* src = features_.data();
  double* dst = batch.features.data();
  for (std::size_t r = 0; r < b; ++r) {
    const auto i = static_cast<std::size_t>(indices[r]);
    check_index(i, size(), "TensorDataset");
    // One contiguous row copy per sample: the batch is row-major too.
    std::copy(src + i * d, src + (i + 1) * d, dst + r * d);
    batch.labels(r, 0) = labels_(i, 0);
  }
  return batch;
}
// [gather-rows]

namespace {
bool is_matrix(const Tensor& t, std::size_t rows, std::size_t columns) {
  return t.dimension() == 2 && t.shape(0) == rows && t.shape(1) == columns;
}
}  // namespace

// The DataLoader's path. A new tensor costs a malloc and some 300
// instructions of shape and strides before its first row is copied, about
// what gathering a notebook batch of five rows costs: a batch the size of
// the last one is gathered into the tensors it already has.
void TensorDataset::get_batch_into(const std::vector<std::int64_t>& indices,
                                   Batch& batch) const {
  const std::size_t d = features_.shape(1), b = indices.size();
  if (!is_matrix(batch.features, b, d) || !is_matrix(batch.labels, b, 1)) {
    batch = get_batch(indices);
    return;
  }
  // Every index checked before the first row is overwritten.
  for (const auto i : indices) {
    check_index(static_cast<std::size_t>(i), size(), "TensorDataset");
  }
  const double* src = features_.data();
  for (std::size_t r = 0; r < b; ++r) {
    const auto i = static_cast<std::size_t>(indices[r]);
    std::copy(src + i * d, src + (i + 1) * d, batch.features.data() + r * d);
    batch.labels(r, 0) = labels_(i, 0);
  }
}

Subset::Subset(const Dataset& dataset, std::vector<std::int64_t> indices)
    : dataset_(&dataset), indices_(std::move(indices)) {
  for (auto i : indices_) {
    if (i < 0 || static_cast<std::size_t>(i) >= dataset.size()) {
      throw ValueError("Subset: index " + std::to_string(i) +
                       " is out of range for " +
                       std::to_string(dataset.size()) + " samples");
    }
  }
}

Example Subset::get(std::size_t index) const {
  check_index(index, size(), "Subset");
  return dataset_->get(static_cast<std::size_t>(indices_[index]));
}

Batch Subset::get_batch(const std::vector<std::int64_t>& indices) const {
  std::vector<std::int64_t> mapped;
  mapped.reserve(indices.size());
  for (auto i : indices) {
    check_index(static_cast<std::size_t>(i), size(), "Subset");
    mapped.push_back(indices_[static_cast<std::size_t>(i)]);
  }
  return dataset_->get_batch(mapped);
}

std::vector<Subset> random_split(const Dataset& dataset,
                                 const std::vector<std::size_t>& lengths,
                                 TorchGenerator& generator) {
  std::size_t total = 0;
  for (auto n : lengths) total += n;
  if (total != dataset.size()) {
    throw ValueError("random_split: Sum of input lengths (" +
                     std::to_string(total) +
                     ") does not equal the length of the input dataset (" +
                     std::to_string(dataset.size()) + ")!");
  }
  const auto perm = generator.randperm(static_cast<std::int64_t>(total));
  std::vector<Subset> parts;
  auto next = perm.begin();
  for (auto n : lengths) {
    parts.emplace_back(dataset, std::vector<std::int64_t>(next, next + n));
    next += static_cast<std::ptrdiff_t>(n);
  }
  return parts;
}

std::vector<Subset> random_split_fractions(const Dataset& dataset,
                                           const std::vector<double>& fractions,
                                           TorchGenerator& generator) {
  double sum = 0.0;
  for (double f : fractions) {
    if (!(f >= 0.0 && f <= 1.0)) {
      throw ValueError("random_split: Fraction " + full_precision(f) +
                       " is not between 0 and 1");
    }
    sum += f;
  }
  if (std::abs(sum - 1.0) > 1e-9) {
    throw ValueError("random_split: fractions sum to " + full_precision(sum) +
                     ", not 1");
  }
  const std::size_t n = dataset.size();
  std::vector<std::size_t> lengths;
  std::size_t used = 0;
  for (double f : fractions) {
    lengths.push_back(static_cast<std::size_t>(std::floor(n * f)));
    used += lengths.back();
  }
  for (std::size_t i = 0; used < n; ++i, ++used) {
    ++lengths[i % lengths.size()];
  }
  return random_split(dataset, lengths, generator);
}

}  // namespace blocks::data
