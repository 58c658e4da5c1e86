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
  // TODO(exercise 1): torch.optim.Adagrad's update, for every parameter p
  // that has a gradient g. PyTorch 1.13's documentation of
  // torch.optim.Adagrad gives the algorithm; in the page's letters, with
  // lr gamma, lr_decay eta, weight_decay lambda, and t the parameter's step
  // count (1 on its first step):
  //   g <- g + lambda p,    gamma_t = gamma / (1 + (t - 1) eta),
  //   s <- s + g^2,         p <- p - gamma_t g / (sqrt(s) + eps).
  // Hint: t and s live in state(p) (the constructor above fills them);
  // SGD::update() in src/sgd.cpp shows how to walk the groups.
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
