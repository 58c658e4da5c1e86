// The DDP contract: N ranks with global batch B follow one process's
// trajectory with batch B (Chapter 6's train), and fail alike.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <memory>
#include <xtensor/xview.hpp>

#include "blocks/dist/ddp.hpp"
#include "blocks/error.hpp"
#include "ch08_test_support.hpp"

namespace {

using blocks::Tensor;
namespace data = blocks::data;
namespace device = blocks::device;
namespace dist = blocks::dist;
namespace nn = blocks::nn;
namespace optim = blocks::optim;

// One epoch order per call, as the trainer draws it: a Sampler, so that
// Chapter 6's DataLoader can follow the same batches.
class EpochOrderSampler : public data::Sampler {
 public:
  EpochOrderSampler(std::size_t n, std::uint64_t seed) : n_(n), seed_(seed) {}
  std::vector<std::int64_t> epoch() override {
    return dist::epoch_order(n_, true, seed_, epoch_++);
  }
  std::size_t size() const override { return n_; }

 private:
  std::size_t n_;
  std::uint64_t seed_, epoch_ = 0;
};

std::vector<double> initial_parameters(std::size_t d) {
  std::vector<double> wb;
  for (std::size_t j = 0; j <= d; ++j) wb.push_back(0.1 * std::cos(2.0 + j));
  return wb;
}

// Chapter 6's trainer on one process.
nn::History one_process(const data::NotebookData& p, std::size_t batch,
                        const optim::SGDOptions& sgd, bool shuffle,
                        std::size_t epochs) {
  const std::size_t d = p.train.features.shape(1);
  const auto wb = initial_parameters(d);
  Tensor w = Tensor::from_shape({1, d});
  std::copy(wb.begin(), wb.end() - 1, w.begin());
  auto model = nn::make_model(nn::Flavour::custom, w, wb.back());
  optim::SGD opt(model->parameters(), sgd);
  data::TensorDataset train(p.train.features, p.train.labels);
  data::TensorDataset valid(p.valid.features, p.valid.labels);
  data::DataLoaderOptions to, vo;
  to.batch_size = vo.batch_size = batch;
  if (shuffle)
    to.sampler = std::make_shared<EpochOrderSampler>(train.size(), 17);
  data::DataLoader tl(train, to), vl(valid, vo);
  return nn::train(*model, tl, vl, nn::make_loss(nn::Flavour::custom), opt,
                   epochs);
}

template <class S>
nn::History distributed(const data::NotebookData& p, std::size_t batch,
                        const optim::SGDOptions& sgd, bool shuffle,
                        std::size_t epochs, device::KernelKind kernel,
                        std::vector<double>* final_params = nullptr,
                        dist::Allreduce allreduce = dist::Allreduce::host) {
  dist::DataParallelOptions o;
  o.batch_size = batch;
  o.sgd = sgd;
  o.shuffle = shuffle;
  o.seed = 17;
  o.kernel = kernel;
  o.allreduce = allreduce;
  dist::DataParallelTrainer<S> trainer(
      ch08_test::world(), p.train, p.valid,
      initial_parameters(p.train.features.shape(1)), o);
  nn::History h = trainer.fit(epochs);
  if (final_params) *final_params = trainer.parameters();
  return h;
}

void expect_same_history(const nn::History& a, const nn::History& b,
                         double tol) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_EQ(a[e].epoch, b[e].epoch);
    EXPECT_NEAR(a[e].train_loss, b[e].train_loss, tol) << "epoch " << e;
    EXPECT_NEAR(a[e].valid_loss, b[e].valid_loss, tol) << "epoch " << e;
    EXPECT_NEAR(a[e].valid_accuracy, b[e].valid_accuracy, tol);
    EXPECT_NEAR(a[e].bias, b[e].bias, tol) << "epoch " << e;
    for (std::size_t j = 0; j < a[e].weight.size(); ++j) {
      EXPECT_NEAR(a[e].weight.flat(j), b[e].weight.flat(j), tol);
    }
  }
}

struct Case {
  std::size_t batch;
  bool shuffle;
  double momentum;
  device::KernelKind kernel;
  dist::Allreduce allreduce = dist::Allreduce::host;
};

class Trajectory : public ::testing::TestWithParam<Case> {};

// [test-trajectory]
TEST_P(Trajectory, EqualsOneProcessWithTheSameGlobalBatch) {
  const Case c = GetParam();
  // A GPU build with more than one rank and an MPI that is not CUDA-aware
  // cannot run the device mode (the trainer refuses it): say so and skip.
  // CPU builds never skip.
  if (!dist::allreduce_mode_works(ch08_test::world(), c.allreduce)) {
    GTEST_SKIP() << "this MPI cannot read GPU memory (not CUDA-aware)";
  }
  const auto p = ch07_test::small_problem(260, 5, 123);
  optim::SGDOptions sgd(0.05);
  sgd.momentum = c.momentum;
  const nn::History expected = one_process(p, c.batch, sgd, c.shuffle, 4);
  std::vector<double> params;
  const nn::History actual = distributed<double>(
      p, c.batch, sgd, c.shuffle, 4, c.kernel, &params, c.allreduce);
  expect_same_history(actual, expected, 1e-10);
  // Every rank applied the same update to the same start: same bits.
  ch08_test::world().require_same(dist::checksum(params.data(), params.size()),
                                  "the parameters");
}
// [test-trajectory]

