#pragma once
/// \file
/// \brief What one row contributes to the fused sums, the same formulas as
/// Chapter 6, for every kernel: written once for a single value (the GPU
/// kernels) and for four rows at a time (the blocked kernel's Pack4).

#include <type_traits>

#include <Kokkos_Core.hpp>

#include "blocks/device/kokkos_compat.hpp"

namespace blocks::device {

/// \brief The per-row work shared by all the kernels, given the logit
/// \f$z\f$ and the label \f$y\f$: \f$r = \sigma(z) - y\f$, the loss
/// \f$\max(z,0) - zy + \log(1 + e^{-|z|})\f$ and whether
/// \f$\sigma(z) > 0.5\f$ equals the label. `T` is one value or a Pack4.
template <class T>
struct RowTermsOf {
  T r;        ///< \f$\sigma(z) - y\f$, the derivative of the loss in z
  T loss;     ///< the loss of the row
  T correct;  ///< 1 when the prediction is right, else 0
};

/// \brief The terms of one row, in double.
using RowTerms = RowTermsOf<double>;

// The two choices row_terms makes, for a single value. Pack4 has its own,
// lane by lane: both spellings let one formula serve.

/// \brief `if_true` when `condition` holds, else `if_false`.
template <class S, class = std::enable_if_t<std::is_floating_point_v<S>>>
KOKKOS_INLINE_FUNCTION S select(bool condition, S if_true, S if_false) {
  return condition ? if_true : if_false;
}
/// \brief The larger of `a` and `b`.
template <class S, class = std::enable_if_t<std::is_floating_point_v<S>>>
KOKKOS_INLINE_FUNCTION S max(S a, S b) {
  return a > b ? a : b;
}

#if defined(__CUDACC__) && !defined(__clang__)
// Host and device code for a number, host code only for a Pack4: nvcc is
// told not to check that every function it calls runs on both.
#pragma nv_exec_check_disable
#endif
// [row-terms]
/// \brief RowTerms given \f$e = \exp(-|z|)\f$ and \f$\log(1 + e)\f$, for
/// one row (`T` a number) or four (`T` a Pack4). No branch: both sides are
/// computed and one is selected, so vector lanes can differ in sign.
template <class T>
KOKKOS_INLINE_FUNCTION RowTermsOf<T> row_terms(T z, T y, T e, T log1p_e) {
  const T one(1), zero(0), half(0.5);
  // One exponential serves both: e = exp(-|z|) never overflows, and
  // sigma(|z|) = 1/(1+e), sigma(-|z|) = e/(1+e).
  const T sigma_abs = one / (one + e);
  const T sigma_minus_abs = e * sigma_abs;
  const auto nonneg = z >= zero;
  const T p = select(nonneg, sigma_abs, sigma_minus_abs);  // sigma(z)
  const T q = select(nonneg, sigma_minus_abs, sigma_abs);  // sigma(-z)
  // p - y, written (1-y)p - yq: for y = 1 it is -q, with no cancellation
  // when p is close to 1.
  const T r = (one - y) * p - y * q;
  const T loss = max(z, zero) - z * y + log1p_e;
  const T correct = select(select(p > half, one, zero) == y, one, zero);
  return {r, loss, correct};
}

/// \brief RowTerms of one row, computed in `S` (float or double).
template <class S, class = std::enable_if_t<std::is_floating_point_v<S>>>
KOKKOS_INLINE_FUNCTION RowTermsOf<S> row_terms(S z, S y) {
  const S e = compat::math::exp(-compat::math::fabs(z));
  return row_terms(z, y, e, compat::math::log1p(e));
}
// [row-terms]

/// \brief Running sums of \f$r\f$, the loss, the number correct and the
/// number of rows, in double whatever the data's scalar: one GPU thread's,
/// or one block's of the blocked kernel.
struct ThreadSums {
  double r = 0.0;        ///< \f$\sum r_i\f$, the bias gradient
  double loss = 0.0;     ///< the loss sum
  double correct = 0.0;  ///< rows predicted right
  double count = 0.0;    ///< rows

  /// \brief Adds one row's terms.
  template <class S>
  KOKKOS_INLINE_FUNCTION void add(const RowTermsOf<S>& row) {
    r += double(row.r);
    loss += double(row.loss);
    correct += double(row.correct);
    count += 1.0;
  }
};

}  // namespace blocks::device
