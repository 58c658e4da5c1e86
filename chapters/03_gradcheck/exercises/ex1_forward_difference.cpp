// Exercise 1 — forward differences. See ch03_exercises.hpp.
#include <stdexcept>

#include "ch03_exercises.hpp"

namespace blocks::exercises {

Tensor forward_difference_jacobian(
    const autograd::MultiOutputFunction& function,
    const std::vector<autograd::Variable>& inputs, std::size_t argument,
    std::size_t output, double eps) {
  // TODO(exercise 1): evaluate f once at x, then once per element of
  // inputs[argument] moved by eps; leave every element as you found it.
  (void)function;
  (void)inputs;
  (void)argument;
  (void)output;
  (void)eps;
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
