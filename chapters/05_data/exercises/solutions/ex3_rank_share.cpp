// Exercise 3 — solution.
#include "blocks/data/torch_generator.hpp"
#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> rank_share(std::int64_t n, std::int64_t num_replicas,
                                     std::int64_t rank, bool shuffle,
                                     std::uint64_t seed, std::uint64_t epoch,
                                     bool drop_last) {
  // The same order on every rank: a generator seeded by seed + epoch.
  std::vector<std::int64_t> order;
  if (shuffle) {
    data::TorchGenerator g(seed + epoch);
    order = g.randperm(n);
  } else {
    for (std::int64_t i = 0; i < n; ++i) order.push_back(i);
  }
  // Each rank's length: drop the tail, or round up and pad.
  const std::int64_t per_rank =
      drop_last ? n / num_replicas : (n + num_replicas - 1) / num_replicas;
  const std::size_t total = static_cast<std::size_t>(per_rank * num_replicas);
  // Pad by repeating from the start: more than once when n < R.
  for (std::size_t i = 0; order.size() < total; ++i) order.push_back(order[i]);
  order.resize(total);
  // Rank r takes positions r, r + R, r + 2R, ...
  std::vector<std::int64_t> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < total;
       i += static_cast<std::size_t>(num_replicas)) {
    mine.push_back(order[i]);
  }
  return mine;
}

}  // namespace blocks::exercises
