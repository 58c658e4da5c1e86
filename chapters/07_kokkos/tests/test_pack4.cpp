// Pack4 and the blocked kernel's numerics: each lane does what one value
// does, the series for log(1 + x) holds float accuracy on [0, 1], and the
// row terms avoid the cancellation in sigma(z) - 1.
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/device/row_terms.hpp"
#include "blocks/device/simd_pack4.hpp"

namespace {

namespace device = blocks::device;

// [test-log1p-unit]
// Every 2^-20 step of [0, 1], and the small values exp(-|z|) reaches down
// to where it underflows (z about -104), against log1p in double.
std::vector<float> unit_interval_points() {
  std::vector<float> points;
  for (int k = 0; k <= (1 << 20); ++k) points.push_back(std::ldexp(k, -20));
  for (int e = -150; e < 0; ++e) {
    for (float m : {1.0f, 1.3f, 1.7f}) points.push_back(std::ldexp(m, e));
  }
  return points;
}

TEST(Pack4, Log1pUnitIsWithinFourTenthsOfAMillionthOfLog1p) {
  double worst = 0.0;
  for (float x : unit_interval_points()) {
    float out[4];
    device::log1p_unit(device::Pack4<float>(x)).store(out);
    const double exact = std::log1p(double(x));
    const double error = exact > 0 ? std::fabs(out[0] - exact) / exact
                                   : std::fabs(double(out[0]));
    worst = std::max(worst, error);
    ASSERT_LE(error, 4e-7) << "x = " << x;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", worst);
  RecordProperty("worst_relative_error", text);
}
// [test-log1p-unit]

TEST(Pack4, Log1pUnitInDoubleIsLog1p) {
  for (double x : {0.0, 1e-300, 1e-9, 0.25, 0.5, 1.0}) {
    double out[4];
    device::log1p_unit(device::Pack4<double>(x)).store(out);
    EXPECT_EQ(out[0], std::log1p(x)) << "x = " << x;
  }
}

template <class S>
void expect_lane_by_lane() {
  using P = device::Pack4<S>;
  const S a[4] = {S(1.5), S(-2), S(0), S(3)};
  const S b[4] = {S(0.5), S(-2), S(-1), S(4)};
  const P pa = P::load(a), pb = P::load(b);
  S sum[4], diff[4], prod[4], quot[4], big[4], small[4], chosen[4];
  (pa + pb).store(sum);
  (pa - pb).store(diff);
  (pa * pb).store(prod);
  (pa / pb).store(quot);
  device::max(pa, pb).store(big);
  device::min(pa, pb).store(small);
  device::select(pa >= pb, P(S(1)), P(S(0))).store(chosen);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(sum[k], a[k] + b[k]);
    EXPECT_EQ(diff[k], a[k] - b[k]);
    EXPECT_EQ(prod[k], a[k] * b[k]);
    EXPECT_EQ(quot[k], a[k] / b[k]);
    EXPECT_EQ(big[k], a[k] > b[k] ? a[k] : b[k]);
    EXPECT_EQ(small[k], a[k] < b[k] ? a[k] : b[k]);
    EXPECT_EQ(chosen[k], a[k] >= b[k] ? S(1) : S(0)) << "lane " << k;
    EXPECT_EQ(pa[k], a[k]);
  }
  S greater[4], equal[4];
  device::select(pa > pb, P(S(1)), P(S(0))).store(greater);
  device::select(pa == pb, P(S(1)), P(S(0))).store(equal);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(greater[k], a[k] > b[k] ? S(1) : S(0)) << "lane " << k;
    EXPECT_EQ(equal[k], a[k] == b[k] ? S(1) : S(0)) << "lane " << k;
  }
}

TEST(Pack4, FloatOperationsWorkLaneByLane) {
  expect_lane_by_lane<float>();
}
TEST(Pack4, DoubleOperationsWorkLaneByLane) {
  expect_lane_by_lane<double>();
}

template <class S>
void expect_transposed_sums() {
  using P = device::Pack4<S>;
  const S v[4][4] = {{1, 2, 3, 4},
                     {10, 20, 30, 40},
                     {-1, -1, -1, -1},
                     {S(0.5), 0, 0, S(0.25)}};
  const P packs[4] = {P::load(v[0]), P::load(v[1]), P::load(v[2]),
                      P::load(v[3])};
  S sums[4];
  device::transposed_sums(packs).store(sums);
  EXPECT_EQ(sums[0], S(10));
  EXPECT_EQ(sums[1], S(100));
  EXPECT_EQ(sums[2], S(-4));
  EXPECT_EQ(sums[3], S(0.75));
  EXPECT_EQ(device::lane_sum(packs[1]), 100.0);
}

TEST(Pack4, FloatTransposedSumsAreEachPacksSum) {
  expect_transposed_sums<float>();
}
TEST(Pack4, DoubleTransposedSumsAreEachPacksSum) {
  expect_transposed_sums<double>();
}

// The blocked kernel computes four rows' terms at once; each lane must be
// what one row alone gives.
TEST(RowTerms, FourRowsAtOnceEqualOneAtATime) {
  using P = device::Pack4<float>;
  const float z[8] = {-30.0f, -2.5f, -0.0f, 0.0f, 1e-8f, 0.7f, 12.0f, 88.0f};
  const float y[8] = {1, 0, 1, 0, 1, 1, 0, 1};
  for (int first : {0, 4}) {
    const P zb = P::load(z + first);
    const P e = device::exp(device::min(zb, P(0.0f) - zb));
    const auto four =
        device::row_terms(zb, P::load(y + first), e, device::log1p_unit(e));
    for (int k = 0; k < 4; ++k) {
      const float zk = z[first + k], ek = std::exp(-std::fabs(zk));
      float log1p_e[4];
      device::log1p_unit(P(ek)).store(log1p_e);
      const auto one = device::row_terms(zk, y[first + k], ek, log1p_e[0]);
      EXPECT_FLOAT_EQ(four.r[k], one.r) << "z = " << zk;
      EXPECT_FLOAT_EQ(four.loss[k], one.loss) << "z = " << zk;
      EXPECT_EQ(four.correct[k], one.correct) << "z = " << zk;
    }
  }
}

// sigma(z) - 1 for a confident right answer: 1 / (1 + e^-30) rounds to
// within 1e-16 of 1, so computing p - 1 would keep only a digit or so of
// r = -e^-30 / (1 + e^-30); (1 - y) p - y q keeps them all.
TEST(RowTerms, ResidualOfAConfidentRightAnswerKeepsItsDigits) {
  const double e = std::exp(-30.0);
  const double expected = -e / (1.0 + e);
  const auto t = device::row_terms(30.0, 1.0);
  EXPECT_NEAR(t.r, expected, 1e-15 * std::fabs(expected));
  EXPECT_EQ(t.correct, 1.0);
  EXPECT_NEAR(t.loss, std::log1p(e), 1e-15 * e);
}

}  // namespace
