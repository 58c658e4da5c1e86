#pragma once
/// \file
/// \brief \f$e = \exp(-|z|)\f$ and \f$\log(1 + e)\f$ for a block of
/// values: four floats per call through glibc's vector math library
/// (libmvec) on x86-64, one value at a time elsewhere.

#include <cmath>
#include <cstddef>

// libmvec's functions carry the names the x86-64 vector ABI gives them:
// _ZGVbN4v_expf is expf on four floats in one SSE register ("b": SSE,
// "N4": four lanes, "v": one vector argument). log1pf joined in glibc 2.35.
#if defined(__x86_64__) && defined(__GLIBC__) && !defined(__CUDA_ARCH__)
#if __GLIBC_PREREQ(2, 35)
/// \brief 1 where glibc's libmvec has expf and log1pf for four floats,
/// else 0.
#define BLOCKS_LIBMVEC 1
#endif
#endif
#ifndef BLOCKS_LIBMVEC
/// \brief 1 where glibc's libmvec has expf and log1pf for four floats,
/// else 0.
#define BLOCKS_LIBMVEC 0
#endif

#if BLOCKS_LIBMVEC
#include <immintrin.h>
extern "C" {
__m128 _ZGVbN4v_expf(__m128 x);
__m128 _ZGVbN4v_log1pf(__m128 x);
}
#endif

namespace blocks::dist {

// [vector-math]
/// \brief `e[b]` = \f$\exp(-|z_b|)\f$ and `log1p_e[b]` = \f$\log(1 +
/// e_b)\f$ for `b < m`, four at a time where libmvec is available.
inline void exp_and_log1p_of_minus_abs(const float* z, std::size_t m, float* e,
                                       float* log1p_e) {
  std::size_t b = 0;
#if BLOCKS_LIBMVEC
  const __m128 sign_bit = _mm_set1_ps(-0.0f);
  for (; b + 4 <= m; b += 4) {
    // -|z|: the sign bit set on all four.
    const __m128 minus_abs = _mm_or_ps(_mm_loadu_ps(z + b), sign_bit);
    const __m128 exps = _ZGVbN4v_expf(minus_abs);
    _mm_storeu_ps(e + b, exps);
    _mm_storeu_ps(log1p_e + b, _ZGVbN4v_log1pf(exps));
  }
#endif
  for (; b < m; ++b) {
    e[b] = std::exp(-std::fabs(z[b]));
    log1p_e[b] = std::log1p(e[b]);
  }
}
// [vector-math]

/// \brief The same in double, one value at a time (the parity tests' path).
inline void exp_and_log1p_of_minus_abs(const double* z, std::size_t m,
                                       double* e, double* log1p_e) {
  for (std::size_t b = 0; b < m; ++b) {
    e[b] = std::exp(-std::fabs(z[b]));
    log1p_e[b] = std::log1p(e[b]);
  }
}

}  // namespace blocks::dist
