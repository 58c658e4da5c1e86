// Optimizer: groups and their defaults, PyTorch's errors, zero_grad, step
// with and without a closure, the state dict and load_state_dict's checks.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/optim.hpp"
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

TEST(OptimizerErrors, EmptyParameterList) {
  EXPECT_THROW_MESSAGE(optim::SGD(std::vector<Variable>{}, lr(0.1)), ValueError,
                       torch_message("empty_parameter_list"));
  EXPECT_THROW_MESSAGE(optim::SGD(std::vector<optim::ParamGroup>{}, lr(0.1)),
                       ValueError, torch_message("empty_parameter_list"));
}

TEST(OptimizerErrors, NonLeaf) {
  Variable p(Tensor{1.0, 2.0}, true);
  Variable twice = blocks::autograd::mul(p, Variable(Tensor{2.0}));
  EXPECT_THROW_MESSAGE(optim::SGD({twice}, lr(0.1)), ValueError,
                       torch_message("non_leaf"));
  EXPECT_THROW(optim::SGD({Variable()}, lr(0.1)), ValueError);
}

TEST(OptimizerErrors, MissingLearningRate) {
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  EXPECT_THROW_MESSAGE(optim::SGD({p}, optim::SGDOptions()), ValueError,
                       torch_message("missing_lr"));
  // One group with lr is not enough: each needs one.
  EXPECT_THROW_MESSAGE(optim::SGD({optim::ParamGroup({p}, {{"lr", 0.1}}),
                                   optim::ParamGroup({q})},
                                  optim::SGDOptions()),
                       ValueError, torch_message("missing_lr"));
}

TEST(OptimizerErrors, ParameterInTwoGroups) {
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  EXPECT_THROW_MESSAGE(sgd.add_param_group(optim::ParamGroup({q, p})),
                       ValueError, torch_message("parameter_in_two_groups"));
  EXPECT_EQ(sgd.param_groups().size(), 1u);
  EXPECT_THROW_MESSAGE(
      optim::SGD({optim::ParamGroup({p}), optim::ParamGroup({p})}, lr(0.1)),
      ValueError, torch_message("parameter_in_two_groups"));
  // A copy of a Variable is the same parameter, as in Python.
  Variable alias = p;
  EXPECT_THROW(sgd.add_param_group(optim::ParamGroup({alias})), ValueError);
}

TEST(OptimizerErrors, DuplicateInOneGroupOnlyWarns) {
  Variable p(Tensor{1.0}, true);
  ::testing::internal::CaptureStderr();
  optim::SGD sgd({p, p}, lr(0.1));
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "UserWarning: " + torch_message("duplicate_in_group") + "\n");
}

TEST(OptimizerGroups, DefaultsFillWhatAGroupLeavesOut) {
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  optim::SGD sgd({optim::ParamGroup({p}),
                  optim::ParamGroup({q}, {{"lr", 0.01}, {"nesterov", true}})},
                 o);
  const auto& g0 = sgd.param_groups()[0];
  const auto& g1 = sgd.param_groups()[1];
  EXPECT_EQ(g0.number("lr"), 0.1);
  EXPECT_EQ(g1.number("lr"), 0.01);
  EXPECT_EQ(g1.number("momentum"), 0.9);
  EXPECT_TRUE(g1.flag("nesterov"));
  EXPECT_FALSE(g0.flag("nesterov"));
  EXPECT_EQ(g1.options.size(), 6u);
  EXPECT_EQ(sgd.defaults().size(), 6u);
  EXPECT_THROW(g0.number("betas"), ValueError);
}

TEST(OptimizerGroups, AddedGroupGetsDefaultsAndIsStepped) {
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  sgd.add_param_group(optim::ParamGroup({q}));
  set_grad(q, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(q.value()(0), 1.5);
}

TEST(OptimizerGroups, ChangingLrBetweenStepsTakesEffect) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  sgd.set_option(0, "lr", 0.25);
  set_grad(p, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.75);
}

TEST(OptimizerGroups, SetOptionRefusesABadValueAndKeepsTheOld) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  EXPECT_THROW_MESSAGE(sgd.set_option(0, "lr", -1.0), ValueError,
                       "Invalid learning rate: -1.0");
  EXPECT_THROW_MESSAGE(sgd.set_option(0, "lr", true), ValueError,
                       "option lr must be a number, got True");
  EXPECT_THROW_CONTAINING(sgd.set_option(1, "lr", 0.1), ValueError,
                          "no parameter group 1");
  EXPECT_EQ(sgd.param_groups()[0].number("lr"), 0.5);
  set_grad(p, Tensor{1.0});
  sgd.step();  // still the old learning rate
  EXPECT_EQ(p.value()(0), 0.5);
}

