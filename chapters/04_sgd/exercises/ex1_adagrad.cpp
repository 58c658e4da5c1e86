// Exercise 1 — Adagrad. See ch04_exercises.hpp and the chapter page.
#include <stdexcept>

#include <xtensor/xbuilder.hpp>

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
  // TODO(exercise 1): for every parameter with a gradient g, as PyTorch
  // 1.13's _single_tensor_adagrad does:
  //   step += 1                       (the 0-d tensor state(p)["step"])
  //   g = g + weight_decay * p        (only if weight_decay != 0)
  //   clr = lr / (1 + (step - 1) * lr_decay)
  //   sum = sum + g * g               (state(p)["sum"])
  //   p = p - clr * g / (sqrt(sum) + eps)
  // Hint: optim::add_scaled(a, b, alpha) is PyTorch's a.add(b, alpha=...).
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
