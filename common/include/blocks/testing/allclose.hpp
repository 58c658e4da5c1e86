#pragma once
/// \file
/// \brief GoogleTest helpers that compare tensors element by element and,
/// on failure, show both shapes and the worst element.

#include <cmath>
#include <cstddef>
#include <sstream>

#include <gtest/gtest.h>
#include <xtensor/xarray.hpp>

#include "blocks/format.hpp"

namespace blocks::testing {

/// \brief Tolerances for results that should agree to rounding only,
/// e.g. two formulas for the same quantity in double precision.
inline constexpr double kTightAtol = 1e-12;
/// \brief Relative part of the tight tolerance.
inline constexpr double kTightRtol = 1e-12;
/// \brief NumPy's `allclose` defaults, for results that went through
/// different but equivalent sequences of operations.
inline constexpr double kDefaultAtol = 1e-8;
/// \brief Relative part of NumPy's `allclose` defaults.
inline constexpr double kDefaultRtol = 1e-5;

/// \brief `|actual − expected| ≤ atol + rtol·|expected|` for every element
/// (NumPy's rule, relative to the expected value); shapes must be equal.
/// NaN never equals anything.
/// \return success, or a message with both shapes and the worst element.
template <class A, class E>
::testing::AssertionResult AllClose(const A& actual_expr,
                                    const E& expected_expr,
                                    double atol = kDefaultAtol,
                                    double rtol = kDefaultRtol) {
  const xt::xarray<double> actual = actual_expr;
  const xt::xarray<double> expected = expected_expr;
  if (actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure()
           << "shapes differ: actual " << shape_string(actual.shape())
           << " vs expected " << shape_string(expected.shape());
  }
  std::size_t failures = 0, worst = 0;
  double worst_excess = -1.0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double a = actual.flat(i), e = expected.flat(i);
    const double allowed = atol + rtol * std::abs(e);
    const double excess = std::isnan(a) || std::isnan(e)
                              ? INFINITY
                              : std::abs(a - e) - allowed;
    if (!(excess <= 0.0)) {
      ++failures;
      if (!(excess <= worst_excess)) {
        worst_excess = excess;
        worst = i;
      }
    }
  }
  if (failures == 0) return ::testing::AssertionSuccess();
  std::ostringstream why;
  why << failures << " of " << actual.size() << " elements of shape "
      << shape_string(actual.shape()) << " differ (atol=" << atol
      << ", rtol=" << rtol << "); worst at flat index " << worst
      << ": actual " << full_precision(actual.flat(worst)) << ", expected "
      << full_precision(expected.flat(worst));
  return ::testing::AssertionFailure() << why.str();
}

}  // namespace blocks::testing

/// \brief `EXPECT_TRUE(AllClose(...))` with NumPy's default tolerances.
#define EXPECT_ALLCLOSE(actual, expected) \
  EXPECT_TRUE(::blocks::testing::AllClose((actual), (expected)))
