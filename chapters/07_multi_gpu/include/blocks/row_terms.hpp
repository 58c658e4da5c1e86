#pragma once
/// \file
/// \brief What one row contributes to the fused sums, the same formulas as
/// Chapter 6, for every kernel.

#include <Kokkos_Core.hpp>

#include "blocks/kokkos_compat.hpp"

namespace blocks::dist {

/// \brief The per-row work shared by all the kernels, given the logit
/// \f$z\f$ and the label \f$y\f$: \f$r = \sigma(z) - y\f$, the loss
/// \f$\max(z,0) - zy + \log(1 + e^{-|z|})\f$ and whether
/// \f$\sigma(z) > 0.5\f$ equals the label.
struct RowTerms {
  double r;        ///< \f$\sigma(z) - y\f$, the derivative of the loss in z
  double loss;     ///< the loss of the row
  double correct;  ///< 1 when the prediction is right, else 0
};

// [row-terms]
/// \brief RowTerms of one row, given \f$e = \exp(-|z|)\f$ and
/// \f$\log(1 + e)\f$ (the blocked kernel computes those for a whole block
/// at once).
KOKKOS_INLINE_FUNCTION RowTerms row_terms(double z, double y, double e,
                                          double log1p_e) {
  // One exponential serves both: e = exp(-|z|) never overflows, and
  // sigma(z) is 1/(1+e) for z >= 0 and e/(1+e) below.
  const double p = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  const double loss = (z > 0.0 ? z : 0.0) - z * y + log1p_e;
  const double correct = ((p > 0.5 ? 1.0 : 0.0) == y) ? 1.0 : 0.0;
  return {p - y, loss, correct};
}

/// \brief RowTerms of one row.
KOKKOS_INLINE_FUNCTION RowTerms row_terms(double z, double y) {
  const double e = compat::math::exp(-compat::math::fabs(z));
  return row_terms(z, y, e, compat::math::log1p(e));
}
// [row-terms]

}  // namespace blocks::dist
