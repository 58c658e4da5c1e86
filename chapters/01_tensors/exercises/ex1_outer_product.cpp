// Exercise 1 — the outer product by broadcasting. See ch01_exercises.hpp.
#include <stdexcept>

#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor outer_product(const Tensor& a, const Tensor& b) {
  // TODO(exercise 1): no loops and no matmul: let broadcasting pair every
  // a[i] with every b[j]. Check both ranks first (blocks::require_rank).
  (void)a;
  (void)b;
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
