// Exercise 3 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it gives each rank one contiguous block of the padded
// order (rank r takes positions r * m to (r + 1) * m), the way one splits
// an array into chunks. DistributedSampler deals the order out like cards:
// rank r takes positions r, r + R, r + 2R, ...
#include "blocks/data/torch_generator.hpp"
#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> rank_share(std::int64_t n, std::int64_t num_replicas,
                                     std::int64_t rank, bool shuffle,
                                     std::uint64_t seed, std::uint64_t epoch,
                                     bool drop_last) {
  std::vector<std::int64_t> order;
  if (shuffle) {
    data::TorchGenerator g(seed + epoch);
    order = g.randperm(n);
  } else {
    for (std::int64_t i = 0; i < n; ++i) order.push_back(i);
  }
  const std::int64_t per_rank =
      drop_last ? n / num_replicas : (n + num_replicas - 1) / num_replicas;
  const std::size_t total = static_cast<std::size_t>(per_rank * num_replicas);
  for (std::size_t i = 0; order.size() < total; ++i) order.push_back(order[i]);
  order.resize(total);
  const auto first = order.begin() + rank * per_rank;
  return std::vector<std::int64_t>(first, first + per_rank);
}

}  // namespace blocks::exercises
