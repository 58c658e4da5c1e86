// Exercise 3 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the chain rule applied to e^{beta z} but the 1/beta in
// front of the log forgotten, giving beta sigma(beta z): twice too large
// at beta = 2 (and still right at beta = 1).
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
  const Tensor slope = beta / (1.0 + xt::exp(-bz));
  return {grad_outputs[0] * xt::where(bz > threshold, 1.0, slope), std::nullopt,
          std::nullopt};
}

}  // namespace blocks::exercises
