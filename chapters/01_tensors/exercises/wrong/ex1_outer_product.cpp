// Exercise 1 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: b, not a, becomes the column, so the result is (m, n), the
// transpose of the outer product (entry (j, i) = a[i] * b[j]).
#include <xtensor/xmanipulation.hpp>

#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor outer_product(const Tensor& a, const Tensor& b) {
  require_rank(a, 1, "outer_product: a");
  require_rank(b, 1, "outer_product: b");
  return xt::reshape_view(b, {b.size(), std::size_t{1}}) * a;
}

}  // namespace blocks::exercises
