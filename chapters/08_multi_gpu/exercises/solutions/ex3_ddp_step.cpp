// Exercise 3, solution: local mean gradient, all-reduce, average, step.
#include <cmath>
#include <vector>

#include "ch08_exercises.hpp"

namespace blocks::dist::exercises {

void ddp_step(const Communicator& comm, Tensor& weight, double& bias,
              const Tensor& x, const Tensor& y, double lr) {
  const std::size_t rows = x.shape(0), d = x.shape(1);
  // The gradient of this batch's mean loss: w_0 .. w_{d-1}, then b.
  std::vector<double> grad(d + 1, 0.0);
  for (std::size_t i = 0; i < rows; ++i) {
    double z = bias;
    for (std::size_t j = 0; j < d; ++j) z += weight(0, j) * x(i, j);
    const double r =
        (1.0 / (1.0 + std::exp(-z)) - y(i, 0)) / static_cast<double>(rows);
    for (std::size_t j = 0; j < d; ++j) grad[j] += r * x(i, j);
    grad[d] += r;
  }
  // DDP: the sum of the ranks' mean gradients, divided by the number of
  // ranks; a rank with fewer rows weighs as much as the others.
  comm.allreduce_sum(grad);
  const double ranks = static_cast<double>(comm.size());
  for (std::size_t j = 0; j < d; ++j) weight(0, j) -= lr * grad[j] / ranks;
  bias -= lr * grad[d] / ranks;
}

}  // namespace blocks::dist::exercises
