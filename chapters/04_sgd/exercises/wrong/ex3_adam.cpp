// Exercise 3 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: no bias correction. m and v start at zero, so without
// dividing by 1 - beta^t the first steps use averages that are too small
// (here the first step is lr * (1 - beta1) / sqrt(1 - beta2), not lr).
#include <cmath>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "ch04_exercises.hpp"

namespace blocks::exercises {

namespace {

optim::Options to_options(const AdamOptions& o) {
  return {{"lr", o.lr},
          {"beta1", o.beta1},
          {"beta2", o.beta2},
          {"eps", o.eps},
          {"weight_decay", o.weight_decay},
          {"amsgrad", o.amsgrad}};
}

}  // namespace

Adam::Adam(std::vector<autograd::Variable> params, const AdamOptions& options)
    : Adam(std::vector<optim::ParamGroup>{optim::ParamGroup(std::move(params))},
           options) {}

Adam::Adam(std::vector<optim::ParamGroup> groups, const AdamOptions& options)
    : Optimizer(std::move(groups), to_options(options)) {
  for (const auto& group : param_groups()) {
    for (const auto& p : group.params) {
      optim::ParamState& s = state(p);
      s["step"] = Tensor(0.0);
      s["exp_avg"] = Tensor(xt::zeros_like(p.value()));
      s["exp_avg_sq"] = Tensor(xt::zeros_like(p.value()));
      if (group.flag("amsgrad")) {
        s["max_exp_avg_sq"] = Tensor(xt::zeros_like(p.value()));
      }
    }
  }
}

void Adam::update() {
  for (const auto& group : param_groups()) {
    const double lr = group.number("lr");
    const double beta1 = group.number("beta1");
    const double beta2 = group.number("beta2");
    const double eps = group.number("eps");
    const double weight_decay = group.number("weight_decay");
    const bool amsgrad = group.flag("amsgrad");
    for (autograd::Variable p : group.params) {
      if (!p.has_grad()) continue;
      optim::ParamState& s = state(p);
      Tensor& step = *s["step"];
      Tensor& m = *s["exp_avg"];
      Tensor& v = *s["exp_avg_sq"];
      step() += 1.0;
      Tensor g = p.grad();
      if (weight_decay != 0.0) {
        g = optim::add_scaled(g, p.value(), weight_decay);
      }
      m = beta1 * m + (1.0 - beta1) * g;
      v = beta2 * v + (1.0 - beta2) * g * g;
      Tensor second = v;
      if (amsgrad) {  // the largest v so far: steps never grow back
        Tensor& v_max = *s["max_exp_avg_sq"];
        v_max = xt::maximum(v_max, v);
        second = v_max;
      }
      const Tensor denom = xt::sqrt(second) + eps;
      p.copy_(p.value() - lr * m / denom);
    }
  }
}

}  // namespace blocks::exercises
