// Exercise 2, solution: pack, broadcast, unpack.
#include <algorithm>
#include <vector>

#include "ch08_exercises.hpp"

namespace blocks::dist::exercises {

void broadcast_parameters(const Communicator& comm, Tensor& weight,
                          double& bias) {
  // One message, not two: w_0 .. w_{d-1}, then b.
  std::vector<double> buffer(weight.begin(), weight.end());
  buffer.push_back(bias);
  comm.broadcast(buffer, 0);
  std::copy(buffer.begin(), buffer.end() - 1, weight.begin());
  bias = buffer.back();
}

}  // namespace blocks::dist::exercises
