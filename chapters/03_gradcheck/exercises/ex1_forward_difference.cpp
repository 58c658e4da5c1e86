// Exercise 1 — forward differences. See ch03_exercises.hpp.
#include <stdexcept>

#include "ch03_exercises.hpp"

namespace blocks::exercises {

Tensor forward_difference_jacobian(
    const autograd::MultiOutputFunction& function,
    const std::vector<autograd::Variable>& inputs, std::size_t argument,
    std::size_t output, double eps) {
  // TODO(exercise 1): evaluate f once at x (under a NoGradGuard), then for
  // each element k of inputs[argument] add eps, evaluate, put the value
  // back, and fill row k of the Jacobian with (f(x + eps e_k) - f(x)) / eps.
  (void)function;
  (void)inputs;
  (void)argument;
  (void)output;
  (void)eps;
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
