// The small-product path of blocks::matmul ("Making it fast" on the
// chapter page): below kSmallProduct multiply-adds, BLAS's own set-up
// (argument checks, choosing a kernel, packing) costs more than the
// arithmetic. The notebook's batch, (5, 10) times (10, 1), is 50 of them.
#include "blocks/linalg.hpp"

namespace blocks {

// [small-matmul]
Tensor small_matmul(const Tensor& a, const Tensor& b) {
  const std::size_t m = a.shape(0), k = a.shape(1), n = b.shape(1);
  Tensor c = Tensor::from_shape({m, n});
  const double* x = a.data();
  const double* y = b.data();
  double* out = c.data();  // c(i, j) would redo xtensor's index arithmetic
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t p = 0; p < k; ++p) sum += x[i * k + p] * y[p * n + j];
      out[i * n + j] = sum;
    }
  }
  return c;
}
// [small-matmul]

}  // namespace blocks
