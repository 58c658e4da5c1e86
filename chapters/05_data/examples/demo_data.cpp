// Chapter 5's tour: NumPy's generator, the notebook's data set, its split
// and files, and a DataLoader that batches it as PyTorch does.
// `05_data --scatter FILE` also writes two features and the class of every
// sample, for the chapter's figure.
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>

#include "blocks/atomic_file.hpp"
#include "blocks/data.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace data = blocks::data;

static void section(const char* title) {
  std::cout << "\n== " << title << " ==\n";
}

static void numpy_generator() {
  section("1. NumPy's legacy RandomState, in C++");
  data::RandomState rng(123);  // np.random.RandomState(123)
  std::cout << "random_sample(): " << rng.random_sample() << "\n";
  std::cout << "standard_normal(): " << rng.standard_normal() << "\n";
  std::cout << "permutation(8):";
  for (auto i : rng.permutation(8)) std::cout << " " << i;
  std::cout << "\n";
}

static data::Classification notebook_data() {
  section("2. the notebook's make_classification");
  // [demo-make-classification]
  const auto data = data::make_classification(data::notebook_options());
  // [demo-make-classification]
  std::size_t ones = 0;
  for (auto label : data.y) ones += label == 1;
  std::cout << "X " << blocks::shape_string(data.X.shape()) << ", y "
            << blocks::shape_string(data.y.shape()) << ", " << ones
            << " of class 1\n";
  std::cout << "X[0, :3] = " << data.X(0, 0) << " " << data.X(0, 1) << " "
            << data.X(0, 2) << "   y[0] = " << data.y(0) << "\n";
  return data;
}

static data::NotebookData split_and_save(const data::Classification& all) {
  section("3. the 90/500/500 split and its files");
  // [demo-split]
  const auto parts = data::notebook_split(all);  // seed 123, permutation
  data::save_notebook_folder("ch05_data", parts);
  const auto back = data::load_notebook_folder("ch05_data");
  // [demo-split]
  std::cout << "train " << blocks::shape_string(back.train.features.shape())
            << ", valid " << blocks::shape_string(back.valid.features.shape())
            << ", test " << blocks::shape_string(back.test.features.shape())
            << "\n";
  std::cout << "read back equal: "
            << (back.train.features == parts.train.features ? "yes" : "no")
            << "\n";
  try {
    data::load_split("ch05_data/missing");
  } catch (const blocks::Error& e) {
    std::cout << "IOError: " << e.what() << "\n";
  }
  return back;
}

static void loader(const data::NotebookData& parts) {
  section("4. Dataset and DataLoader");
  // [demo-loader]
  data::TensorDataset train(parts.train.features, parts.train.labels);
  data::DataLoaderOptions options;
  options.batch_size = 32;
  options.shuffle = true;
  options.seed = 123;  // generator=torch.Generator().manual_seed(123)
  data::DataLoader loader(train, options);
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::cout << "epoch " << epoch << ":";
    double first = 0.0;
    for (const auto& batch : loader) {
      if (first == 0.0) first = batch.features(0, 0);
      std::cout << " " << blocks::shape_string(batch.features.shape()) << "+"
                << blocks::shape_string(batch.labels.shape());
    }
    // A new order every epoch: the epoch's first sample changes.
    std::cout << "  (x[0] of the first sample: " << first << ")\n";
  }
  // [demo-loader]
  std::cout << "len(loader) = " << loader.size() << "\n";
}

static void distributed() {
  section("5. DistributedSampler: 10 samples over 3 ranks");
  for (std::size_t rank = 0; rank < 3; ++rank) {
    data::DistributedSampler sampler(10, 3, rank, /*shuffle=*/false);
    std::cout << "rank " << rank << ":";
    for (auto i : sampler.epoch()) std::cout << " " << i;
    std::cout << "\n";
  }
}

static void write_scatter(const data::Classification& all,
                          const std::string& path) {
  // Atomically, and an IOError naming the file when it cannot be written.
  blocks::write_file_atomically(path, [&](std::ostream& out) {
    out << std::setprecision(17);
    for (std::size_t i = 0; i < all.X.shape(0); ++i) {
      out << all.X(i, 0) << " " << all.X(i, 1) << " " << all.y(i) << "\n";
    }
  });
}

int main(int argc, char** argv) {
  if (!(argc == 1 || (argc == 3 && std::strcmp(argv[1], "--scatter") == 0))) {
    std::cerr << "usage: 05_data [--scatter FILE]\n";
    return 2;
  }
  std::cout << std::setprecision(6);
  try {
    numpy_generator();
    const auto all = notebook_data();
    const auto parts = split_and_save(all);
    loader(parts);
    distributed();
    if (argc == 3 && std::strcmp(argv[1], "--scatter") == 0) {
      write_scatter(all, argv[2]);
    }
  } catch (const blocks::Error& e) {
    std::cerr << "05_data: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
