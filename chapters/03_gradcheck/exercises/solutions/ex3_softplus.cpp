// Exercise 3 — solution. The bug was in backward: the slope of
// log(1 + e^{beta z}) / beta is sigma(beta z), and the stub had sigma(z).
// gradcheck shows it as analytical and numerical values that agree at
// z = 0 (both 1/2) and nowhere else; at beta = 1 the bug would be
// invisible, which is why the tests use beta = 2.
#include <any>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "ch03_exercises.hpp"

namespace blocks::exercises {

Tensor SoftplusFunction::forward(autograd::Context& ctx, const Tensor& z,
                                 double beta, double threshold) {
  ctx.save_for_backward(z);
  ctx.saved_data["beta"] = beta;
  ctx.saved_data["threshold"] = threshold;
  const Tensor bz = beta * z;
  // Past the threshold softplus is z to within rounding, and exp(bz)
  // could overflow: PyTorch returns z there.
  return xt::where(bz > threshold, z, xt::log1p(xt::exp(bz)) / beta);
}

std::vector<std::optional<Tensor>> SoftplusFunction::backward(
    autograd::Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const Tensor& z = ctx.saved(0);
  const double beta = std::any_cast<double>(ctx.saved_data.at("beta"));
  const double threshold =
      std::any_cast<double>(ctx.saved_data.at("threshold"));
  const Tensor bz = beta * z;
  const Tensor slope = 1.0 / (1.0 + xt::exp(-bz));
  return {grad_outputs[0] * xt::where(bz > threshold, 1.0, slope), std::nullopt,
          std::nullopt};
}

}  // namespace blocks::exercises
