// Exercise 1 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: an off-by-one in the decayed learning rate, t where
// PyTorch has t - 1, so even the first step is already decayed.
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "ch04_exercises.hpp"

namespace blocks::exercises {

namespace {

optim::Options to_options(const AdagradOptions& o) {
  return {{"lr", o.lr},
          {"lr_decay", o.lr_decay},
          {"weight_decay", o.weight_decay},
          {"initial_accumulator_value", o.initial_accumulator_value},
          {"eps", o.eps}};
}

}  // namespace

Adagrad::Adagrad(std::vector<autograd::Variable> params,
                 const AdagradOptions& options)
    : Adagrad(
          std::vector<optim::ParamGroup>{optim::ParamGroup(std::move(params))},
          options) {}

Adagrad::Adagrad(std::vector<optim::ParamGroup> groups,
                 const AdagradOptions& options)
    : Optimizer(std::move(groups), to_options(options)) {
  for (const auto& group : param_groups()) {
    const double init = group.number("initial_accumulator_value");
    for (const auto& p : group.params) {
      optim::ParamState& s = state(p);
      s["step"] = Tensor(0.0);
      s["sum"] = Tensor(xt::full_like(p.value(), init));
    }
  }
}

void Adagrad::update() {
  for (const auto& group : param_groups()) {
    const double lr = group.number("lr");
    const double lr_decay = group.number("lr_decay");
    const double weight_decay = group.number("weight_decay");
    const double eps = group.number("eps");
    for (autograd::Variable p : group.params) {  // a handle, as in Python
      if (!p.has_grad()) continue;
      optim::ParamState& s = state(p);
      Tensor& step = *s["step"];
      Tensor& sum = *s["sum"];
      step() += 1.0;
      Tensor g = p.grad();
      if (weight_decay != 0.0) {
        g = optim::add_scaled(g, p.value(), weight_decay);
      }
      const double clr = lr / (1.0 + step() * lr_decay);
      sum = sum + g * g;
      const Tensor std_dev = xt::sqrt(sum) + eps;
      p.copy_(p.value() - clr * g / std_dev);
    }
  }
}

}  // namespace blocks::exercises
