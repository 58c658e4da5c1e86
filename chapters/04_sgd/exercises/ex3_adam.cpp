// Exercise 3 — Adam. See ch04_exercises.hpp and the chapter page.
#include <stdexcept>

#include <xtensor/xbuilder.hpp>

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
  // TODO(exercise 3): torch.optim.Adam's update (its PyTorch 1.13
  // documentation gives the algorithm) for every parameter p with a
  // gradient g, with t = ++step:
  //   g <- g + lambda p                    (weight decay, as in Adagrad)
  //   m <- beta1 m + (1 - beta1) g,  v <- beta2 v + (1 - beta2) g^2
  //   p <- p - lr m_hat / (sqrt(v_hat) + eps)
  // Read the documentation for m_hat, v_hat and amsgrad: the test checks
  // both to 1e-12 against torch.
  throw std::logic_error("exercise 3: not implemented");
}

}  // namespace blocks::exercises
