// Exercise 2 — a wrong answer, kept to prove the tests catch it.
// What is wrong: g = sigmoid(z) - y is not divided by the batch size. That
// is the gradient of the loss's sum, not of its mean (what the loss
// returns), so the step is `batch` times too long.
#include <cmath>

#include "ch06_exercises.hpp"

namespace blocks::exercises {

double manual_step(Tensor& weight, double& bias, const Tensor& x,
                   const Tensor& y, double lr) {
  const std::size_t n = x.shape(0), d = x.shape(1);
  Tensor grad_w = xt::zeros<double>({std::size_t{1}, d});
  double grad_b = 0.0, loss = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double z = bias;
    for (std::size_t j = 0; j < d; ++j) z += x(i, j) * weight(0, j);
    loss += std::max(z, 0.0) - z * y(i, 0) + std::log1p(std::exp(-std::abs(z)));
    const double g = 1.0 / (1.0 + std::exp(-z)) - y(i, 0);
    for (std::size_t j = 0; j < d; ++j) grad_w(0, j) += g * x(i, j);
    grad_b += g;
  }
  weight -= lr * grad_w;
  bias -= lr * grad_b;
  return loss / static_cast<double>(n);
}

}  // namespace blocks::exercises
