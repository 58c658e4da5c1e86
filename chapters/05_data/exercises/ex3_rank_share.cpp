// Exercise 3 — one rank's share of an epoch. See ch05_exercises.hpp.
#include <stdexcept>

#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> rank_share(std::int64_t n, std::int64_t num_replicas,
                                     std::int64_t rank, bool shuffle,
                                     std::uint64_t seed, std::uint64_t epoch,
                                     bool drop_last) {
  // TODO(exercise 3): one order for all ranks, made the same length on
  // every rank, then this rank's part of it. Which part? Reread the page's
  // paragraph on DistributedSampler.
  (void)n;
  (void)num_replicas;
  (void)rank;
  (void)shuffle;
  (void)seed;
  (void)epoch;
  (void)drop_last;
  throw std::logic_error("exercise 3: not implemented");
}

}  // namespace blocks::exercises
