// Exercise 1 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it averages the ranks' means, so a rank with 1 row weighs
// as much as a rank with 1000. Right only when every shard has the same
// size (and on one rank): run the test on three ranks of unequal shards.
#include <vector>

#include "ch08_exercises.hpp"

namespace blocks::dist::exercises {

double global_mean(const Communicator& comm, double local_sum,
                   double local_count) {
  std::vector<double> mean{local_sum / local_count};
  comm.allreduce_sum(mean);
  return mean[0] / comm.size();
}

}  // namespace blocks::dist::exercises
