// Exercise 3 — solution.
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"
#include "ch02_exercises.hpp"

namespace blocks::exercises {

Tensor LinearBCEFunction::forward(autograd::Context& ctx, const Tensor& x,
                                  const Tensor& w, const Tensor& b,
                                  const Tensor& y) {
  const Tensor z = blocks::matmul(x, xt::transpose(w)) + b;
  if (z.shape() != y.shape()) {
    throw ShapeError("LinearBCEFunction: z " + shape_string(z.shape()) +
                     " and y " + shape_string(y.shape()) + " differ");
  }
  // The chapter's stable form: no exponent is ever positive.
  const Tensor terms =
      xt::maximum(z, 0.0) - z * y + xt::log1p(xt::exp(-xt::abs(z)));
  ctx.save_for_backward(x, w, z, y);
  return Tensor(xt::mean(terms)());
}

std::vector<std::optional<Tensor>> LinearBCEFunction::backward(
    autograd::Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const Tensor& x = ctx.saved(0);
  const Tensor& w = ctx.saved(1);
  const Tensor& z = ctx.saved(2);
  const Tensor& y = ctx.saved(3);
  // d mean(l)/dz = (sigma(z) - y) / N for N terms, times the upstream
  // gradient (a 0-d tensor: the loss is a scalar).
  const double n = static_cast<double>(z.size());
  const Tensor dz = grad_outputs[0]() * (1.0 / (1.0 + xt::exp(-z)) - y) / n;
  // Then the linear layer, as LinearFunction::backward.
  return {blocks::matmul(dz, w), blocks::matmul(xt::transpose(dz), x),
          Tensor(xt::sum(dz, {0})), std::nullopt};
}

}  // namespace blocks::exercises
