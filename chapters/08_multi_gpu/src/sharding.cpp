// Global order, global batches, and each rank's part of them.
#include "blocks/dist/sharding.hpp"

#include <algorithm>
#include <string>

#include "blocks/data/sampler.hpp"
#include "blocks/error.hpp"

namespace blocks::dist {

std::vector<std::int64_t> epoch_order(std::size_t n, bool shuffle,
                                      std::uint64_t seed, std::uint64_t epoch) {
  // Chapter 5's sampler with one replica: its order, with nothing to pad.
  data::DistributedSampler sampler(n, 1, 0, shuffle, seed);
  sampler.set_epoch(epoch);
  return sampler.epoch();
}

ShardPlan plan_shard(const std::vector<std::int64_t>& order,
                     std::size_t batch_size, std::size_t ranks,
                     std::size_t rank) {
  data::check_batch_size(batch_size);
  if (ranks == 0 || rank >= ranks) {
    throw ValueError("plan_shard: rank " + std::to_string(rank) +
                     " is not in [0, " + std::to_string(ranks) + ")");
  }
  ShardPlan plan;
  plan.offsets.push_back(0);
  for (std::size_t start = 0; start < order.size(); start += batch_size) {
    const std::size_t stop = std::min(start + batch_size, order.size());
    for (std::size_t p = start + rank; p < stop; p += ranks) {
      plan.rows.push_back(order[p]);
    }
    plan.offsets.push_back(plan.rows.size());
  }
  return plan;
}

std::pair<std::size_t, std::size_t> contiguous_block(std::size_t n,
                                                     std::size_t ranks,
                                                     std::size_t rank) {
  if (ranks == 0 || rank >= ranks) {
    throw ValueError("contiguous_block: rank " + std::to_string(rank) +
                     " is not in [0, " + std::to_string(ranks) + ")");
  }
  const std::size_t base = n / ranks, extra = n % ranks;
  const std::size_t first = rank * base + std::min(rank, extra);
  return {first, base + (rank < extra ? 1 : 0)};
}

}  // namespace blocks::dist
