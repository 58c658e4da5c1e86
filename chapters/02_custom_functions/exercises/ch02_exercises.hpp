#pragma once
// Chapter 2 exercises: what you write. The stubs in this folder throw until
// you fill them in; solutions/ holds the tested answers.
#include <optional>
#include <vector>

#include "blocks/autograd.hpp"

namespace blocks::exercises {

// Exercise 1: tanh as a custom Function, y = tanh(z) element-wise, with a
// hand-written backward. Save what backward needs in forward; the
// derivative is 1 - tanh(z)^2, cheapest from the saved output.
struct TanhFunction : autograd::Function<TanhFunction> {
  static Tensor forward(autograd::Context& ctx, const Tensor& z);
  static std::vector<std::optional<Tensor>> backward(
      autograd::Context& ctx, const std::vector<Tensor>& grad_outputs);
};

// Exercise 2: log σ(z), element-wise, from elementary operations only
// (no custom Function), finite for every z: log σ(-800) is -800, not -inf.
// Then the loss -[y log σ(z) + (1 - y) log σ(-z)] never overflows.
autograd::Variable log_sigmoid(const autograd::Variable& z);

// Exercise 3 (challenge): a linear layer and its loss fused into one
// Function: the mean BCE-with-logits of z = x w^T + b against targets y,
// x (batch, in), w (out, in), b (out,), y (batch, out), returning a 0-d
// loss. Backward, by hand, returns the gradients of x, w and b (std::nullopt
// for y, a target): one node where the composed graph has two.
struct LinearBCEFunction : autograd::Function<LinearBCEFunction> {
  static Tensor forward(autograd::Context& ctx, const Tensor& x,
                        const Tensor& w, const Tensor& b, const Tensor& y);
  static std::vector<std::optional<Tensor>> backward(
      autograd::Context& ctx, const std::vector<Tensor>& grad_outputs);
};

}  // namespace blocks::exercises
