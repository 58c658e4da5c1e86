// Exercise 2 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it broadcasts the weight and forgets the bias, so every
// rank keeps its own b and the ranks' models differ from the first step.
// On one rank there is nothing to tell apart: run it on three.
#include <algorithm>
#include <vector>

#include "ch08_exercises.hpp"

namespace blocks::dist::exercises {

void broadcast_parameters(const Communicator& comm, Tensor& weight,
                          double& bias) {
  static_cast<void>(bias);
  std::vector<double> buffer(weight.begin(), weight.end());
  comm.broadcast(buffer, 0);
  std::copy(buffer.begin(), buffer.end(), weight.begin());
}

}  // namespace blocks::dist::exercises