// The step reads each group's typed copy: it must follow every way the
// dict changes (a group added later, set_option, load_state_dict).
TEST(OptimizerGroups, StepFollowsEveryChangeOfOptions) {
  Variable p(Tensor{1.0}, true), q(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  sgd.add_param_group(optim::ParamGroup({q}, {{"lr", 0.25}}));
  set_grad(p, Tensor{1.0});
  set_grad(q, Tensor{1.0});
  sgd.step();
  EXPECT_EQ(p.value()(0), 0.5);
  EXPECT_EQ(q.value()(0), 0.75);
  optim::StateDict sd = sgd.state_dict();
  sd.param_groups[1].options["lr"] = 0.5;
  sgd.load_state_dict(sd);
  sgd.set_option(0, "maximize", true);
  sgd.step();
  EXPECT_EQ(p.value()(0), 1.0);   // 0.5 + 0.5: maximize climbs
  EXPECT_EQ(q.value()(0), 0.25);  // 0.75 - 0.5, the loaded lr
}

TEST(ZeroGrad, DefaultLeavesZeros) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  set_grad(p, Tensor{3.0, 4.0});
  sgd.zero_grad();
  ASSERT_TRUE(p.has_grad());
  EXPECT_EQ(p.grad(), (Tensor{0.0, 0.0}));
}

TEST(ZeroGrad, SetToNoneDropsTheGradient) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  set_grad(p, Tensor{3.0, 4.0});
  sgd.zero_grad(/*set_to_none=*/true);
  EXPECT_FALSE(p.has_grad());
}

// The 1.13 default matters: a zero gradient still decays the weight.
TEST(ZeroGrad, ZerosStillDecayButNoneIsSkipped) {
  optim::SGDOptions o = lr(0.5);
  o.weight_decay = 0.5;
  Variable p(Tensor{2.0}, true), q(Tensor{2.0}, true);
  optim::SGD zeros({p}, o), none({q}, o);
  set_grad(p, Tensor{1.0});
  set_grad(q, Tensor{1.0});
  zeros.zero_grad();
  none.zero_grad(true);
  zeros.step();
  none.step();
  EXPECT_EQ(p.value()(0), 1.5);  // 2 - 0.5 * (0 + 0.5 * 2)
  EXPECT_EQ(q.value()(0), 2.0);
}

TEST(Step, WithoutClosureReturnsNone) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  EXPECT_FALSE(sgd.step().has_value());
}

