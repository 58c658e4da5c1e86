// Exercise 3 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it computes the gradient of the mean over all ranks'
// rows (Exercise 1's weighting: sums and a count, all-reduced), which is
// one process's gradient on the whole batch. DDP averages the ranks' own
// mean gradients instead; the two differ when the ranks' batches differ
// in size, so only a run on several ranks of unequal batches tells.
#include <cmath>
#include <vector>

#include "ch08_exercises.hpp"

namespace blocks::dist::exercises {

void ddp_step(const Communicator& comm, Tensor& weight, double& bias,
              const Tensor& x, const Tensor& y, double lr) {
  const std::size_t rows = x.shape(0), d = x.shape(1);
  std::vector<double> sums(d + 2, 0.0);  // gradient sums, then the count
  for (std::size_t i = 0; i < rows; ++i) {
    double z = bias;
    for (std::size_t j = 0; j < d; ++j) z += weight(0, j) * x(i, j);
    const double r = 1.0 / (1.0 + std::exp(-z)) - y(i, 0);
    for (std::size_t j = 0; j < d; ++j) sums[j] += r * x(i, j);
    sums[d] += r;
  }
  sums[d + 1] = static_cast<double>(rows);
  comm.allreduce_sum(sums);
  for (std::size_t j = 0; j < d; ++j)
    weight(0, j) -= lr * sums[j] / sums[d + 1];
  bias -= lr * sums[d] / sums[d + 1];
}

}  // namespace blocks::dist::exercises
