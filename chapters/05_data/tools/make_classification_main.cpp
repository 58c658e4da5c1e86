// blocks-make-classification: scikit-learn's make_classification from the
// command line, writing .npy (or CSV) files a Python session can np.load.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/cli/memory.hpp"
#include "blocks/cli/options.hpp"
#include "blocks/cli/run_program.hpp"
#include "blocks/cli/stop_signal.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/data/csv_io.hpp"
#include "blocks/data/dataset_folder.hpp"
#include "blocks/data/make_classification.hpp"
#include "blocks/data/npy_io.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace {

namespace data = blocks::data;
namespace cli = blocks::cli;

// The items between commas. A trailing comma makes an empty last item,
// which the caller refuses as the grammar does ("0.5," is no list of
// numbers); getline alone would drop it.
std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  if (!text.empty() && text.back() == ',') out.emplace_back();
  return out;
}

// "none" (scikit-learn's None: drawn at random) or comma-separated numbers.
std::optional<std::vector<double>> parse_values(const std::string& text,
                                                const std::string& flag) {
  if (text == "none" || text == "None") return std::nullopt;
  std::vector<double> values;
  for (const auto& item : split_commas(text)) {
    values.push_back(cli::parse_number(item, flag));
  }
  return values;
}

// --split's sizes (empty: no split), checked before anything is generated
// or printed: whole, not negative, summing to n_samples.
std::vector<std::size_t> parse_split(const std::string& text,
                                     std::int64_t n_samples) {
  std::vector<std::size_t> sizes;
  if (text.empty()) return sizes;
  std::int64_t total = 0;
  bool over = false;  // past n_samples: the exact sum might overflow
  for (const auto& item : split_commas(text)) {
    const std::int64_t size = cli::parse_integer(item, "--split");
    if (size < 0) {
      throw CLI::ValidationError("--split", "'" + item + "' is negative");
    }
    over = over || size > n_samples - total;
    if (!over) total += size;
    sizes.push_back(static_cast<std::size_t>(size));
  }
  if (n_samples < 0) return sizes;  // make_classification says why
  if (over) {
    throw CLI::ValidationError("--split",
                               "the sizes sum to more than --n-samples, " +
                                   std::to_string(n_samples) + " rows");
  }
  if (total != n_samples) {
    throw CLI::ValidationError(
        "--split", "the sizes sum to " + std::to_string(total) +
                       ", --n-samples makes " + std::to_string(n_samples) +
                       " rows");
  }
  return sizes;
}

// The folders written: DIR, or with --split DIR/train, DIR/valid,
// DIR/test (and DIR/part3, ... for more parts).
std::vector<std::string> output_folders(const std::string& dir,
                                        std::size_t parts) {
  if (parts == 0) return {dir};
  const char* names[] = {"train", "valid", "test"};
  std::vector<std::string> out;
  for (std::size_t k = 0; k < parts; ++k) {
    out.push_back(dir + "/" + (k < 3 ? names[k] : "part" + std::to_string(k)));
  }
  return out;
}

// Stages DIR/features and DIR/labels; returns the line to print once the
// files are in place.
std::string stage_pair(blocks::StagedFiles& files, const std::string& dir,
                       const blocks::Tensor& X, const data::Labels& y,
                       bool csv) {
  const std::string ext = csv ? ".csv" : ".npy";
  const auto writer = [csv](const auto& array) {
    return [csv, &array](std::ostream& out) {
      if (csv) {
        data::write_csv(out, array);
      } else {
        data::write_npy(out, array);
      }
    };
  };
  files.stage(dir + "/features" + ext, writer(X));
  files.stage(dir + "/labels" + ext, writer(y));
  return "wrote " + dir + "/features" + ext + " " +
         blocks::shape_string(X.shape()) + " float64, " + dir + "/labels" +
         ext + " " + blocks::shape_string(y.shape()) + " int64\n";
}

std::string class_counts(const data::Labels& y) {
  std::map<std::int64_t, std::size_t> counts;
  for (auto label : y) ++counts[label];
  std::ostringstream out;
  for (const auto& [label, count] : counts) {
    out << (out.tellp() > 0 ? ", " : "") << label << ": " << count;
  }
  return out.str();
}

// Sizes whose arrays could never fit in memory are refused by name now,
// not as a bare std::bad_alloc (or the OOM killer) after a wait.
//
// One weight per class and one centroid per cluster: checked before
// data::check_options(), which already holds the weights.
void check_cluster_memory(const data::ClassificationOptions& o) {
  // Counts the checks refuse are named by them, not as a size.
  if (o.n_classes < 1 || o.n_clusters_per_class < 1 ||
      o.n_informative > o.n_features) {
    return;
  }
  const double informative = std::max<double>(1.0, double(o.n_informative));
  cli::require_memory(double(o.n_classes) * double(o.n_clusters_per_class) *
                          informative * sizeof(double),
                      "--n-classes " + std::to_string(o.n_classes) +
                          " x --n-clusters-per-class " +
                          std::to_string(o.n_clusters_per_class) +
                          " x --n-informative " +
                          std::to_string(o.n_informative),
                      "the clusters' centroids");
}

