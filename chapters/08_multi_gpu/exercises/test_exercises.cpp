// Tests of Chapter 8's exercises (they pass with the solutions; see the
// page's Exercises for how to test yours). Its own main: MPI and Kokkos.
// ctest runs them on one rank and, as ch08.exercise.ExerciseK.np3, on three
// ranks of unequal shards, where the wrong answers in wrong/ fail.
#include <cmath>

#include <gtest/gtest.h>

#include "blocks/nn.hpp"
#include "ch08_exercises.hpp"

namespace {

namespace dist = blocks::dist;
using blocks::Tensor;
const dist::Communicator* g_world = nullptr;

TEST(Exercise1, GlobalMeanWeighsRowsNotRanks) {
  const auto& world = *g_world;
  // Rank r holds r + 1 rows of value r: unequal shards.
  const double r = world.rank();
  const double mean = dist::exercises::global_mean(world, r * (r + 1), r + 1);
  double sum = 0.0, count = 0.0;
  for (int k = 0; k < world.size(); ++k) {
    sum += double(k) * (k + 1);
    count += k + 1;
  }
  EXPECT_DOUBLE_EQ(mean, sum / count);
}

TEST(Exercise1, EmptyRanksAddNothingAndNoRowsIsNaN) {
  const auto& world = *g_world;
  // Only rank 0 has rows (two, of mean 3); then no rank has any.
  const bool first = world.rank() == 0;
  EXPECT_DOUBLE_EQ(
      dist::exercises::global_mean(world, first ? 6.0 : 0.0, first ? 2.0 : 0.0),
      3.0);
  EXPECT_TRUE(std::isnan(dist::exercises::global_mean(world, 0.0, 0.0)));
}

TEST(Exercise2, EveryRankGetsRankZerosModel) {
  const auto& world = *g_world;
  // Each rank starts from its own model; rank 0's is w = (1, -1, 0), b = 3.
  const double r = world.rank();
  Tensor weight{{1.0 + r, -1.0 - r, 0.5 * r}};
  double bias = 3.0 + 10.0 * r;
  dist::exercises::broadcast_parameters(world, weight, bias);
  ASSERT_EQ(weight.shape(0), 1u);
  ASSERT_EQ(weight.shape(1), 3u);
  EXPECT_EQ(weight(0, 0), 1.0);
  EXPECT_EQ(weight(0, 1), -1.0);
  EXPECT_EQ(weight(0, 2), 0.0);
  EXPECT_EQ(bias, 3.0);
}

// Rank k's batch in the DDP test: k + 2 rows of 3 features.
void rank_batch(int k, Tensor& x, Tensor& y) {
  const std::size_t rows = static_cast<std::size_t>(k) + 2;
  x = Tensor::from_shape({rows, 3});
  y = Tensor::from_shape({rows, 1});
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      x(i, j) = 2.0 * std::sin(1.0 + 7.0 * k + 3.0 * i + j);
    }
    y(i, 0) = double((i + k) % 2);
  }
}

TEST(Exercise3, DdpStepAveragesTheRanksMeanGradients) {
  const auto& world = *g_world;
  const Tensor w0{{0.2, -0.4, 0.1}};
  const double b0 = 0.05, lr = 0.5;
  // What DDP does, from Chapter 6's autograd (tested against PyTorch):
  // every rank's batch-mean gradient, averaged over the ranks.
  Tensor grad_w = xt::zeros<double>({std::size_t{1}, std::size_t{3}});
  double grad_b = 0.0;
  for (int k = 0; k < world.size(); ++k) {
    Tensor x, y;
    rank_batch(k, x, y);
    auto model = blocks::nn::make_model(blocks::nn::Flavour::custom, w0, b0);
    const auto out = model->forward(blocks::autograd::Variable(x));
    blocks::nn::custom_bce_with_logits(out.logits,
                                       blocks::autograd::Variable(y))
        .backward();
    grad_w += model->weight().grad();
    grad_b += model->bias().grad()(0);
  }
  const double ranks = world.size();
  // This rank's step, on its own batch only.
  Tensor x, y;
  rank_batch(world.rank(), x, y);
  Tensor weight = w0;
  double bias = b0;
  dist::exercises::ddp_step(world, weight, bias, x, y, lr);
  for (std::size_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(weight(0, j), w0(0, j) - lr * grad_w(0, j) / ranks, 1e-14)
        << "w" << j << " on rank " << world.rank();
  }
  EXPECT_NEAR(bias, b0 - lr * grad_b / ranks, 1e-14)
      << "b on rank " << world.rank();
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  g_world = &env.world();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
