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

}  // namespace blocks::exercises
