// Exercise 2 — one SGD step without autograd. See ch06_exercises.hpp.
#include <stdexcept>

#include "ch06_exercises.hpp"

namespace blocks::exercises {

double manual_step(Tensor& weight, double& bias, const Tensor& x,
                   const Tensor& y, double lr) {
  // TODO(exercise 2): compute z and the mean loss, then the gradients
  // g^T x and sum(g) with g = (sigmoid(z) - y) / batch, then update weight
  // and bias in place. Return the loss from before the update.
  (void)weight;
  (void)bias;
  (void)x;
  (void)y;
  (void)lr;
  throw std::logic_error("exercise 2: not implemented");
}

}  // namespace blocks::exercises