// After data::check_options() (the sizes are valid): the features and
// labels, held twice while shuffled or split, and the informative columns'
// covariance and the redundant mixing, square and n_informative x
// n_redundant matrices.
void check_memory(const data::ClassificationOptions& o) {
  const double word = sizeof(double);
  const double informative = double(o.n_informative);
  cli::require_memory(
      2 * double(o.n_samples) * (double(o.n_features) + 1) * word,
      "--n-samples " + std::to_string(o.n_samples) + " x --n-features " +
          std::to_string(o.n_features),
      "the features");
  cli::require_memory(
      informative * (informative + double(o.n_redundant)) * word,
      "--n-informative " + std::to_string(o.n_informative) +
          " (with --n-redundant " + std::to_string(o.n_redundant) + ")",
      "each cluster's covariance and the redundant mixing");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "make_classification (scikit-learn 1.2.1), bit for bit; "
      "writes features.npy and labels.npy"};
  data::ClassificationOptions o;
  std::string weights = "none", shift = "0.0", scale = "1.0";
  std::string random_state = "none";
  std::string output_dir = ".", format = "npy", split;
  std::int64_t split_seed = 123;
  cli::add_integer(app, "--n-samples", o.n_samples, "number of samples");
  cli::add_integer(app, "--n-features", o.n_features,
                   "total number of features");
  cli::add_integer(app, "--n-informative", o.n_informative);
  cli::add_integer(app, "--n-redundant", o.n_redundant);
  cli::add_integer(app, "--n-repeated", o.n_repeated);
  cli::add_integer(app, "--n-classes", o.n_classes);
  cli::add_integer(app, "--n-clusters-per-class", o.n_clusters_per_class);
  cli::add_text(app, "--weights", weights,
                "class weights such as 0.3,0.7, or none (balanced)");
  cli::add_number(app, "--flip-y", o.flip_y);
  cli::add_number(app, "--class-sep", o.class_sep);
  cli::add_bool(app, "--hypercube", o.hypercube);
  cli::add_text(app, "--shift", shift, "number, list or none");
  cli::add_text(app, "--scale", scale, "number, list or none");
  cli::add_bool(app, "--shuffle", o.shuffle);
  cli::add_text(app, "--random-state", random_state, "integer seed or none");
  cli::add_text(app, "--output-dir", output_dir, "where the files go");
  cli::add_choice(app, "--format", format, {"npy", "csv"});
  cli::add_text(app, "--split", split,
                "sizes such as 90,500,500: write DIR/{train,valid,test}/");
  cli::add_integer(app, "--split-seed", split_seed,
                   "np.random.seed before the permutation");

  std::vector<std::size_t> split_sizes;
  const auto checks = [&] {
    // scikit-learn (from 1.3) checks flip_y in [0, 1]; 1.2 let a negative
    // value flip nothing, which the library keeps, but on the command line
    // it is a mistake.
    if (!(o.flip_y >= 0.0 && o.flip_y <= 1.0)) {
      throw CLI::ValidationError(
          "--flip-y",
          "must be in [0, 1], got " + blocks::full_precision(o.flip_y));
    }
    split_sizes = parse_split(split, o.n_samples);
    // "none" is scikit-learn's weights=None: balanced classes.
    o.weights =
        parse_values(weights, "--weights").value_or(std::vector<double>{});
    o.shift = parse_values(shift, "--shift");
    o.scale = parse_values(scale, "--scale");
    if (random_state != "none") {
      o.random_state = cli::parse_integer(random_state, "--random-state");
      data::require_numpy_seed(*o.random_state, "--random-state");
    }
    // np.random.seed's range, also without --split: the value is wrong.
    data::require_numpy_seed(split_seed, "--split-seed");
    check_cluster_memory(o);
    data::check_options(o);
    check_memory(o);
  };
  if (auto stop = cli::parse_command_line(
          app, argc, argv, "blocks-make-classification", checks)) {
    return *stop;
  }

  return cli::run_program("blocks-make-classification", [&] {
    // The files of all folders are written together: every destination is
    // checked before the data is made, and no file replaces an old one
    // before all of them were written in full.
    const bool csv = format == "csv";
    const std::string ext = csv ? ".csv" : ".npy";
    const auto folders = output_folders(output_dir, split_sizes.size());
    for (const auto& dir : folders) {
      blocks::check_writable(dir + "/features" + ext);
      blocks::check_writable(dir + "/labels" + ext);
    }
    const auto result = data::make_classification(o);
    // From here on, Ctrl-C or SIGTERM lets the files being written be
    // removed (StagedFiles' destructor) instead of leaving temporary files
    // as large as the data; a second signal stops at once, as usual.
    cli::stop_on_signals();
    std::cout << "make_classification: " << o.n_samples << " samples, "
              << o.n_features << " features, classes {"
              << class_counts(result.y) << "}, random_state=" << random_state
              << std::endl;  // now, not after the long write
    blocks::StagedFiles files;
    std::string wrote;
    if (split_sizes.empty()) {
      wrote = stage_pair(files, folders[0], result.X, result.y, csv);
    } else {
      const auto parts =
          data::split_rows(result.X, result.y, split_sizes, split_seed);
      for (std::size_t k = 0; k < parts.size() && cli::stop_signal == 0; ++k) {
        const auto& part = parts[k];
        data::Labels labels = data::Labels::from_shape(part.labels.shape());
        std::copy(part.labels.begin(), part.labels.end(), labels.begin());
        wrote += stage_pair(files, folders[k], part.features, labels, csv);
      }
    }
    if (cli::stop_signal != 0) {
      std::cerr << "blocks-make-classification: interrupted by signal "
                << cli::stop_signal << "; no file was written\n";
      return 128 + static_cast<int>(cli::stop_signal);
    }
    files.commit();
    std::cout << wrote;
    return 0;
  });
}
