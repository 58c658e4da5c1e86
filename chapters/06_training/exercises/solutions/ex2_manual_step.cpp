// Exercise 2, solved — one SGD step without autograd.
#include <cmath>

#include "ch06_exercises.hpp"

namespace blocks::exercises {

double manual_step(Tensor& weight, double& bias, const Tensor& x,
                   const Tensor& y, double lr) {
  const std::size_t n = x.shape(0), d = x.shape(1);
  const double m = static_cast<double>(n);
  Tensor grad_w = xt::zeros<double>({std::size_t{1}, d});
  double grad_b = 0.0, loss = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double z = bias;
    for (std::size_t j = 0; j < d; ++j) z += x(i, j) * weight(0, j);
    loss += std::max(z, 0.0) - z * y(i, 0) + std::log1p(std::exp(-std::abs(z)));
    // dL/dz of the mean loss; the chain rule does the rest by hand.
    const double g = (1.0 / (1.0 + std::exp(-z)) - y(i, 0)) / m;
    for (std::size_t j = 0; j < d; ++j) grad_w(0, j) += g * x(i, j);
    grad_b += g;
  }
  weight -= lr * grad_w;
  bias -= lr * grad_b;
  return loss / m;
}

}  // namespace blocks::exercises
