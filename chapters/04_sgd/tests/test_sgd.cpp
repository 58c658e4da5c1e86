// SGD's checks (PyTorch's messages, from torch itself via messages.txt),
// its first momentum step, skipped parameters, and python_repr/add_scaled.
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/optim.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch04_test_support.hpp"

namespace {

using blocks::Tensor;
using blocks::ValueError;
using blocks::autograd::Variable;
using ch04_test::set_grad;
using ch04_test::torch_message;
namespace optim = blocks::optim;

optim::SGDOptions lr(double value) {
  return optim::SGDOptions(value);
}

TEST(SgdValidation, NegativeLearningRate) {
  Variable p(Tensor{1.0, 2.0}, true);
  EXPECT_THROW_MESSAGE(optim::SGD({p}, lr(-0.1)), ValueError,
                       torch_message("lr_negative"));
  EXPECT_THROW_MESSAGE(optim::SGD({p}, lr(-1.0)), ValueError,
                       torch_message("lr_minus_one"));
  EXPECT_THROW_MESSAGE(optim::SGD({p}, lr(-100000.0)), ValueError,
                       torch_message("lr_minus_large"));
}

TEST(SgdValidation, NegativeMomentumAndWeightDecay) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGDOptions m = lr(0.1), wd = lr(0.1);
  m.momentum = -0.5;
  wd.weight_decay = -1e-05;
  EXPECT_THROW_MESSAGE(optim::SGD({p}, m), ValueError,
                       torch_message("momentum_negative"));
  EXPECT_THROW_MESSAGE(optim::SGD({p}, wd), ValueError,
                       torch_message("weight_decay_negative"));
}

TEST(SgdValidation, NesterovNeedsMomentumAndNoDampening) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGDOptions no_momentum = lr(0.1), damped = lr(0.1);
  no_momentum.nesterov = true;
  damped.nesterov = true;
  damped.momentum = 0.9;
  damped.dampening = 0.1;
  EXPECT_THROW_MESSAGE(optim::SGD({p}, no_momentum), ValueError,
                       torch_message("nesterov_without_momentum"));
  EXPECT_THROW_MESSAGE(optim::SGD({p}, damped), ValueError,
                       torch_message("nesterov_with_dampening"));
}

TEST(SgdValidation, NegativeDampeningIsAcceptedAsInPyTorch) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  o.dampening = -1.0;
  EXPECT_NO_THROW(optim::SGD({p}, o));
}

