// The model and its loss: both flavours compute the same values and the
// same gradients, and the default init is PyTorch's.
#include <cmath>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/testing/allclose.hpp"
#include "blocks/testing/same_bits.hpp"
#include "ch06_test_support.hpp"

namespace {

using blocks::Tensor;
using blocks::autograd::Variable;
using blocks::nn::Flavour;
using blocks::testing::AllClose;
using blocks::testing::kTightAtol;
using blocks::testing::kTightRtol;
using blocks::testing::same_bits;

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

// The model and loss the programs run (make_model, make_loss) are twins of
// the taught ones: twenty SGD steps of each from the same start see the
// same losses and gradients and end on the same bits, on the notebook's
// batch shape and on one whose product BLAS computes.
void ExpectProgramsTrainAsTaught(const blocks::nn::LogisticRegression& taught,
                                 const blocks::nn::Loss& taught_loss,
                                 Flavour flavour, const Tensor& x_value,
                                 const Tensor& y_value) {
  auto programs = blocks::nn::make_model(flavour, taught.weight().value(),
                                         taught.bias().value()(0));
  const blocks::nn::Loss programs_loss = blocks::nn::make_loss(flavour);
  blocks::optim::SGD sgd_taught(taught.parameters(),
                                blocks::optim::SGDOptions(0.5));
  blocks::optim::SGD sgd_programs(programs->parameters(),
                                  blocks::optim::SGDOptions(0.5));
  const Variable x(x_value), y(y_value);
  for (int step = 0; step < 20; ++step) {
    sgd_taught.zero_grad();
    sgd_programs.zero_grad();
    const auto taught_out = taught.forward(x);
    const auto out = programs->forward(x);
    const Variable a = taught_loss(taught_out.logits, y);
    const Variable b = programs_loss(out.logits, y);
    a.backward();
    b.backward();
    ASSERT_EQ(a.value()(), b.value()()) << "step " << step;
    ASSERT_TRUE(
        same_bits(taught_out.probabilities.value(), out.probabilities.value()))
        << "step " << step;
    ASSERT_TRUE(same_bits(taught.weight().grad(), programs->weight().grad()))
        << "step " << step;
    ASSERT_TRUE(same_bits(taught.bias().grad(), programs->bias().grad()))
        << "step " << step;
    sgd_taught.step();
    sgd_programs.step();
  }
  EXPECT_TRUE(same_bits(taught.weight().value(), programs->weight().value()));
  EXPECT_TRUE(same_bits(taught.bias().value(), programs->bias().value()));
}

struct TrainingCase {
  Tensor x, y, w;
};

std::vector<TrainingCase> TrainingCases() {
  blocks::data::RandomState rng(7);
  TrainingCase big{Tensor::from_shape({300, 20}), Tensor::from_shape({300, 1}),
                   Tensor::from_shape({1, 20})};
  for (double& v : big.x) v = rng.standard_normal();
  for (double& v : big.w) v = 0.1 * rng.standard_normal();
  for (double& v : big.y) v = rng.random_sample() < 0.5 ? 0.0 : 1.0;
  return {{kX, kY, kW}, big};
}

TEST(LogisticRegression, ProgramsCustomFlavourTrainsAsTheTaughtOne) {
  for (const TrainingCase& c : TrainingCases()) {
    const blocks::nn::CustomLogisticRegression taught(c.w, 0.1);
    ExpectProgramsTrainAsTaught(
        taught,
        [](const Variable& z, const Variable& y) {
          return blocks::autograd::BCEWithLogitsFunction::apply(z, y);
        },
        Flavour::custom, c.x, c.y);
    const auto out = blocks::nn::make_model(Flavour::custom, c.w, 0.1)
                         ->forward(Variable(c.x));
    EXPECT_EQ(out.logits.grad_fn()->name(), "LinearFunctionBackward");
    EXPECT_EQ(blocks::nn::make_loss(Flavour::custom)(out.logits, Variable(c.y))
                  .grad_fn()
                  ->name(),
              "BCEWithLogitsFunctionBackward");
  }
}

// The builtin flavour's twins record one operation for z and one for the
// loss, as PyTorch's nn.Linear and BCEWithLogitsLoss do, where the taught
// model and bce_with_logits record three and thirteen.
TEST(LogisticRegression, ProgramsBuiltinFlavourTrainsAsTheTaughtOne) {
  for (const TrainingCase& c : TrainingCases()) {
    const blocks::nn::BuiltinLogisticRegression taught(c.w, 0.1);
    ExpectProgramsTrainAsTaught(taught, blocks::nn::bce_with_logits,
                                Flavour::builtin, c.x, c.y);
    const auto out = blocks::nn::make_model(Flavour::builtin, c.w, 0.1)
                         ->forward(Variable(c.x));
    EXPECT_EQ(out.logits.grad_fn()->name(), "LinearFunctionBackward");
    const Variable loss =
        blocks::nn::make_loss(Flavour::builtin)(out.logits, Variable(c.y));
    EXPECT_EQ(loss.grad_fn()->name(), "BinaryCrossEntropyWithLogitsBackward");
    EXPECT_EQ(loss.grad_fn()->next_edges()[0].function, out.logits.grad_fn());
  }
}

// The fused loss on the logits where its branches turn (0 and -0, where
// max(-z, 0) ties; beyond exp's range; infinities; NaN) and on soft and
// hard targets, beside the thirteen operations it replaces: the same loss
// and the same gradient, to the bit.
TEST(LogisticRegression, FusedLossIsTheComposedOneToTheBit) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> logits = {0.0,
                                      -0.0,
                                      1e-300,
                                      -1e-300,
                                      0.5,
                                      -0.5,
                                      3.75,
                                      -3.75,
                                      36.0,
                                      -36.0,
                                      745.0,
                                      -745.0,
                                      800.0,
                                      -800.0,
                                      1e308,
                                      -1e308,
                                      inf,
                                      -inf,
                                      std::numeric_limits<double>::quiet_NaN()};
  for (const double target : {0.0, 1.0, 0.25}) {
    for (const double z_value : logits) {
      for (const Tensor& shape_of :
           {Tensor(z_value), blocks::column({z_value, -1.5, z_value})}) {
        Tensor z_tensor = shape_of;
        Tensor y_tensor = z_tensor;
        for (double& v : y_tensor) v = target;
        const Variable z_taught(z_tensor, true), z_fused(z_tensor, true);
        const Variable y(y_tensor);
        const Variable a = blocks::nn::bce_with_logits(z_taught, y);
        const Variable b = blocks::nn::fused_bce_with_logits(z_fused, y);
        a.backward();
        b.backward();
        EXPECT_TRUE(same_bits(a.value(), b.value()))
            << "z " << z_value << ", y " << target << ": " << a.value()()
            << " vs " << b.value()();
        EXPECT_TRUE(same_bits(z_taught.grad(), z_fused.grad()))
            << "z " << z_value << ", y " << target;
      }
    }
  }
}

// A target that needs a gradient, and shapes that differ, go through the
// composed operations: the gradient reaches y, and the error is theirs.
TEST(LogisticRegression, FusedLossFallsBackWhereItDoesNotApply) {
  const Variable z(blocks::column({0.5, -2.0}), true);
  const Variable y(blocks::column({1.0, 0.0}), true);
  const Variable loss = blocks::nn::fused_bce_with_logits(z, y);
  EXPECT_EQ(loss.grad_fn()->name(), "MeanBackward");
  loss.backward();
  EXPECT_TRUE(same_bits(y.grad(), blocks::column({-0.25, 1.0})));
  EXPECT_THROW(blocks::nn::fused_bce_with_logits(z, Variable(Tensor{1.0, 0.0})),
               blocks::ShapeError);
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
