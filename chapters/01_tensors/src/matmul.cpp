#include <xtensor-blas/xlinalg.hpp>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"

namespace blocks {

namespace {

// Below this many multiply-adds, BLAS's own set-up (argument checks,
// choosing a kernel, packing) costs more than the arithmetic: the
// notebook's batch, (5, 10) times (10, 1), is 50 of them.
constexpr std::size_t kSmallProduct = 1024;

// The textbook loop over row-major storage: each c(i, j) adds its k
// terms in order, p = 0, 1, ..., k - 1.
Tensor small_matmul(const Tensor& a, const Tensor& b) {
  const std::size_t m = a.shape(0), k = a.shape(1), n = b.shape(1);
  Tensor c = Tensor::from_shape({m, n});
  const double* x = a.data();
  const double* y = b.data();
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t p = 0; p < k; ++p) sum += x[i * k + p] * y[p * n + j];
      c(i, j) = sum;
    }
  }
  return c;
}

}  // namespace

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
  if (a.shape(0) * a.shape(1) * b.shape(1) <= kSmallProduct) {
    return small_matmul(a, b);
  }
  return xt::linalg::dot(a, b);
}
// [checked-matmul]

}  // namespace blocks