TEST(Step, ClosureRunsOnceBeforeTheUpdateAndItsLossIsReturned) {
  Variable p(Tensor{3.0}, true);
  optim::SGD sgd({p}, lr(0.5));
  int calls = 0;
  double seen = 0.0;
  const auto loss = sgd.step([&] {
    ++calls;
    seen = p.value()(0);
    sgd.zero_grad();
    set_grad(p, Tensor{2.0});
    return 7.5;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 3.0);
  ASSERT_TRUE(loss.has_value());
  EXPECT_EQ(*loss, 7.5);
  EXPECT_EQ(p.value()(0), 2.0);  // 3 - 0.5 * 2, with the closure's gradient
}

TEST(Step, ClosureRecordsItsGraphEvenUnderNoGradGuard) {
  // torch 1.13 runs the closure inside torch.enable_grad(): under
  // torch.no_grad(), step(closure) with loss (p * p).sum(), p = [1.] and
  // lr 0.1 returns tensor(1.) and leaves p == [0.8].
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  blocks::autograd::NoGradGuard no_grad;
  bool recorded = false;
  const auto loss = sgd.step([&] {
    sgd.zero_grad();
    Variable l = blocks::autograd::sum(p * p);
    recorded = l.requires_grad();
    if (recorded) l.backward();
    return l.value()();
  });
  EXPECT_TRUE(recorded);
  ASSERT_TRUE(loss.has_value());
  EXPECT_EQ(*loss, 1.0);
  EXPECT_DOUBLE_EQ(p.value()(0), 0.8);
  EXPECT_FALSE(blocks::autograd::is_grad_enabled());  // the mode it found
}

TEST(StateDict, NumbersParametersAcrossGroupsAndKeepsOnlyRealState) {
  Variable a(Tensor{1.0}, true), b(Tensor{1.0, 2.0}, true),
      c(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  optim::SGD sgd({optim::ParamGroup({a, b}), optim::ParamGroup({c})}, o);
  set_grad(b, Tensor{1.0, 1.0});
  set_grad(c, Tensor{2.0});
  sgd.step();
  const optim::StateDict sd = sgd.state_dict();
  ASSERT_EQ(sd.param_groups.size(), 2u);
  EXPECT_EQ(sd.param_groups[0].params, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(sd.param_groups[1].params, (std::vector<std::size_t>{2}));
  EXPECT_EQ(sd.state.count(0), 0u);  // a had no gradient
  // The first buffer is a copy of the gradient.
  EXPECT_EQ(*sd.state.at(1).at("momentum_buffer"), (Tensor{1.0, 1.0}));
  EXPECT_EQ(*sd.state.at(2).at("momentum_buffer"), (Tensor{2.0}));
  EXPECT_EQ(std::get<double>(sd.param_groups[1].options.at("momentum")), 0.9);
}

TEST(StateDict, IsACopy) {
  Variable p(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  optim::SGD sgd({p}, o);
  set_grad(p, Tensor{1.0});
  sgd.step();
  optim::StateDict sd = sgd.state_dict();
  (*sd.state.at(0).at("momentum_buffer"))(0) = 42.0;
  sd.param_groups[0].options["lr"] = 9.0;
  EXPECT_EQ((*sgd.state(p).at("momentum_buffer"))(0), 1.0);
  EXPECT_EQ(sgd.param_groups()[0].number("lr"), 0.1);
}

TEST(LoadStateDict, RestoresOptionsAndState) {
  Variable p(Tensor{1.0}, true), q(Tensor{1.0}, true);
  optim::SGDOptions o = lr(0.1);
  o.momentum = 0.9;
  optim::SGD source({p}, o);
  set_grad(p, Tensor{2.0});
  source.step();
  optim::SGD target({q}, lr(0.7));
  target.load_state_dict(source.state_dict());
  EXPECT_EQ(target.param_groups()[0].number("lr"), 0.1);
  EXPECT_EQ(target.param_groups()[0].number("momentum"), 0.9);
  EXPECT_EQ(*target.state(q).at("momentum_buffer"), (Tensor{2.0}));
}

TEST(LoadStateDict, MissingOptionsComeFromDefaults) {
  Variable p(Tensor{1.0}, true);
  optim::SGD sgd({p}, lr(0.3));
  optim::StateDict sd;
  sd.param_groups.push_back({{{"lr", 0.2}}, {0}});
  sgd.load_state_dict(sd);
  EXPECT_EQ(sgd.param_groups()[0].number("lr"), 0.2);
  EXPECT_FALSE(sgd.param_groups()[0].flag("maximize"));
}

TEST(LoadStateDict, GroupCountAndSizeMustMatch) {
  Variable p(Tensor{1.0}, true), q(Tensor{1.0, 2.0}, true);
  optim::SGD two({optim::ParamGroup({p}), optim::ParamGroup({q})}, lr(0.1));
  Variable r(Tensor{1.0}, true), s(Tensor{1.0, 2.0}, true);
  optim::SGD one({r, s}, lr(0.1));
  EXPECT_THROW_MESSAGE(one.load_state_dict(two.state_dict()), ValueError,
                       torch_message("load_group_count"));
  Variable t(Tensor{1.0}, true);
  optim::SGD small({t}, lr(0.1));
  EXPECT_THROW_MESSAGE(one.load_state_dict(small.state_dict()), ValueError,
                       torch_message("load_group_size"));
}

// Checks of our own: PyTorch would load these and fail (or worse) later.
TEST(LoadStateDict, RejectsWrongShapesIndicesAndOptionsAndChangesNothing) {
  Variable p(Tensor{1.0, 2.0}, true);
  optim::SGD sgd({p}, lr(0.1));
  optim::StateDict good = sgd.state_dict();

  optim::StateDict shape = good;
  shape.state[0]["momentum_buffer"] = Tensor{1.0, 2.0, 3.0};
  EXPECT_THROW_MESSAGE(sgd.load_state_dict(shape), ValueError,
                       "loaded state dict's momentum_buffer of parameter 0 "
                       "has shape (3,), but the parameter has shape (2,)");
  optim::StateDict index = good;
  index.state[5]["momentum_buffer"] = std::nullopt;
  EXPECT_THROW_MESSAGE(sgd.load_state_dict(index), ValueError,
                       "loaded state dict has state for parameter 5, which "
                       "no group lists");
  optim::StateDict option = good;
  option.param_groups[0].options["lr"] = -3.0;
  EXPECT_THROW_MESSAGE(sgd.load_state_dict(option), ValueError,
                       "Invalid learning rate: -3.0");
  EXPECT_EQ(sgd.param_groups()[0].number("lr"), 0.1);
  EXPECT_EQ(sgd.find_state(p), nullptr);
}

// Our own check: torch 1.13 builds a dict from the saved indices, so
// params [0, 0] silently gives parameter 1 the state saved for 0 and
// parameter 0 none at all.
TEST(LoadStateDict, RejectsAnIndexListedTwice) {
  Variable p0(Tensor{1.0}, true), p1(Tensor{2.0}, true);
  optim::SGD sgd({p0, p1}, lr(0.1));
  optim::StateDict sd = sgd.state_dict();
  sd.param_groups[0].params = {0, 0};
  sd.state[0]["momentum_buffer"] = Tensor{7.0};
  EXPECT_THROW_MESSAGE(sgd.load_state_dict(sd), ValueError,
                       "loaded state dict lists parameter 0 twice; each "
                       "index must name one parameter");
  EXPECT_EQ(sgd.find_state(p0), nullptr);
  EXPECT_EQ(sgd.find_state(p1), nullptr);
}

}  // namespace
