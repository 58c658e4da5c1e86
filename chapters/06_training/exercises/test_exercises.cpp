// Tests of Chapter 6's exercises (they pass with the solutions).
#include <cmath>

#include <gtest/gtest.h>

#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch06_exercises.hpp"

namespace {

using blocks::Tensor;

TEST(Exercise1, AveragesOverSamples) {
  // Batches of 2 and 1: per sample, the third sample weighs as much as
  // each of the others (per batch it would weigh twice as much).
  blocks::data::TensorDataset ds(blocks::column({1.0, -1.0, 2.0}),
                                 blocks::column({1.0, 1.0, 0.0}));
  blocks::data::DataLoaderOptions o;
  o.batch_size = 2;
  blocks::data::DataLoader loader(ds, o);
  auto model =
      blocks::nn::make_model(blocks::nn::Flavour::custom, Tensor{1.0}, 0.0);
  const auto e = blocks::exercises::evaluate_per_sample(*model, loader);
  const double l1 = std::log1p(std::exp(-1.0)), l2 = std::log1p(std::exp(1.0));
  const double l3 = 2.0 + std::log1p(std::exp(-2.0));
  EXPECT_NEAR(e.loss, (l1 + l2 + l3) / 3, 1e-15);
  EXPECT_NEAR(e.accuracy, 1.0 / 3, 1e-15);
}

TEST(Exercise2, MatchesTheCustomModelsStep) {
  const Tensor x{{1.0, 2.0, 3.0}, {0.0, 1.0, 0.0}, {-1.0, 0.5, 2.0}};
  const Tensor y = blocks::column({1.0, 0.0, 1.0});
  Tensor w{{0.5, -1.0, 0.25}};
  double b = 0.1;
  auto model = blocks::nn::make_model(blocks::nn::Flavour::custom, w, b);
  blocks::optim::SGD sgd(model->parameters(), blocks::optim::SGDOptions(0.1));
  const auto out = model->forward(blocks::autograd::Variable(x));
  auto loss = blocks::nn::custom_bce_with_logits(out.logits,
                                                 blocks::autograd::Variable(y));
  loss.backward();
  sgd.step();
  const double manual = blocks::exercises::manual_step(w, b, x, y, 0.1);
  EXPECT_NEAR(manual, loss.value()(), 1e-12);
  EXPECT_TRUE(
      blocks::testing::AllClose(w, model->weight().value(), 1e-12, 1e-12));
  EXPECT_NEAR(b, model->bias().value()(0), 1e-12);
}

}  // namespace
