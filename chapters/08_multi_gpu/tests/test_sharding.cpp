// Which rows each rank visits, and the collectives' basic promises.
#include <algorithm>

#include <gtest/gtest.h>

#include "blocks/data/sampler.hpp"
#include "blocks/dist/sharding.hpp"
#include "blocks/error.hpp"
#include "ch08_test_support.hpp"

namespace {

namespace dist = blocks::dist;

TEST(PlanShard, RanksTogetherVisitEachBatchOnce) {
  const auto order = dist::epoch_order(23, true, 4, 1);
  for (std::size_t ranks : {1, 2, 3, 5}) {
    std::vector<dist::ShardPlan> plans;
    for (std::size_t r = 0; r < ranks; ++r) {
      plans.push_back(dist::plan_shard(order, 7, ranks, r));
    }
    ASSERT_EQ(plans[0].batches(), 4u);  // 7 + 7 + 7 + 2
    for (std::size_t k = 0; k < 4; ++k) {
      std::vector<std::int64_t> seen;
      for (const auto& p : plans) {
        ASSERT_EQ(p.batches(), 4u);
        seen.insert(seen.end(), p.rows.begin() + p.offsets[k],
                    p.rows.begin() + p.offsets[k + 1]);
      }
      std::vector<std::int64_t> batch(
          order.begin() + 7 * k,
          order.begin() + std::min<std::size_t>(7 * (k + 1), 23));
      std::sort(seen.begin(), seen.end());
      std::sort(batch.begin(), batch.end());
      EXPECT_EQ(seen, batch) << ranks << " ranks, batch " << k;
    }
  }
}

// [test-sampler-parity]
TEST(PlanShard, EqualsDistributedSamplerWhenRanksDivideTheBatch) {
  const std::size_t n = 24, ranks = 3, batch = 6;
  for (std::uint64_t epoch : {0, 1, 2}) {
    const auto order = dist::epoch_order(n, true, 11, epoch);
    for (std::size_t r = 0; r < ranks; ++r) {
      blocks::data::DistributedSampler sampler(n, ranks, r, true, 11);
      sampler.set_epoch(epoch);
      EXPECT_EQ(dist::plan_shard(order, batch, ranks, r).rows, sampler.epoch())
          << "epoch " << epoch << ", rank " << r;
    }
  }
}
// [test-sampler-parity]

TEST(PlanShard, UnshuffledOrderAndBadArguments) {
  const auto order = dist::epoch_order(5, false, 0, 9);
  EXPECT_EQ(order, (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(dist::plan_shard(order, 2, 2, 1).rows,
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(dist::plan_shard(order, 2, 2, 1).offsets,
            (std::vector<std::size_t>{0, 1, 2, 2}));
  EXPECT_THROW(dist::plan_shard(order, 0, 2, 0), blocks::ValueError);
  EXPECT_THROW(dist::plan_shard(order, 2, 2, 2), blocks::ValueError);
}

TEST(ContiguousBlock, CoversAllRowsOnce) {
  std::size_t next = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    const auto [first, count] = dist::contiguous_block(10, 4, r);
    EXPECT_EQ(first, next);
    EXPECT_EQ(count, r < 2 ? 3u : 2u);
    next += count;
  }
  EXPECT_EQ(next, 10u);
}

TEST(Communicator, BroadcastAllreduceAndChecksums) {
  const auto& world = ch08_test::world();
  std::vector<double> v{double(world.rank()), 1.0};
  world.broadcast(v, 0);
  EXPECT_EQ(v, (std::vector<double>{0.0, 1.0}));
  world.allreduce_sum(v);
  EXPECT_EQ(v[1], double(world.size()));
  EXPECT_NO_THROW(world.require_same(42, "the answer"));
  if (world.size() > 1) {
    EXPECT_THROW(world.require_same(world.rank() == 1 ? 7 : 42, "x"),
                 blocks::DataError);
  }
  EXPECT_GE(world.local_rank(), 0);
  EXPECT_LT(world.local_rank(), world.local_size());
}

}  // namespace
