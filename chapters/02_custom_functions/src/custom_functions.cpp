#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>
#include <xtensor/xreducer.hpp>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"

namespace blocks::autograd {

namespace {

// The sum of g's rows. An empty batch sums to zeros: xtensor's reducer
// would step from the empty array's null data pointer (undefined).
Tensor sum_of_rows(const Tensor& g) {
  if (g.shape(0) == 0) return xt::zeros<double>({g.shape(1)});
  return xt::sum(g, {0});
}

}  // namespace

// [linear-impl]
Tensor LinearFunction::forward(Context& ctx, const Tensor& x, const Tensor& w,
                               const Tensor& b) {
  if (x.dimension() != 2 || w.dimension() != 2 || b.dimension() != 1 ||
      x.shape(1) != w.shape(1) || b.shape(0) != w.shape(0)) {
    throw ShapeError("LinearFunction: x " + shape_string(x.shape()) + ", w " +
                     shape_string(w.shape()) + " and b " +
                     shape_string(b.shape()) +
                     " do not fit: expected x (batch, in), w (out, in), "
                     "b (out,)");
  }
  ctx.save_for_backward(x, w);
  Tensor z = blocks::matmul(x, xt::transpose(w));
  xt::noalias(z) += b;  // in place: `matmul(...) + b` makes one more tensor
  return z;
}

std::vector<std::optional<Tensor>> LinearFunction::backward(
    Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const Tensor& g = grad_outputs[0];  // (batch, out)
  const Tensor& x = ctx.saved(0);
  const Tensor& w = ctx.saved(1);
  // None until computed, as in Python's `grad_x = grad_w = grad_b = None`;
  // filled in place, since `return {gx, gw, gb}` would copy all three.
  std::vector<std::optional<Tensor>> grads(3);
  if (ctx.needs_input_grad(0)) grads[0] = blocks::matmul(g, w);
  if (ctx.needs_input_grad(1)) grads[1] = blocks::matmul(xt::transpose(g), x);
  // b was broadcast over the batch, so its gradient sums over the batch.
  if (ctx.needs_input_grad(2)) grads[2] = sum_of_rows(g);
  return grads;
}
// [linear-impl]

// [sigmoid-impl]
Tensor SigmoidFunction::forward(Context& ctx, const Tensor& z) {
  Tensor y = 1.0 / (1.0 + xt::exp(-z));
  ctx.save_for_backward(y);
  return y;
}

std::vector<std::optional<Tensor>> SigmoidFunction::backward(
    Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const Tensor& y = ctx.saved(0);
  return {grad_outputs[0] * y * (1.0 - y)};
}
// [sigmoid-impl]

// [bce-impl]
Tensor BCEWithLogitsFunction::forward(Context& ctx, const Tensor& z,
                                      const Tensor& y) {
  if (z.shape() != y.shape()) {
    throw ShapeError(
        "BCEWithLogitsFunction: Target size " + shape_string(y.shape()) +
        " must be the same as input size " + shape_string(z.shape()));
  }
  if (z.size() == 0) {
    throw ValueError("BCEWithLogitsFunction: empty input of shape " +
                     shape_string(z.shape()) + " (the mean of no losses)");
  }
  ctx.save_for_backward(z, y);
  // exp(-|z|) is at most 1: nothing here can overflow, whatever z is.
  Tensor losses = xt::maximum(z, 0.0) - z * y + xt::log1p(xt::exp(-xt::abs(z)));
  return xt::mean(losses);
}

std::vector<std::optional<Tensor>> BCEWithLogitsFunction::backward(
    Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const double g = grad_outputs[0]();  // the loss is a scalar
  const Tensor& z = ctx.saved(0);
  const Tensor& y = ctx.saved(1);
  const double m = static_cast<double>(z.size());
  std::vector<std::optional<Tensor>> grads(2);  // None until computed
  if (ctx.needs_input_grad(0)) {
    grads[0] = Tensor(g * (1.0 / (1.0 + xt::exp(-z)) - y) / m);
  }
  if (ctx.needs_input_grad(1)) grads[1] = Tensor(g * -z / m);
  return grads;
}
// [bce-impl]

}  // namespace blocks::autograd
