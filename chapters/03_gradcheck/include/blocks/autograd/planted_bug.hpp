#pragma once
/// \file
/// \brief The bug Chapter 3 plants for gradcheck to find: the notebook's
/// sigmoid with its backward missing the \f$(1 - \sigma)\f$ factor. One
/// definition, shared by the chapter's program, its tests and the
/// exercises' tests.

#include <optional>
#include <vector>

#include <xtensor/xmath.hpp>

#include "blocks/autograd/context.hpp"
#include "blocks/autograd/function.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

/// \brief \f$\sigma(z)\f$ forward, but \f$g\,\sigma\f$ backward instead of
/// \f$g\,\sigma(1-\sigma)\f$: a wrong Function that looks right.
// [planted-bug]
struct SigmoidMissingFactor : Function<SigmoidMissingFactor> {
  /// \brief \f$\sigma(z) = 1 / (1 + e^{-z})\f$, saved for backward.
  static Tensor forward(Context& ctx, const Tensor& z) {
    Tensor y = 1.0 / (1.0 + xt::exp(-z));
    ctx.save_for_backward(y);
    return y;
  }
  /// \brief The planted mistake.
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    return {g[0] * ctx.saved(0)};  // should be g * y * (1 - y)
  }
};
// [planted-bug]

}  // namespace blocks::autograd
