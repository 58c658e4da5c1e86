#pragma once
/// \file
/// \brief Pack4<float> as one SSE register on x86-64 with glibc: each
/// operation is one instruction, the exponential comes from glibc's vector
/// math library (libmvec) and \f$\log(1 + x)\f$ from a short series.
/// Elsewhere (BLOCKS_LIBMVEC 0) floats use the general Pack4.

#include "blocks/device/simd_pack4.hpp"

// libmvec's functions carry the names the x86-64 vector ABI gives them:
// _ZGVbN4v_expf is expf on four floats in one SSE register ("b": SSE,
// "N4": four lanes, "v": one vector argument). It came with glibc 2.22.
#if defined(__x86_64__) && defined(__GLIBC__) && !defined(__CUDA_ARCH__)
#if __GLIBC_PREREQ(2, 22)
/// \brief 1 where Pack4<float> is an SSE register with libmvec's expf,
/// else 0.
#define BLOCKS_LIBMVEC 1
#endif
#endif
#ifndef BLOCKS_LIBMVEC
/// \brief 1 where Pack4<float> is an SSE register with libmvec's expf,
/// else 0.
#define BLOCKS_LIBMVEC 0
#endif

#if BLOCKS_LIBMVEC
#include <immintrin.h>
extern "C" {
__m128 _ZGVbN4v_expf(__m128 x);
}
#endif

namespace blocks::device {

#if BLOCKS_LIBMVEC
/// \brief Four floats in one SSE register: each operation is one
/// instruction, the exponential and logarithm one libmvec call each.
template <>
struct Pack4<float> {
  __m128 v;  ///< the four lanes

  /// \brief All-ones lanes where a comparison held, zero elsewhere.
  struct Mask {
    __m128 bits;  ///< the lanes' bits
  };

  Pack4() = default;
  /// \brief The register `v`.
  explicit Pack4(__m128 lanes) : v(lanes) {}
  /// \brief `value` in all four lanes.
  explicit Pack4(float value) : v(_mm_set1_ps(value)) {}
  /// \brief `p[0..3]`, which need no alignment.
  static Pack4 load(const float* p) { return Pack4(_mm_loadu_ps(p)); }
  /// \brief Writes the lanes to `p[0..3]`.
  void store(float* p) const { _mm_storeu_ps(p, v); }
  /// \brief Lane `k`.
  float operator[](int k) const {
    float lanes[4];
    store(lanes);
    return lanes[k];
  }
};

// Arithmetic and comparisons of four floats, one instruction each.
/// \brief Lane-wise sum.
inline Pack4<float> operator+(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_add_ps(a.v, b.v));
}
/// \brief Lane-wise difference.
inline Pack4<float> operator-(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_sub_ps(a.v, b.v));
}
/// \brief Lane-wise product.
inline Pack4<float> operator*(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_mul_ps(a.v, b.v));
}
/// \brief Lane-wise quotient.
inline Pack4<float> operator/(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_div_ps(a.v, b.v));
}
/// \brief Lane-wise smaller value.
inline Pack4<float> min(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_min_ps(a.v, b.v));
}
/// \brief Lane-wise larger value.
inline Pack4<float> max(Pack4<float> a, Pack4<float> b) {
  return Pack4<float>(_mm_max_ps(a.v, b.v));
}
/// \brief Where `a` > `b`.
inline Pack4<float>::Mask operator>(Pack4<float> a, Pack4<float> b) {
  return {_mm_cmpgt_ps(a.v, b.v)};
}
/// \brief Where `a` >= `b`.
inline Pack4<float>::Mask operator>=(Pack4<float> a, Pack4<float> b) {
  return {_mm_cmpge_ps(a.v, b.v)};
}
/// \brief Where `a` == `b`.
inline Pack4<float>::Mask operator==(Pack4<float> a, Pack4<float> b) {
  return {_mm_cmpeq_ps(a.v, b.v)};
}
/// \brief `if_true` in the lanes where `mask` holds, else `if_false`
/// (SSE2 has no blend instruction: two masks and an or).
inline Pack4<float> select(Pack4<float>::Mask mask, Pack4<float> if_true,
                           Pack4<float> if_false) {
  return Pack4<float>(_mm_or_ps(_mm_and_ps(mask.bits, if_true.v),
                                _mm_andnot_ps(mask.bits, if_false.v)));
}
/// \brief \f$e^x\f$ of four floats, one libmvec call.
inline Pack4<float> exp(Pack4<float> x) {
  return Pack4<float>(_ZGVbN4v_expf(x.v));
}
// [log1p-unit]
/// \brief \f$\log(1 + x)\f$ of four floats in \f$[0, 1]\f$, the only
/// range the loss needs (\f$x = e^{-|z|}\f$), from the series
/// \f$\log(1 + x) = 2\,\mathrm{atanh}(s) = 2(s + s^3/3 + s^5/5 + \dots)\f$,
/// \f$s = x/(2 + x) \le 1/3\f$. Eight terms leave out less than
/// \f$10^{-9}\f$ of the value; rounding makes the error at most about
/// five float ulps (the tests hold it to \f$4 \cdot 10^{-7}\f$). libmvec's
/// 4-lane log1pf took twice as long when this was written (not a kept
/// benchmark).
inline Pack4<float> log1p_unit(Pack4<float> x) {
  using P = Pack4<float>;
  // 2s first, as 2x / (2 + x): exact for the tiniest x, where x/2 would
  // round away the last bit.
  const P two_s = (x + x) / (P(2.0f) + x);
  const P s = two_s * P(0.5f);
  const P s2 = s * s, s4 = s2 * s2, s8 = s4 * s4;
  // 1 + s2/3 + s4/5 + ... + s14/15, in pairs (Estrin's scheme): the
  // pairs do not wait on each other, as one long Horner chain would.
  const auto pair = [&](float a, float b) { return P(a) + P(b) * s2; };
  const P low = pair(1.0f, 1.0f / 3) + s4 * pair(1.0f / 5, 1.0f / 7);
  const P high = pair(1.0f / 9, 1.0f / 11) + s4 * pair(1.0f / 13, 1.0f / 15);
  return two_s * (low + s8 * high);
}
// [log1p-unit]
#endif

#if BLOCKS_LIBMVEC
/// \brief The four horizontal sums of four SSE registers: a transpose by
/// unpacks, then three adds.
inline Pack4<float> transposed_sums(const Pack4<float> (&a)[4]) {
  const __m128 lo01 = _mm_unpacklo_ps(a[0].v, a[1].v);  // a0.0 a1.0 a0.1 a1.1
  const __m128 hi01 = _mm_unpackhi_ps(a[0].v, a[1].v);  // a0.2 a1.2 a0.3 a1.3
  const __m128 lo23 = _mm_unpacklo_ps(a[2].v, a[3].v);
  const __m128 hi23 = _mm_unpackhi_ps(a[2].v, a[3].v);
  const __m128 s01 = _mm_add_ps(lo01, hi01);  // a0.0+a0.2 a1.0+a1.2 ...
  const __m128 s23 = _mm_add_ps(lo23, hi23);
  // movelh: the first halves of s01 and s23; movehl: the second halves.
  return Pack4<float>(
      _mm_add_ps(_mm_movelh_ps(s01, s23), _mm_movehl_ps(s23, s01)));
}
#endif

}  // namespace blocks::device
