// Exercise 1 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: backward returns the local derivative 1 - y^2 alone and
// forgets to multiply by the incoming gradient g (the "vector" of the
// vector-Jacobian product), so it is right only when g is all ones.
#include <xtensor/xmath.hpp>

#include "ch02_exercises.hpp"

namespace blocks::exercises {

Tensor TanhFunction::forward(autograd::Context& ctx, const Tensor& z) {
  Tensor y = xt::tanh(z);
  ctx.save_for_backward(y);
  return y;
}

std::vector<std::optional<Tensor>> TanhFunction::backward(
    autograd::Context& ctx, const std::vector<Tensor>& grad_outputs) {
  (void)grad_outputs;
  const Tensor& y = ctx.saved(0);
  return {Tensor(1.0 - y * y)};
}

}  // namespace blocks::exercises
