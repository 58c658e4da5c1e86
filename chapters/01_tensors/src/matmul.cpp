#include <xtensor-blas/xlinalg.hpp>

#include "blocks/detail/blas_work_space.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"

namespace blocks {

// [checked-matmul]
Tensor matmul(const Tensor& a, const Tensor& b) {
  require_rank(a, 2, "matmul: left operand");
  require_rank(b, 2, "matmul: right operand");
  if (a.shape(1) != b.shape(0)) {
    throw ShapeError("matmul: shapes " + shape_string(a.shape()) + " and " +
                     shape_string(b.shape()) + " do not fit (" +
                     std::to_string(a.shape(1)) + " columns vs " +
                     std::to_string(b.shape(0)) + " rows)");
  }
  // BLAS rejects zero leading dimensions; an empty product is all zeros.
  if (a.size() == 0 || b.size() == 0) {
    return Tensor(Shape{a.shape(0), b.shape(1)}, 0.0);
  }
  // Tiny products skip BLAS's set-up, and one column or row takes BLAS's
  // matrix-vector product: see "Making it fast".
  if (a.shape(0) * a.shape(1) * b.shape(1) <= kSmallProduct) {
    return small_matmul(a, b);
  }
  if (b.shape(1) == 1 || a.shape(0) == 1) return matrix_vector(a, b);
  detail::require_blas_work_space();
  return xt::linalg::dot(a, b);
}
// [checked-matmul]

}  // namespace blocks
