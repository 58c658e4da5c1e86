#pragma once
/// \file
/// \brief The notebook's three custom autograd Functions, each with a
/// hand-written backward: a linear layer, the sigmoid, and the numerically
/// stable binary cross-entropy on logits.

#include <optional>
#include <vector>

#include "blocks/autograd/function.hpp"
#include "blocks/autograd/variable.hpp"

namespace blocks::autograd {

// [linear-function]
/// \brief \f$z = x W^\top + b\f$ for a batch, as `nn.Linear` computes it.
///
/// Inputs: \f$x\f$ of shape (batch, in), \f$W\f$ of shape (out, in), \f$b\f$
/// of shape (out,). Backward: \f$\bar{x} = \bar{z} W\f$,
/// \f$\bar{W} = \bar{z}^\top x\f$, \f$\bar{b} = \sum_i \bar{z}_i\f$.
/// Call `LinearFunction::apply(x, w, b)`.
struct LinearFunction : Function<LinearFunction> {
  /// \brief The affine map, saving \f$x\f$ and \f$W\f$ for backward.
  /// \throws ShapeError when the shapes do not fit, naming all three.
  static Tensor forward(Context& ctx, const Tensor& x, const Tensor& w,
                        const Tensor& b);
  /// \brief The gradients for \f$x\f$, \f$W\f$ and \f$b\f$ (only those
  /// needed; `std::nullopt` for the others).
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};
// [linear-function]

/// \brief \f$\sigma(z) = 1/(1 + e^{-z})\f$ element-wise; backward uses the
/// saved output: \f$\bar{z} = \bar{y}\, y (1 - y)\f$.
/// Call `SigmoidFunction::apply(z)`.
struct SigmoidFunction : Function<SigmoidFunction> {
  /// \brief The sigmoid of every element; saves the result.
  static Tensor forward(Context& ctx, const Tensor& z);
  /// \brief \f$\bar{y}\, y (1 - y)\f$.
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};

/// \brief The mean binary cross-entropy of logits \f$z\f$ against targets
/// \f$y\f$, in the stable form
/// \f$\ell = \max(z, 0) - z y + \ln(1 + e^{-|z|})\f$
/// (`nn.BCEWithLogitsLoss()`, reduction `'mean'`).
///
/// Gradients, with \f$m\f$ the number of elements:
/// \f$\partial L/\partial z = (\sigma(z) - y)/m\f$ and, as the notebook
/// writes it, \f$\partial L/\partial y = -z/m\f$.
/// Call `BCEWithLogitsFunction::apply(z, y)`.
struct BCEWithLogitsFunction : Function<BCEWithLogitsFunction> {
  /// \brief The mean loss, shape `()`.
  /// \throws ShapeError unless `z` and `y` have the same shape (PyTorch's
  ///         message); ValueError when they are empty.
  static Tensor forward(Context& ctx, const Tensor& z, const Tensor& y);
  /// \brief The gradients for \f$z\f$ and \f$y\f$ (only those needed;
  /// `std::nullopt` for the others).
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};

}  // namespace blocks::autograd
