// Parity with PyTorch 1.13.1: the notebook's setup without shuffling,
// trained by tests/goldens/make_ch06_goldens.py with torch.optim.SGD.
#include <string>
#include <tuple>

#include <gtest/gtest.h>

#include "ch06_test_support.hpp"

namespace {

using blocks::nn::Flavour;

constexpr double kParityTolerance = 1e-10;

blocks::optim::SGDOptions setting(const std::string& name) {
  blocks::optim::SGDOptions o(0.01);
  if (name == "momentum" || name == "nesterov") o.momentum = 0.9;
  if (name == "nesterov") o.nesterov = true;
  if (name == "weight_decay") o.weight_decay = 1e-3;
  return o;
}

class Parity
    : public ::testing::TestWithParam<std::tuple<Flavour, std::string>> {};

// [parity-test]
TEST_P(Parity, HistoryMatchesPyTorch) {
  const auto [flavour, name] = GetParam();
  const auto golden = ch06_test::golden_lines(blocks::nn::to_string(flavour) +
                                              "_" + name + ".txt");
  ASSERT_EQ(golden.size(), 11u);
  ch06_test::NotebookRun run(flavour, setting(name));
  const auto history = run.train(10);
  for (std::size_t e = 0; e < 10; ++e) {
    const auto& g = golden[e];
    const auto& r = history[e];
    ASSERT_EQ(g.size(), 15u);
    EXPECT_NEAR(r.train_loss, std::stod(g[1]), kParityTolerance) << e;
    EXPECT_NEAR(r.valid_loss, std::stod(g[2]), kParityTolerance) << e;
    EXPECT_NEAR(r.valid_accuracy, std::stod(g[3]), kParityTolerance) << e;
    EXPECT_NEAR(r.bias, std::stod(g[4]), kParityTolerance) << e;
    for (std::size_t j = 0; j < 10; ++j) {
      EXPECT_NEAR(r.weight.flat(j), std::stod(g[5 + j]), kParityTolerance)
          << "epoch " << e + 1 << " w" << j;
    }
  }
  const auto test =
      blocks::nn::evaluate(*run.model, run.loaders.test_loader, run.loss);
  EXPECT_NEAR(test.loss, std::stod(golden[10][1]), kParityTolerance);
  EXPECT_NEAR(test.accuracy, std::stod(golden[10][2]), kParityTolerance);
}
// [parity-test]

INSTANTIATE_TEST_SUITE_P(
    Ch06, Parity,
    ::testing::Combine(::testing::Values(Flavour::custom, Flavour::builtin),
                       ::testing::Values("sgd", "momentum", "nesterov",
                                         "weight_decay")),
    [](const auto& info) {
      return blocks::nn::to_string(std::get<0>(info.param)) + "_" +
             std::get<1>(info.param);
    });

}  // namespace
