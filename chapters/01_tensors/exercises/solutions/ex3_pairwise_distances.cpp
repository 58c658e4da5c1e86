// Exercise 3 — solution.
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
  // (n, 1, d) against (1, m, d) broadcasts to (n, m, d): one difference
  // per pair of rows; summing the squares over the last axis leaves (n, m).
  const auto rows = xt::reshape_view(x, {n, std::size_t{1}, d});
  const auto cols = xt::reshape_view(y, {std::size_t{1}, m, d});
  const Tensor diff = rows - cols;
  return xt::sum(diff * diff, {2});
}

}  // namespace blocks::exercises
