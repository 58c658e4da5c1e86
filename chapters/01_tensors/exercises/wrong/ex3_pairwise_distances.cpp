// Exercise 3 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the new axes in the wrong places, x as (1, n, d) and y as
// (m, 1, d), so the result is (m, n), the transpose of the answer.
#include <string>

#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor pairwise_sq_distances(const Tensor& x, const Tensor& y) {
  require_rank(x, 2, "pairwise_sq_distances: x");
  require_rank(y, 2, "pairwise_sq_distances: y");
  const std::size_t n = x.shape(0), m = y.shape(0), d = x.shape(1);
  if (y.shape(1) != d) {
    throw ShapeError("pairwise_sq_distances: x " + shape_string(x.shape()) +
                     " and y " + shape_string(y.shape()) +
                     " have different numbers of columns");
  }
  const auto rows = xt::reshape_view(x, {std::size_t{1}, n, d});
  const auto cols = xt::reshape_view(y, {m, std::size_t{1}, d});
  const Tensor diff = rows - cols;
  return xt::sum(diff * diff, {2});
}

}  // namespace blocks::exercises
