#include "blocks/nn/losses.hpp"

#include "blocks/autograd/custom_functions_fast.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::nn {

using autograd::Variable;

// [builtin-bce-impl]
Variable bce_with_logits(const Variable& z, const Variable& y) {
  if (z.shape() != y.shape()) {
    throw ShapeError("bce_with_logits: Target size " + shape_string(y.shape()) +
                     " must be the same as input size " +
                     shape_string(z.shape()));
  }
  // PyTorch 1.13's formula: shifting by m keeps both exponents <= 0, so
  // nothing overflows, and the loss matches nn.BCEWithLogitsLoss bit for
  // bit.
  const Variable neg_z = -z;
  Variable m = autograd::maximum(neg_z, 0.0);
  Variable lse = autograd::log(autograd::exp(-m) + autograd::exp(neg_z - m));
  return autograd::mean((1.0 - y) * z + m + lse);
}
// [builtin-bce-impl]

// The loop twin of BCEWithLogitsFunction: same bits, a fraction of the
// cost on a small batch (Chapter 2, "Making it fast").
Variable custom_bce_with_logits(const Variable& z, const Variable& y) {
  return autograd::fast::BCEWithLogitsFunction::apply(z, y);
}

Loss make_loss(Flavour flavour) {
  if (flavour == Flavour::builtin) return fused_bce_with_logits;
  return custom_bce_with_logits;
}

}  // namespace blocks::nn