// Every kernel this build runs: the blocked one only on CPU builds.
std::vector<Case> trajectory_cases() {
  std::vector<Case> cases{
      Case{5, false, 0.0, device::KernelKind::team},
      Case{7, false, 0.9, device::KernelKind::simple},
      Case{8, true, 0.5, device::KernelKind::team},
      Case{2, true, 0.0, device::KernelKind::simple},
      Case{6, false, 0.0, device::KernelKind::tiled},
      Case{9, true, 0.9, device::KernelKind::tiled, dist::Allreduce::device},
      Case{4, true, 0.9, device::KernelKind::pipelined},
      Case{6, false, 0.0, device::KernelKind::pipelined,
           dist::Allreduce::device},
      Case{5, false, 0.0, device::KernelKind::team, dist::Allreduce::device}};
  if (!BLOCKS_KOKKOS_GPU) {
    cases.push_back(Case{7, true, 0.9, device::KernelKind::blocked});
    cases.push_back(Case{3, false, 0.0, device::KernelKind::blocked});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Ddp, Trajectory,
                         ::testing::ValuesIn(trajectory_cases()),
                         [](const auto& info) {
                           const Case& c = info.param;
                           return "batch" + std::to_string(c.batch) +
                                  (c.shuffle ? "_shuffled" : "_ordered") +
                                  (c.momentum != 0.0 ? "_momentum_" : "_") +
                                  device::to_string(c.kernel) + "_" +
                                  dist::to_string(c.allreduce);
                         });

TEST(Ddp, FloatFollowsDouble) {
  const auto p = ch07_test::small_problem(200, 4, 7);
  optim::SGDOptions sgd(0.1);
  const auto h64 =
      distributed<double>(p, 10, sgd, false, 3, device::KernelKind::team);
  const auto h32 =
      distributed<float>(p, 10, sgd, false, 3, device::KernelKind::team);
  expect_same_history(h32, h64, 1e-5);
}

TEST(Ddp, BroadcastsRankZerosStart) {
  const auto p = ch07_test::small_problem(100, 3, 2);
  const auto& world = ch08_test::world();
  std::vector<double> mine(4, double(world.rank()));  // differ per rank
  dist::DataParallelTrainer<double> t(world, p.train, p.valid, mine, {});
  EXPECT_EQ(t.parameters(), std::vector<double>(4, 0.0));
}

TEST(Ddp, MoreRanksThanSamplesIsAClearError) {
  auto p = ch07_test::small_problem(100, 3, 2);
  const auto& world = ch08_test::world();
  const auto keep = static_cast<std::size_t>(world.size()) - 1;
  p.train.features = Tensor(xt::view(p.train.features, xt::range(0, keep)));
  p.train.labels = Tensor(xt::view(p.train.labels, xt::range(0, keep)));
  try {
    dist::DataParallelTrainer<double> t(world, p.train, p.valid,
                                        initial_parameters(3), {});
    FAIL() << "no error";
  } catch (const blocks::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("ranks but only"), std::string::npos)
        << e.what();
  }
}

TEST(Ddp, DifferentDataOnOneRankIsAClearErrorEverywhere) {
  const auto& world = ch08_test::world();
  if (world.size() < 2) GTEST_SKIP() << "needs two ranks";
  auto p = ch07_test::small_problem(100, 3, 2);
  if (world.rank() == 1) p.train.features(0, 0) += 1e-9;
  try {
    dist::DataParallelTrainer<double> t(world, p.train, p.valid,
                                        initial_parameters(3), {});
    FAIL() << "no error";
  } catch (const blocks::DataError& e) {
    EXPECT_NE(std::string(e.what()).find("rank(s) 1"), std::string::npos)
        << e.what();
  }
}

// 1e39 is a finite double but infinity as a float: refused by position
// before training, not reported as a NaN loss at the first batch.
TEST(Ddp, ValuesBeyondFloatAreRefusedByPositionInFloat) {
  auto p = ch07_test::small_problem(100, 3, 2);
  p.train.features(4, 2) = 1e39;
  const auto message = [&](const std::vector<double>& init) {
    try {
      dist::DataParallelTrainer<float> t(ch08_test::world(), p.train, p.valid,
                                         init, {});
    } catch (const blocks::DataError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(message(initial_parameters(3)),
            "train, row 4, column 2: 1e+39 does not fit a float (use "
            "--precision double)");
  p.train.features(4, 2) = 0.5;
  std::vector<double> init = initial_parameters(3);
  init[1] = -1e39;
  EXPECT_NE(message(init).find("the initial parameters, row 0, column 1"),
            std::string::npos);
  // In double the same values are fine.
  p.train.features(4, 2) = 1e39;
  EXPECT_NO_THROW(dist::DataParallelTrainer<double>(
      ch08_test::world(), p.train, p.valid, initial_parameters(3), {}));
}

TEST(Ddp, BadOptionsAreChapter4Errors) {
  const auto p = ch07_test::small_problem(100, 3, 2);
  dist::DataParallelOptions o;
  o.sgd = optim::SGDOptions(-1.0);
  EXPECT_THROW(
      dist::DataParallelTrainer<double>(ch08_test::world(), p.train, p.valid,
                                        initial_parameters(3), o),
      blocks::ValueError);
  o = {};
  o.batch_size = 0;
  EXPECT_THROW(
      dist::DataParallelTrainer<double>(ch08_test::world(), p.train, p.valid,
                                        initial_parameters(3), o),
      blocks::ValueError);
}

}  // namespace
