// Benchmark (not a test): make_classification in C++ (tuned and plain)
// against scikit-learn on this machine, side by side, and what NumPy on
// OpenBLAS changes.
// Needs /usr/bin/python3 with scikit-learn at run time:
//   ./build/bin/blocks-bench-make-classification
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "blocks/data.hpp"

namespace data = blocks::data;
using Clock = std::chrono::steady_clock;

namespace {

// Seconds of the best of `repeats` runs of `f`.
template <class F>
double best_of(int repeats, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    f();
    best = std::min(
        best, std::chrono::duration<double>(Clock::now() - start).count());
  }
  return best;
}

// Runs a Python snippet with Debian's interpreter; returns its stdout.
std::string python(const std::string& code) {
  const std::string command = "/usr/bin/python3 -c '" + code + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe)) out += buffer;
  pclose(pipe);
  return out;
}

}  // namespace

int main() {
  data::ClassificationOptions o;
  o.n_samples = 1000000;
  o.n_features = 20;
  o.random_state = 0;
  std::cout << "make_classification(n_samples=1000000, n_features=20, "
               "random_state=0), best of 3\n";
  const double cpp = best_of(3, [&] { data::make_classification(o); });
  std::printf("  C++ (blocks::data)    %8.3f s\n", cpp);
  // The plain version, one function per scikit-learn step: the same bits.
  const double plain = best_of(3, [&] {
    data::RandomState rng(0);
    data::make_classification_plain(o, rng);
  });
  std::printf("  C++, plain version    %8.3f s\n", plain);
  const std::string sk = python(
      "import time\n"
      "from sklearn.datasets import make_classification as mc\n"
      "best = 1e300\n"
      "for _ in range(3):\n"
      "    t = time.perf_counter()\n"
      "    mc(n_samples=1000000, n_features=20, random_state=0)\n"
      "    best = min(best, time.perf_counter() - t)\n"
      "print(best)\n");
  if (sk.empty()) {
    std::cout << "  scikit-learn: /usr/bin/python3 with sklearn not found\n";
  } else {
    const double py = std::stod(sk);
    std::printf("  scikit-learn 1.2.1    %8.3f s\n", py);
    std::printf("  C++ is %.1fx faster\n", py / cpp);
  }

  // NumPy's default BLAS here is OpenBLAS: its dgemm kernels use FMA and
  // another summation order, so the last bits of X differ; y does not.
  const auto dir = std::filesystem::temp_directory_path() / "blocks_bench_ch05";
  std::filesystem::create_directories(dir);
  python(
      "import numpy as np\n"
      "from sklearn.datasets import make_classification as mc\n"
      "X, y = mc(n_samples=1090, n_features=10, n_informative=10, "
      "n_redundant=0, n_clusters_per_class=4, flip_y=0.01, "
      "random_state=123)\n"
      "np.save(\"" +
      (dir / "X.npy").string() +
      "\", X)\n"
      "np.save(\"" +
      (dir / "y.npy").string() + "\", y)\n");
  if (std::filesystem::exists(dir / "X.npy")) {
    const auto ours = data::make_classification(data::notebook_options());
    const auto X = data::load_npy((dir / "X.npy").string());
    const auto y = data::load_npy((dir / "y.npy").string());
    double worst = 0.0;
    std::size_t differ = 0;
    for (std::size_t i = 0; i < X.size(); ++i) {
      const double a = ours.X.flat(i), b = X.flat(i);
      differ += a != b;
      worst = std::max(worst, std::abs(a - b) / std::abs(b));
    }
    std::size_t labels = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      labels += static_cast<double>(ours.y(i)) != y(i);
    }
    std::cout << "\nthe notebook's data vs NumPy on its default BLAS:\n";
    std::printf(
        "  features differing: %zu of %zu, max relative "
        "difference %.3g\n  labels differing: %zu\n",
        differ, X.size(), worst, labels);
    std::filesystem::remove_all(dir);
  }

  // One epoch of batches of 64 over the million samples.
  const auto big = data::make_classification(o);
  data::TensorDataset dataset(big.X, blocks::Tensor(xt::cast<double>(big.y)));
  data::DataLoaderOptions lo;
  lo.batch_size = 64;
  lo.shuffle = true;
  lo.seed = 0;
  data::DataLoader loader(dataset, lo);
  const double epoch = best_of(1, [&] {
    double sink = 0.0;
    for (const auto& batch : loader) sink += batch.features(0, 0);
    if (sink == 42.0) std::cout << "";
  });
  std::printf(
      "\nDataLoader, one shuffled epoch (1e6 x 20, batch 64): "
      "%.3f s (%zu batches)\n",
      epoch, loader.size());
  return 0;
}
