// DDP's batches (Chapter 5's DistributedSampler and BatchSampler) and its
// mean of the ranks' means.
#include "blocks/dist/ddp_semantics.hpp"

#include <string>

#include "blocks/data/sampler.hpp"
#include "blocks/error.hpp"

namespace blocks::dist {

void check_semantics(Semantics semantics, const DdpSampling& sampling) {
  if (sampling.drop_last && semantics != Semantics::ddp) {
    throw ValueError(
        "drop_last goes with the ddp semantics: one-process batches are "
        "not padded, so there is no tail to drop");
  }
}

ShardPlan ddp_plan(std::size_t n, std::size_t ranks, std::size_t rank,
                   std::size_t batch_size, const DdpSampling& sampling,
                   std::uint64_t epoch) {
  data::DistributedSampler sampler(n, ranks, rank, sampling.shuffle,
                                   sampling.seed, sampling.drop_last);
  if (sampler.size() == 0) {
    throw ValueError("ddp_plan: " + std::to_string(n) + " samples over " +
                     std::to_string(ranks) +
                     " ranks with drop_last leave each rank none");
  }
  sampler.set_epoch(epoch);
  // The DataLoader keeps a short last batch (its own drop_last is false).
  data::BatchSampler batches(sampler, batch_size, /*drop_last=*/false);
  ShardPlan plan;
  plan.offsets.push_back(0);
  for (const std::vector<std::int64_t>& batch : batches.epoch()) {
    plan.rows.insert(plan.rows.end(), batch.begin(), batch.end());
    plan.offsets.push_back(plan.rows.size());
  }
  return plan;
}

namespace {

// A functor, as device::SgdUpdate (nvcc's lambda wrapper crashed in this spot).
// One thread: the count must be read before it is overwritten.
struct ToRankMeans {
  device::SumsView sums;
  std::size_t count;
  KOKKOS_INLINE_FUNCTION void operator()(const std::size_t) const {
    const double rows = sums(count);
    for (std::size_t j = 0; j < count; ++j) sums(j) /= rows;
    sums(count) = 1.0;
  }
};

}  // namespace

void to_rank_means(const device::SumsView& sums, const device::SumLayout& at) {
  Kokkos::parallel_for("blocks::to_rank_means",
                       Kokkos::RangePolicy<device::ExecSpace>(0, 1),
                       ToRankMeans{sums, at.count()});
}

}  // namespace blocks::dist
