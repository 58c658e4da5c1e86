// --semantics ddp: each rank's batches come from DistributedSampler, and a
// step follows the mean over the ranks of their batch means. The trainer
// test runs under mpirun -np 1, 2 and 3 (ch08_mpi_np*); with one rank a
// mean of means cannot be told from a sum, so np 2 and 3 are the checks.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/data/sampler.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/dist/ddp_semantics.hpp"
#include "blocks/error.hpp"
#include "ch08_test_support.hpp"

namespace {

namespace data = blocks::data;
namespace device = blocks::device;
namespace dist = blocks::dist;

using Rows = std::vector<std::int64_t>;

TEST(DdpPlan, InterleavesPadsAndCutsBatchesAsPyTorch) {
  // DistributedSampler(range(10), 3): [0,3,6,9] [1,4,7,0] [2,5,8,1].
  const Rows expected[] = {{0, 3, 6, 9}, {1, 4, 7, 0}, {2, 5, 8, 1}};
  for (std::size_t r = 0; r < 3; ++r) {
    const dist::ShardPlan plan = dist::ddp_plan(10, 3, r, 3, {}, 0);
    EXPECT_EQ(plan.rows, expected[r]) << "rank " << r;
    EXPECT_EQ(plan.offsets, (std::vector<std::size_t>{0, 3, 4}));
  }
  // drop_last: [0,3,6] [1,4,7] [2,5,8], one batch of 3 each.
  const dist::ShardPlan dropped =
      dist::ddp_plan(10, 3, 1, 5, {false, 0, true}, 0);
  EXPECT_EQ(dropped.rows, (Rows{1, 4, 7}));
  EXPECT_EQ(dropped.offsets, (std::vector<std::size_t>{0, 3}));
}

TEST(DdpPlan, ShuffledEpochsAreTheSamplersAfterSetEpoch) {
  for (std::uint64_t epoch : {0, 1, 5}) {
    for (std::size_t r = 0; r < 4; ++r) {
      data::DistributedSampler sampler(23, 4, r, true, 9);
      sampler.set_epoch(epoch);
      EXPECT_EQ(dist::ddp_plan(23, 4, r, 4, {true, 9, false}, epoch).rows,
                sampler.epoch())
          << "epoch " << epoch << ", rank " << r;
    }
  }
  EXPECT_NE(dist::ddp_plan(23, 4, 0, 4, {true, 9, false}, 0).rows,
            dist::ddp_plan(23, 4, 0, 4, {true, 9, false}, 1).rows);
}

TEST(DdpPlan, RefusesWhatLeavesARankNothing) {
  EXPECT_THROW(dist::ddp_plan(2, 3, 0, 1, {false, 0, true}, 0),
               blocks::ValueError);
  EXPECT_THROW(dist::ddp_plan(10, 3, 3, 1, {}, 0), blocks::ValueError);
  EXPECT_THROW(
      dist::check_semantics(dist::Semantics::one_process, {false, 0, true}),
      blocks::ValueError);
  EXPECT_NO_THROW(
      dist::check_semantics(dist::Semantics::ddp, {false, 0, true}));
}

TEST(DdpSemantics, OneProcessStaysTheDefault) {
  const dist::DataParallelOptions o;
  EXPECT_EQ(o.semantics, dist::Semantics::one_process);
  EXPECT_FALSE(o.drop_last);
}

TEST(DdpSemantics, RankMeansDivideBySumsCountAndCountOne) {
  const device::SumLayout at{2};
  device::SumsView sums("sums", at.size());
  auto host = Kokkos::create_mirror_view(sums);
  const double values[] = {2, 4, 6, 8, 1, 2};  // w0 w1 b loss correct n
  for (std::size_t j = 0; j < at.size(); ++j) host(j) = values[j];
  Kokkos::deep_copy(sums, host);
  dist::to_rank_means(sums, at);
  Kokkos::deep_copy(host, sums);
  const double means[] = {1, 2, 3, 4, 0.5, 1};
  for (std::size_t j = 0; j < at.size(); ++j) EXPECT_EQ(host(j), means[j]);
}

// The DDP step written out on the host: every rank's batch mean gradient
// (its plan from ddp_plan), averaged over the ranks, plain SGD.
std::vector<double> ddp_reference(const data::Split& train, std::size_t ranks,
                                  std::size_t batch, std::vector<double> p,
                                  double lr, std::size_t epochs) {
  const std::size_t n = train.features.shape(0), d = p.size() - 1;
  for (std::size_t e = 0; e < epochs; ++e) {
    std::vector<dist::ShardPlan> plans;
    for (std::size_t r = 0; r < ranks; ++r) {
      plans.push_back(dist::ddp_plan(n, ranks, r, batch, {true, 5, false}, e));
    }
    for (std::size_t k = 0; k < plans[0].batches(); ++k) {
      std::vector<double> g(d + 1, 0.0);
      for (const dist::ShardPlan& plan : plans) {
        const std::size_t begin = plan.offsets[k], end = plan.offsets[k + 1];
        for (std::size_t i = begin; i < end; ++i) {
          const auto row = static_cast<std::size_t>(plan.rows[i]);
          double z = p[d];
          for (std::size_t j = 0; j < d; ++j)
            z += p[j] * train.features(row, j);
          const double residual =
              (1 / (1 + std::exp(-z)) - train.labels.flat(row)) /
              double(end - begin) / double(ranks);
          for (std::size_t j = 0; j < d; ++j)
            g[j] += residual * train.features(row, j);
          g[d] += residual;
        }
      }
      for (std::size_t j = 0; j <= d; ++j) p[j] -= lr * g[j];
    }
  }
  return p;
}

TEST(DdpSemantics, TrainerFollowsTheMeanOfTheRanksMeans) {
  // 31 rows: padding at 2 and 3 ranks; batch 4 leaves a short last batch.
  const auto problem = ch07_test::small_problem(52, 4, 3);
  const std::vector<double> init{0.1, -0.2, 0.05, 0.3, -0.1};
  dist::DataParallelOptions o;
  o.batch_size = 4;
  o.sgd = blocks::optim::SGDOptions{0.5};
  o.shuffle = true;
  o.seed = 5;
  o.semantics = dist::Semantics::ddp;
  dist::DataParallelTrainer<double> trainer(ch08_test::world(), problem.train,
                                            problem.valid, init, o);
  trainer.fit(3);
  const auto ranks = static_cast<std::size_t>(ch08_test::world().size());
  const auto expected = ddp_reference(problem.train, ranks, 4, init, 0.5, 3);
  const auto got = trainer.parameters();
  for (std::size_t j = 0; j < got.size(); ++j) {
    EXPECT_NEAR(got[j], expected[j], 1e-12) << "parameter " << j;
  }
}

}  // namespace
