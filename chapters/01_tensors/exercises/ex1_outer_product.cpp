// Exercise 1 — the outer product by broadcasting. See ch01_exercises.hpp.
#include <stdexcept>

#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor outer_product(const Tensor& a, const Tensor& b) {
  // TODO(exercise 1): reshape a into a column and let broadcasting do the
  // rest; check both ranks first with blocks::require_rank.
  (void)a;
  (void)b;
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
