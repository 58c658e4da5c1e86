#pragma once
/// \file
/// \brief The three custom Functions again, written as plain loops over
/// the tensors' elements: what the programs run ("Making it fast" in
/// \ref ch02_custom_functions). Each gives the same numbers, to the bit,
/// as its twin in custom_functions.hpp, which the page teaches.
///
/// A twin has the same name as the Function it mirrors, in namespace
/// `fast`, so its nodes are named alike (`LinearFunctionBackward`). Where
/// its loop would not repeat the taught code's arithmetic exactly (a
/// product BLAS computes, an empty tensor, a mean over three or more
/// dimensions) or the arguments are wrong, it calls the taught Function.

#include <optional>
#include <vector>

#include "blocks/autograd/function.hpp"

namespace blocks::autograd::fast {

/// \brief autograd::LinearFunction, by loops below kSmallProduct
/// multiply-adds.
struct LinearFunction : Function<LinearFunction> {
  /// \brief \f$z = x W^\top + b\f$; saves \f$x\f$ and \f$W\f$.
  /// \throws ShapeError as autograd::LinearFunction does.
  static Tensor forward(Context& ctx, const Tensor& x, const Tensor& w,
                        const Tensor& b);
  /// \brief The gradients for \f$x\f$, \f$W\f$ and \f$b\f$ that are needed.
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};

/// \brief autograd::SigmoidFunction, by one loop each way.
struct SigmoidFunction : Function<SigmoidFunction> {
  /// \brief \f$\sigma(z)\f$ element-wise; saves the result.
  static Tensor forward(Context& ctx, const Tensor& z);
  /// \brief \f$\bar{y}\, y (1 - y)\f$.
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};

/// \brief autograd::BCEWithLogitsFunction, by one loop each way.
struct BCEWithLogitsFunction : Function<BCEWithLogitsFunction> {
  /// \brief The mean loss, shape `()`.
  /// \throws ShapeError, ValueError as autograd::BCEWithLogitsFunction
  ///         does.
  static Tensor forward(Context& ctx, const Tensor& z, const Tensor& y);
  /// \brief The gradients for \f$z\f$ and \f$y\f$ that are needed.
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& grad_outputs);
};

}  // namespace blocks::autograd::fast
