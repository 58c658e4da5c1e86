// The paths of blocks::matmul, measured: the textbook loop
// (blocks::small_matmul), BLAS's dgemm (xt::linalg::dot) and, for one
// column or row, BLAS's dgemv (blocks::matrix_vector) side by side, on the
// shapes the course multiplies, at sizes around kSmallProduct.
//
//   taskset -c 1 ./build/bin/ch01_bench_matmul
//
// Each figure is the fastest of 7 rounds of the time per product; the two
// paths alternate within every round, so a busy neighbour slows both. The
// first line prints the load average: above the number of cores, rerun.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <xtensor-blas/xlinalg.hpp>

#include "blocks/format.hpp"
#include "blocks/linalg.hpp"

using blocks::Shape;
using blocks::Tensor;

namespace {

using Clock = std::chrono::steady_clock;

volatile double sink = 0.0;  // keeps the products from being optimised away

// Nanoseconds per call of `product`, over `calls` calls.
template <class Product>
double time_per_call(Product product, std::size_t calls) {
  const auto start = Clock::now();
  for (std::size_t c = 0; c < calls; ++c) {
    const Tensor result = product();
    sink = sink + result.flat(0);
  }
  const std::chrono::duration<double, std::nano> spent = Clock::now() - start;
  return spent.count() / static_cast<double>(calls);
}

Tensor random_tensor(const Shape& shape, std::mt19937_64& engine) {
  std::normal_distribution<double> normal;
  Tensor t = Tensor::from_shape(shape);
  for (double& v : t) v = normal(engine);
  return t;
}

void measure(std::size_t m, std::size_t k, std::size_t n) {
  std::mt19937_64 engine(123);
  const Tensor a = random_tensor({m, k}, engine);
  const Tensor b = random_tensor({k, n}, engine);
  const std::size_t work = m * k * n;
  // About 2 ms of work per round for either path.
  const std::size_t calls = std::max<std::size_t>(200, 4000000 / (work + 200));
  // One column or one row: BLAS's matrix-vector product as well.
  const bool vector = n == 1 || m == 1;
  double small = 1e300, blas = 1e300, gemv = 1e300;
  for (int round = 0; round < 7; ++round) {
    small = std::min(
        small,
        time_per_call([&] { return blocks::small_matmul(a, b); }, calls));
    blas = std::min(
        blas,
        time_per_call([&] { return Tensor(xt::linalg::dot(a, b)); }, calls));
    if (vector) {
      gemv = std::min(
          gemv,
          time_per_call([&] { return blocks::matrix_vector(a, b); }, calls));
    }
  }
  const std::string shapes =
      blocks::shape_string(a.shape()) + " x " + blocks::shape_string(b.shape());
  const std::string gemv_ns =
      vector ? std::to_string(static_cast<long>(gemv)) : "-";
  std::printf("%-22s %6zu %10.0f %10.0f %8.2f %10s%s\n", shapes.c_str(), work,
              small, blas, blas / small, gemv_ns.c_str(),
              work <= blocks::kSmallProduct ? "  (small path)"
              : vector                      ? "  (GEMV path)"
                                            : "");
}

}  // namespace

int main() {
  std::ifstream loadavg("/proc/loadavg");
  std::string load;
  std::getline(loadavg, load);
  std::printf("load average (1, 5, 15 min): %s\n", load.c_str());
  std::printf("threshold kSmallProduct = %zu multiply-adds\n\n",
              blocks::kSmallProduct);
  std::printf("%-22s %6s %10s %10s %8s %10s\n", "product", "work", "loop ns",
              "BLAS ns", "BLAS/loop", "GEMV ns");
  // A batch through the notebook's layer, (m, 10) x (10, 1), as in forward.
  for (std::size_t m : {5, 25, 50, 100, 200, 400, 800}) measure(m, 10, 1);
  // The weight gradient, (1, m) x (m, 10), as in backward.
  for (std::size_t m : {5, 50, 100, 200, 400}) measure(1, m, 10);
  // The input gradient, (m, 1) x (1, 10), as in backward.
  for (std::size_t m : {5, 50, 100, 200}) measure(m, 1, 10);
  // A step at batch 256 with 100 features: forward, weight gradient.
  measure(256, 100, 1);
  measure(1, 256, 100);
  // Square products (the course multiplies none; for comparison).
  for (std::size_t n : {4, 8, 10, 12, 16, 24}) measure(n, n, n);
  return 0;
}
