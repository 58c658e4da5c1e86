// Tests of Chapter 6's exercises (they pass with the solutions).
#include <cmath>

#include <gtest/gtest.h>

#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch06_exercises.hpp"
// The notebook's data, loaders and initial weights, as the chapter's tests
// use them.
#include "../tests/ch06_test_support.hpp"

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

// Exercise 3 against PyTorch: tests/goldens/make_ch06_exercise_goldens.py
// trains the notebook's setup with torch.optim.Adagrad(lr=0.1,
// lr_decay=0.01); every epoch's record must match.
void expect_torchs_adagrad(blocks::nn::Flavour flavour) {
  const auto golden =
      ch06_test::golden_lines(blocks::nn::to_string(flavour) + "_adagrad.txt");
  ASSERT_EQ(golden.size(), 10u);
  ch06_test::NotebookLoaders loaders;
  auto model = blocks::nn::make_model(flavour, ch06_test::notebook_weight(),
                                      ch06_test::kNotebookBias);
  const auto history = blocks::exercises::train_adagrad(
      *model, loaders.train_loader, loaders.valid_loader,
      blocks::nn::make_loss(flavour), {0.1, 0.01, 1e-10}, 10);
  ASSERT_EQ(history.size(), 10u);
  constexpr double kTolerance = 1e-10;  // as Chapter 6's parity tests
  for (std::size_t e = 0; e < 10; ++e) {
    const auto& g = golden[e];
    const auto& r = history[e];
    EXPECT_EQ(r.epoch, e + 1);
    EXPECT_NEAR(r.train_loss, std::stod(g[1]), kTolerance) << "epoch " << e + 1;
    EXPECT_NEAR(r.valid_loss, std::stod(g[2]), kTolerance) << "epoch " << e + 1;
    EXPECT_NEAR(r.valid_accuracy, std::stod(g[3]), kTolerance) << e + 1;
    EXPECT_NEAR(r.bias, std::stod(g[4]), kTolerance) << "epoch " << e + 1;
    for (std::size_t j = 0; j < 10; ++j) {
      EXPECT_NEAR(r.weight.flat(j), std::stod(g[5 + j]), kTolerance)
          << "epoch " << e + 1 << " w" << j;
    }
  }
}

TEST(Exercise3, CustomModelMatchesTorchsAdagrad) {
  expect_torchs_adagrad(blocks::nn::Flavour::custom);
}

TEST(Exercise3, BuiltinModelMatchesTorchsAdagrad) {
  expect_torchs_adagrad(blocks::nn::Flavour::builtin);
}

TEST(Exercise3, TheFirstStepMovesEveryParameterByLr) {
  // One batch, one epoch: one step. Adagrad's first step is
  // lr * g / (|g| + eps), so every parameter moves by lr (eps aside),
  // against its gradient, whatever the gradient's size.
  blocks::data::TensorDataset ds(Tensor{{1.0, -2.0}, {0.5, 3.0}, {-1.0, 1.0}},
                                 blocks::column({1.0, 0.0, 0.0}));
  blocks::data::DataLoaderOptions o;
  o.batch_size = 3;
  blocks::data::DataLoader loader(ds, o);
  const Tensor w0{{0.25, -0.5}};
  auto model = blocks::nn::make_model(blocks::nn::Flavour::custom, w0, 0.1);
  const auto history = blocks::exercises::train_adagrad(
      *model, loader, loader, blocks::nn::make_loss(model->flavour()),
      {0.2, 0.0, 1e-10}, 1);
  ASSERT_EQ(history.size(), 1u);
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_NEAR(std::abs(history[0].weight.flat(j) - w0.flat(j)), 0.2, 1e-8);
  }
  EXPECT_NEAR(std::abs(history[0].bias - 0.1), 0.2, 1e-8);
}

}  // namespace
