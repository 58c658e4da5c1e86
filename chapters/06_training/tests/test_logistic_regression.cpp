// The model and its loss: both flavours compute the same values and the
// same gradients, and the default init is PyTorch's.
#include <gtest/gtest.h>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch06_test_support.hpp"

namespace {

using blocks::Tensor;
using blocks::autograd::Variable;
using blocks::nn::Flavour;
using blocks::testing::AllClose;
using blocks::testing::kTightAtol;
using blocks::testing::kTightRtol;

const Tensor kX{{1.0, 2.0, 3.0},
                {0.0, 1.0, 0.0},
                {-1.0, 0.5, 2.0},
                {2.0, 2.0, 2.0},
                {30.0, -4.0, 1.0}};
const Tensor kY = blocks::column({1.0, 0.0, 1.0, 0.0, 0.0});
const Tensor kW{{0.5, -1.0, 0.25}};

TEST(LogisticRegression, ForwardGivesLogitsAndProbabilities) {
  for (Flavour f : {Flavour::builtin, Flavour::custom}) {
    auto model = blocks::nn::make_model(f, kW, 0.1);
    const auto out = model->forward(Variable(kX));
    ASSERT_EQ(out.logits.shape(), (blocks::Shape{5, 1}));
    // Row 0: 0.5 - 2 + 0.75 + 0.1 = -0.65.
    EXPECT_NEAR(out.logits.value()(0, 0), -0.65, 1e-15);
    EXPECT_NEAR(out.probabilities.value()(0, 0), 1.0 / (1.0 + std::exp(0.65)),
                1e-15);
    EXPECT_EQ(model->flavour(), f);
  }
}

TEST(LogisticRegression, ParametersAreWeightThenBias) {
  auto model = blocks::nn::make_model(Flavour::custom, Tensor{{1.0, 2.0}}, 3.0);
  const auto params = model->parameters();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_TRUE(params[0].same(model->weight()));
  EXPECT_TRUE(params[1].same(model->bias()));
  EXPECT_EQ(params[0].shape(), (blocks::Shape{1, 2}));
  EXPECT_EQ(params[1].shape(), (blocks::Shape{1}));
  EXPECT_TRUE(params[0].requires_grad() && params[0].is_leaf());
  EXPECT_EQ(model->in_features(), 2u);
}

TEST(LogisticRegression, FlavoursAgreeOnLossAndGradients) {
  std::vector<Tensor> grads[2];
  double losses[2];
  int i = 0;
  for (Flavour f : {Flavour::builtin, Flavour::custom}) {
    auto model = blocks::nn::make_model(f, kW, 0.1);
    const auto out = model->forward(Variable(kX));
    Variable loss = blocks::nn::make_loss(f)(out.logits, Variable(kY));
    loss.backward();
    losses[i] = loss.value()();
    for (const auto& p : model->parameters()) grads[i].push_back(p.grad());
    ++i;
  }
  EXPECT_NEAR(losses[0], losses[1], 1e-15);
  EXPECT_TRUE(AllClose(grads[0][0], grads[1][0], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(grads[0][1], grads[1][1], kTightAtol, kTightRtol));
}

// The custom model and loss the programs run (make_model, make_loss) are
// the loop twins of the taught ones: twenty SGD steps of each from the
// same start end on the same bits, on the notebook's batch shape and on
// one whose product BLAS computes.
TEST(LogisticRegression, ProgramsCustomFlavourTrainsAsTheTaughtOne) {
  blocks::data::RandomState rng(7);
  Tensor big_x = Tensor::from_shape({300, 20});
  Tensor big_w = Tensor::from_shape({1, 20});
  Tensor big_y = Tensor::from_shape({300, 1});
  for (double& v : big_x) v = rng.standard_normal();
  for (double& v : big_w) v = 0.1 * rng.standard_normal();
  for (double& v : big_y) v = rng.random_sample() < 0.5 ? 0.0 : 1.0;
  const struct {
    Tensor x, y, w;
  } cases[] = {{kX, kY, kW}, {big_x, big_y, big_w}};
  for (const auto& c : cases) {
    blocks::nn::CustomLogisticRegression taught(c.w, 0.1);
    auto programs = blocks::nn::make_model(Flavour::custom, c.w, 0.1);
    const blocks::nn::Loss programs_loss =
        blocks::nn::make_loss(Flavour::custom);
    blocks::optim::SGD sgd_taught(taught.parameters(),
                                  blocks::optim::SGDOptions(0.5));
    blocks::optim::SGD sgd_programs(programs->parameters(),
                                    blocks::optim::SGDOptions(0.5));
    const Variable x(c.x), y(c.y);
    for (int step = 0; step < 20; ++step) {
      sgd_taught.zero_grad();
      sgd_programs.zero_grad();
      const Variable a = blocks::autograd::BCEWithLogitsFunction::apply(
          taught.forward(x).logits, y);
      const auto out = programs->forward(x);
      const Variable b = programs_loss(out.logits, y);
      EXPECT_EQ(out.logits.grad_fn()->name(), "LinearFunctionBackward");
      EXPECT_EQ(b.grad_fn()->name(), "BCEWithLogitsFunctionBackward");
      a.backward();
      b.backward();
      sgd_taught.step();
      sgd_programs.step();
      ASSERT_EQ(a.value()(), b.value()()) << "step " << step;
    }
    const Tensor& wa = taught.weight().value();
    const Tensor& wb = programs->weight().value();
    for (std::size_t j = 0; j < wa.size(); ++j) {
      EXPECT_EQ(wa.flat(j), wb.flat(j)) << j;
    }
    EXPECT_EQ(taught.bias().value()(0), programs->bias().value()(0));
  }
}

TEST(LogisticRegression, BuiltinLossIsStableForLargeLogits) {
  const Variable z(blocks::column({800.0, -800.0}), true);
  const Variable y(blocks::column({0.0, 1.0}));
  Variable loss = blocks::nn::bce_with_logits(z, y);
  EXPECT_DOUBLE_EQ(loss.value()(), 800.0);
  loss.backward();
  EXPECT_DOUBLE_EQ(z.grad()(0, 0), 0.5);
  EXPECT_DOUBLE_EQ(z.grad()(1, 0), -0.5);
}

TEST(LogisticRegression, DefaultInitIsTorchs) {
  // torch.manual_seed(123); nn.Linear(10, 1): the notebook's printed
  // weights are these, rounded.
  const auto lines = ch06_test::golden_lines("init.txt");
  ASSERT_EQ(lines.size(), 2u);
  blocks::data::TorchGenerator generator(123);
  const auto init = blocks::nn::torch_default_init(10, generator);
  ASSERT_EQ(init.weight.shape(), (blocks::Shape{1, 10}));
  for (std::size_t j = 0; j < 10; ++j) {
    EXPECT_EQ(init.weight(0, j), std::stod(lines[0][j + 1])) << j;
  }
  EXPECT_EQ(init.bias, std::stod(lines[1][1]));
}

TEST(LogisticRegression, RejectsBadShapes) {
  EXPECT_THROW(
      blocks::nn::make_model(Flavour::builtin, blocks::column({1.0, 2.0}), 0.0),
      blocks::ShapeError);
  auto model = blocks::nn::make_model(Flavour::custom, kW, 0.0);
  try {
    model->forward(Variable(Tensor{{1.0, 2.0}}));
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("(1, 2)"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(blocks::nn::bce_with_logits(Variable(kY), Variable(kW)),
               blocks::ShapeError);
  blocks::data::TorchGenerator generator;
  EXPECT_THROW(blocks::nn::torch_default_init(0, generator),
               blocks::ValueError);
}

TEST(LogisticRegression, FlavourNames) {
  EXPECT_EQ(blocks::nn::parse_flavour("builtin"), Flavour::builtin);
  EXPECT_EQ(blocks::nn::parse_flavour("custom"), Flavour::custom);
  EXPECT_EQ(blocks::nn::to_string(Flavour::custom), "custom");
  EXPECT_THROW(blocks::nn::parse_flavour("lazy"), blocks::ValueError);
}

}  // namespace
