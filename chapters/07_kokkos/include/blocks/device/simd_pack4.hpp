#pragma once
/// \file
/// \brief Pack4: four values of one scalar type that the blocked kernel
/// computes on together, here as four plain values (the compiler may still
/// vectorise them). Floats on x86-64 with glibc are one SSE register
/// instead: see simd_pack4_sse.hpp, included at the end.

#include <cmath>
#include <cstddef>

namespace blocks::device {

/// \brief Four values of `S`, one per lane; each operation works lane by
/// lane. This general version is four plain values (the compiler may still
/// vectorise it).
template <class S>
struct Pack4 {
  S lane[4];  ///< the values

  /// \brief Which lanes a comparison held in.
  struct Mask {
    bool lane[4];  ///< true where it held
  };

  Pack4() = default;
  /// \brief `value` in all four lanes.
  explicit Pack4(S value) : lane{value, value, value, value} {}
  /// \brief `p[0..3]`.
  static Pack4 load(const S* p) { return Pack4(p[0], p[1], p[2], p[3]); }
  /// \brief Writes the lanes to `p[0..3]`.
  void store(S* p) const {
    for (int k = 0; k < 4; ++k) p[k] = lane[k];
  }
  /// \brief Lane `k`.
  S operator[](int k) const { return lane[k]; }

  /// \brief Lane-wise `f(a)`.
  template <class F>
  static Pack4 map(const Pack4& a, F f) {
    return Pack4(f(a.lane[0]), f(a.lane[1]), f(a.lane[2]), f(a.lane[3]));
  }
  /// \brief Lane-wise `f(a, b)`.
  template <class F>
  static Pack4 zip(const Pack4& a, const Pack4& b, F f) {
    return Pack4(f(a.lane[0], b.lane[0]), f(a.lane[1], b.lane[1]),
                 f(a.lane[2], b.lane[2]), f(a.lane[3], b.lane[3]));
  }
  /// \brief Lane-wise comparison `f(a, b)`.
  template <class F>
  static Mask test(const Pack4& a, const Pack4& b, F f) {
    return {{f(a.lane[0], b.lane[0]), f(a.lane[1], b.lane[1]),
             f(a.lane[2], b.lane[2]), f(a.lane[3], b.lane[3])}};
  }

 private:
  Pack4(S a, S b, S c, S d) : lane{a, b, c, d} {}
};

/// \brief Lane-wise sum.
template <class S>
Pack4<S> operator+(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u + v; });
}
/// \brief Lane-wise difference.
template <class S>
Pack4<S> operator-(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u - v; });
}
/// \brief Lane-wise product.
template <class S>
Pack4<S> operator*(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u * v; });
}
/// \brief Lane-wise quotient.
template <class S>
Pack4<S> operator/(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u / v; });
}
/// \brief Lane-wise smaller value.
template <class S>
Pack4<S> min(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u < v ? u : v; });
}
/// \brief Lane-wise larger value.
template <class S>
Pack4<S> max(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::zip(a, b, [](S u, S v) { return u > v ? u : v; });
}
/// \brief Where `a` > `b`.
template <class S>
typename Pack4<S>::Mask operator>(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::test(a, b, [](S u, S v) { return u > v; });
}
/// \brief Where `a` >= `b`.
template <class S>
typename Pack4<S>::Mask operator>=(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::test(a, b, [](S u, S v) { return u >= v; });
}
/// \brief Where `a` == `b`.
template <class S>
typename Pack4<S>::Mask operator==(const Pack4<S>& a, const Pack4<S>& b) {
  return Pack4<S>::test(a, b, [](S u, S v) { return u == v; });
}
/// \brief `if_true` in the lanes where `mask` holds, else `if_false`.
template <class S>
Pack4<S> select(const typename Pack4<S>::Mask& mask, const Pack4<S>& if_true,
                const Pack4<S>& if_false) {
  Pack4<S> out;
  for (int k = 0; k < 4; ++k) {
    out.lane[k] = mask.lane[k] ? if_true.lane[k] : if_false.lane[k];
  }
  return out;
}
/// \brief Lane-wise \f$e^x\f$.
template <class S>
Pack4<S> exp(const Pack4<S>& x) {
  return Pack4<S>::map(x, [](S u) { return S(std::exp(u)); });
}
/// \brief Lane-wise \f$\log(1 + x)\f$, for \f$0 \le x \le 1\f$.
template <class S>
Pack4<S> log1p_unit(const Pack4<S>& x) {
  return Pack4<S>::map(x, [](S u) { return S(std::log1p(u)); });
}

/// \brief The sum of the four lanes, in double.
template <class S>
double lane_sum(const Pack4<S>& p) {
  return (double(p[0]) + double(p[1])) + (double(p[2]) + double(p[3]));
}

/// \brief Four sums at once: lane `k` of the result is the sum of the lanes
/// of `a[k]`. The four packs are added as a 4 x 4 block and its transpose,
/// so the four horizontal sums cost about as much as one.
template <class S>
Pack4<S> transposed_sums(const Pack4<S> (&a)[4]) {
  S lanes[4][4];
  for (int k = 0; k < 4; ++k) a[k].store(lanes[k]);
  S sums[4];
  for (int k = 0; k < 4; ++k) {
    sums[k] = (lanes[k][0] + lanes[k][1]) + (lanes[k][2] + lanes[k][3]);
  }
  return Pack4<S>::load(sums);
}

}  // namespace blocks::device

// The SSE version of Pack4<float>, where there is one.
#include "blocks/device/simd_pack4_sse.hpp"  // IWYU pragma: export