// Checks PyTorch 1.13 leaves out: NaN and infinities, group overrides,
// options of the wrong kind.
TEST(SgdValidation, StricterThanPyTorch) {
  Variable p(Tensor{1.0, 2.0}, true);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_THROW_MESSAGE(optim::SGD({p}, lr(nan)), ValueError,
                       "Invalid learning rate: nan");
  EXPECT_THROW_MESSAGE(optim::SGD({p}, lr(inf)), ValueError,
                       "Invalid learning rate: inf");
  optim::SGDOptions d = lr(0.1);
  d.dampening = -inf;
  EXPECT_THROW_MESSAGE(optim::SGD({p}, d), ValueError,
                       "Invalid dampening value: -inf");
  EXPECT_THROW_MESSAGE(
      optim::SGD({optim::ParamGroup({p}, {{"lr", -0.5}})}, lr(0.1)), ValueError,
      "Invalid learning rate: -0.5");
  EXPECT_THROW_MESSAGE(
      optim::SGD({optim::ParamGroup({p}, {{"nesterov", 1.0}})}, lr(0.1)),
      ValueError, "option nesterov must be a flag (true or false), got 1.0");
  EXPECT_THROW_MESSAGE(
      optim::SGD({optim::ParamGroup({p}, {{"momentum", true}})}, lr(0.1)),
      ValueError, "option momentum must be a number, got True");
  Variable q(Tensor{3.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  EXPECT_THROW_MESSAGE(
      sgd.add_param_group(optim::ParamGroup({q}, {{"momentum", -2.0}})),
      ValueError, "Invalid momentum value: -2.0");
  EXPECT_EQ(sgd.param_groups().size(), 1u);
}

TEST(Sgd, LearningRateMayComeFromEveryGroup) {
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  optim::SGD sgd({optim::ParamGroup({p}, {{"lr", 0.5}}),
                  optim::ParamGroup({q}, {{"lr", 0.25}})},
                 optim::SGDOptions());
  set_grad(p, Tensor{1.0});
  set_grad(q, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.5);
  EXPECT_EQ(q.value()(0), 1.75);
}

// By hand: p = 1, g = 2, momentum 0.5, dampening 0.5, lr 0.25.
// Step 1: the buffer is a copy of g (no dampening): b = 2, p = 1 - 0.5.
// Step 2: b = 0.5 * 2 + (1 - 0.5) * 2 = 2, p = 0.5 - 0.5 = 0.
// Step 3 with g = 4: b = 0.5 * 2 + 0.5 * 4 = 3, p = 0 - 0.75.
TEST(Sgd, FirstMomentumStepCopiesTheGradientWithoutDampening) {
  Variable p(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.25);
  o.momentum = 0.5;
  o.dampening = 0.5;
  optim::SGD sgd({p}, o);
  const double expected_p[] = {0.5, 0.0, -0.75};
  const double expected_b[] = {2.0, 2.0, 3.0};
  const double grads[] = {2.0, 2.0, 4.0};
  for (int step = 0; step < 3; ++step) {
    sgd.zero_grad();
    set_grad(p, Tensor{grads[step]});
    sgd.step();
    EXPECT_EQ(p.value()(0), expected_p[step]) << "step " << step + 1;
    EXPECT_EQ((*sgd.state(p).at("momentum_buffer"))(0), expected_b[step]);
  }
}

// torch 1.13 reads every momentum buffer of a group before it updates any
// (momentum_buffer_list), then stores them back. SGD([p, p], lr=0.1,
// momentum=0.9), p = [1.], grad [1.]: step 1 finds no buffer for either
// entry, so each starts a fresh one: p == 0.8, buffer 1.0. Step 2 finds
// the one stored buffer for both and updates it in place twice:
// p == 0.3390000000000001, buffer 2.71.
TEST(Sgd, AParameterListedTwiceReadsItsBufferAsTorchDoes) {
  Variable p(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  optim::SGD sgd({p, p}, o);
  set_grad(p, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.8);
  EXPECT_EQ((*sgd.state(p).at("momentum_buffer"))(0), 1.0);
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.3390000000000001);
  EXPECT_EQ((*sgd.state(p).at("momentum_buffer"))(0), 2.71);
}

// By hand: p = 1, g = 1, momentum 0.5, Nesterov, lr 0.5.
// Step 1: b = 1, d = 1 + 0.5 * 1 = 1.5, p = 1 - 0.75 = 0.25.
TEST(Sgd, NesterovLooksAhead) {
  Variable p(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.5);
  o.momentum = 0.5;
  o.nesterov = true;
  optim::SGD sgd({p}, o);
  set_grad(p, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.25);
}

// By hand: p = 2, g = 1, weight decay 0.5, maximize, lr 0.5:
// d = -1 + 0.5 * 2 = 0, so p stays 2.
TEST(Sgd, MaximizeNegatesBeforeWeightDecay) {
  Variable p(Tensor{2.0}, true);
  optim::SGDOptions o = lr(0.5);
  o.weight_decay = 0.5;
  o.maximize = true;
  optim::SGD sgd({p}, o);
  set_grad(p, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 2.0);
}

TEST(Sgd, ParametersWithoutGradientAreSkippedAndGetNoState) {
  Variable p(Tensor{1.0, 2.0}, true), q(Tensor{3.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  o.weight_decay = 0.1;  // would move q if it were not skipped
  optim::SGD sgd({p, q}, o);
  set_grad(p, Tensor{1.0, 1.0});
  sgd.step();
  EXPECT_EQ(q.value()(0), 3.0);
  EXPECT_EQ(sgd.find_state(q), nullptr);
  ASSERT_NE(sgd.find_state(p), nullptr);
  EXPECT_TRUE(sgd.find_state(p)->at("momentum_buffer").has_value());
}

TEST(Sgd, WithoutMomentumTheBufferIsNone) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  set_grad(p, Tensor{1.0});
  sgd.step();
  const optim::ParamState* state = sgd.find_state(p);
  ASSERT_NE(state, nullptr);
  ASSERT_EQ(state->count("momentum_buffer"), 1u);
  EXPECT_FALSE(state->at("momentum_buffer").has_value());
}

// An SGD that always runs update_group(), the update the page teaches.
class TaughtSGD : public optim::SGD {
 public:
  using optim::SGD::SGD;

 protected:
  void update() override {
    for (std::size_t g = 0; g < param_groups().size(); ++g) update_group(g);
  }
};

// What the programs run without momentum or weight decay, in place,
// against the taught update: the same bits, versions and state after
// each of five steps, with maximize, a parameter without a gradient, one listed
// twice and a momentum buffer that a state dict brought in.
TEST(Sgd, InPlaceUpdateGivesTheTaughtUpdatesBits) {
  for (bool maximize : {false, true}) {
    std::vector<Variable> ps[2];
    std::vector<Tensor> start = {Tensor{0.3, -1.25, 7.0}, Tensor{0.1},
                                 Tensor{2.0, 2.0}};
    optim::SGDOptions o = lr(3.0);
    o.maximize = maximize;
    std::unique_ptr<optim::SGD> sgd[2];
    for (int k = 0; k < 2; ++k) {
      for (const Tensor& t : start) ps[k].emplace_back(t, true);
      std::vector<Variable> listed = {ps[k][0], ps[k][1], ps[k][2], ps[k][0]};
      sgd[k] = k == 0 ? std::make_unique<TaughtSGD>(listed, o)
                      : std::make_unique<optim::SGD>(listed, o);
      sgd[k]->state(ps[k][1])["momentum_buffer"] = Tensor{5.0};
    }
    // 0.3 - 3 * 0.1 rounded once is not 0.3 - 3 * 0.1 rounded twice.
    for (int step = 0; step < 5; ++step) {
      for (int k = 0; k < 2; ++k) {
        sgd[k]->zero_grad();
        set_grad(ps[k][0], Tensor{0.1, 1.0 / 3.0, -0.7 * step});
        set_grad(ps[k][1], Tensor{0.1 * step});
        sgd[k]->step();
      }
      for (std::size_t i = 0; i < start.size(); ++i) {
        for (std::size_t j = 0; j < start[i].size(); ++j) {
          ASSERT_EQ(ps[0][i].value()(j), ps[1][i].value()(j))
              << "step " << step << ", parameter " << i << ", element " << j;
        }
        EXPECT_EQ(ps[0][i].version(), ps[1][i].version()) << i;
      }
    }
    EXPECT_EQ(sgd[0]->state_dict().state.size(),
              sgd[1]->state_dict().state.size());
    EXPECT_EQ(sgd[1]->find_state(ps[1][2]), nullptr);
    EXPECT_FALSE(sgd[1]->find_state(ps[1][0])->at("momentum_buffer"));
    EXPECT_EQ((*sgd[1]->find_state(ps[1][1])->at("momentum_buffer"))(0), 5.0);
  }
}

TEST(Sgd, StepDoesNotRecordAGraphAndBumpsTheVersion) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  set_grad(p, Tensor{1.0});
  const auto version = p.version();
  sgd.step();
  EXPECT_TRUE(p.is_leaf());
  EXPECT_TRUE(p.requires_grad());
  EXPECT_GT(p.version(), version);  // an in-place change, as param.add_
  EXPECT_TRUE(blocks::autograd::is_grad_enabled());
}

TEST(PythonRepr, MatchesPythonsRepr) {
  // Python 3's repr() of the same doubles.
  EXPECT_EQ(optim::python_repr(0.1), "0.1");
  EXPECT_EQ(optim::python_repr(-1.0), "-1.0");
  EXPECT_EQ(optim::python_repr(1e-05), "1e-05");
  EXPECT_EQ(optim::python_repr(0.0001), "0.0001");
  EXPECT_EQ(optim::python_repr(100000.0), "100000.0");
  EXPECT_EQ(optim::python_repr(1e15), "1000000000000000.0");
  EXPECT_EQ(optim::python_repr(1e16), "1e+16");
  EXPECT_EQ(optim::python_repr(-0.0), "-0.0");
  EXPECT_EQ(optim::python_repr(1.5e-07), "1.5e-07");
  EXPECT_EQ(optim::python_repr(123.456), "123.456");
  EXPECT_EQ(optim::python_repr(5e-324), "5e-324");
  EXPECT_EQ(optim::python_repr(1.7976931348623157e308),
            "1.7976931348623157e+308");
  EXPECT_EQ(optim::python_repr(12345678901234567.0), "1.2345678901234568e+16");
  EXPECT_EQ(optim::python_repr(-std::numeric_limits<double>::infinity()),
            "-inf");
}

TEST(AddScaled, RoundsOncePerElement) {
  // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; rounding the product
  // first would give 0.
  const double e = std::ldexp(1.0, -52);
  Tensor a{-1.0, 1.0}, b{1.0 + e, 2.0};
  Tensor out = optim::add_scaled(a, b, 1.0 - e);
  EXPECT_EQ(out(0), -std::ldexp(1.0, -104));
  EXPECT_EQ(out(1), 3.0 - 2.0 * e);
  EXPECT_THROW(optim::add_scaled(a, Tensor{1.0, 2.0, 3.0}, 1.0),
               blocks::ShapeError);
}

}  // namespace
