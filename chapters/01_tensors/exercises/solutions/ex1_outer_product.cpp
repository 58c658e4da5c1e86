// Exercise 1 — solution.
#include <xtensor/xmanipulation.hpp>

#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor outer_product(const Tensor& a, const Tensor& b) {
  require_rank(a, 1, "outer_product: a");
  require_rank(b, 1, "outer_product: b");
  // (n, 1) against (m,) broadcasts to (n, m).
  return xt::reshape_view(a, {a.size(), std::size_t{1}}) * b;
}

}  // namespace blocks::exercises
