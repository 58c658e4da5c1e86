// The matrix-vector path of blocks::matmul ("Making it fast" on the
// chapter page): a matrix times one column, or one row times a matrix, is
// BLAS's GEMV, which reads the matrix once. GEMM would first copy the whole
// matrix into its blocked layout: at (256, 100) times (100, 1), a linear
// layer's step at batch 256, the copy cost more than the product.
#include <xtensor-blas/xlinalg.hpp>

#include "blocks/detail/blas_work_space.hpp"
#include "blocks/linalg.hpp"

namespace blocks {

// [matrix-vector]
Tensor matrix_vector(const Tensor& a, const Tensor& b) {
  detail::require_blas_work_space();
  if (b.shape(1) == 1) {  // (m, k) (k, 1): A x
    Tensor x = b;
    x.reshape({b.shape(0)});
    Tensor c = xt::linalg::dot(a, x);
    c.reshape({a.shape(0), 1});
    return c;
  }
  Tensor x = a;  // (1, k) (k, n): x^T B
  x.reshape({a.shape(1)});
  Tensor c = xt::linalg::dot(x, b);
  c.reshape({1, b.shape(1)});
  return c;
}
// [matrix-vector]

}  // namespace blocks
