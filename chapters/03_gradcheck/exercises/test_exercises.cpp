// Chapter 3 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xmath.hpp>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/autograd/planted_bug.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"
#include "blocks/testing/golden_lines.hpp"
#include "ch03_exercises.hpp"

using blocks::Tensor;
using namespace blocks::autograd;
using blocks::exercises::fast_gradcheck;
using blocks::exercises::forward_difference_jacobian;
using blocks::exercises::SoftplusFunction;

namespace {

std::vector<Variable> square(const std::vector<Variable>& v) {
  return {v[0] * v[0]};
}

double dsigma(double z) {
  const double s = 1.0 / (1.0 + std::exp(-z));
  return s * (1.0 - s);
}

TEST(Exercise1, SquareByHand) {
  // ((x + eps)^2 - x^2) / eps = 2x + eps: the forward difference is off
  // by eps itself, the O(eps) truncation error.
  Variable x(Tensor{3.0, -1.0}, true);
  const Tensor j = forward_difference_jacobian(square, {x}, 0, 0, 1e-3);
  ASSERT_EQ(j.shape(0), 2u);
  ASSERT_EQ(j.shape(1), 2u);
  EXPECT_NEAR(j(0, 0), 6.001, 1e-9);
  EXPECT_NEAR(j(1, 1), -1.999, 1e-9);
  EXPECT_EQ(j(0, 1), 0.0);
  EXPECT_EQ(j(1, 0), 0.0);
  EXPECT_EQ(x.value(), (Tensor{3.0, -1.0}));  // restored
}

TEST(Exercise1, CentralBeatsForwardAtTheSameEps) {
  Variable z(Tensor{1.0}, true);
  auto f = [](const std::vector<Variable>& v) -> std::vector<Variable> {
    return {SigmoidFunction::apply(v[0])};
  };
  const double eps = 1e-4;
  const double forward = forward_difference_jacobian(f, {z}, 0, 0, eps)(0, 0);
  const double central = numerical_jacobian(f, {z}, eps)[0][0](0, 0);
  const double forward_error = std::abs(forward - dsigma(1.0));
  const double central_error = std::abs(central - dsigma(1.0));
  // eps/2 |s''(1)| = 4.5e-6 against eps^2/6 |s'''(1)| of order 1e-10.
  EXPECT_NEAR(forward_error, 0.5 * eps * 0.0908577, 2e-7);
  EXPECT_LT(central_error, 1e-9);
}

TEST(Exercise1, BadIndices) {
  Variable x(Tensor{1.0}, true), c(Tensor{1.0}, false);
  EXPECT_THROW(forward_difference_jacobian(square, {x}, 1, 0, 1e-3),
               blocks::ValueError);
  EXPECT_THROW(forward_difference_jacobian(square, {c}, 0, 0, 1e-3),
               blocks::ValueError);
  EXPECT_THROW(forward_difference_jacobian(square, {x}, 0, 1, 1e-3),
               blocks::ValueError);
}

TEST(Exercise2, PassesOnTheCustomFunctions) {
  Variable x(Tensor{{0.5, -1.0, 2.0}, {1.5, 0.25, -0.75}}, true);
  Variable w(Tensor{{0.3, -0.2, 0.1}}, true), b(Tensor{0.05}, true);
  const Tensor before = x.value();
  EXPECT_TRUE(fast_gradcheck(
      [](const std::vector<Variable>& v) {
        return LinearFunction::apply(v[0], v[1], v[2]);
      },
      {x, w, b}, {}, 7));
  EXPECT_EQ(x.value(), before);
  EXPECT_TRUE(fast_gradcheck(
      [](const std::vector<Variable>& v) {
        return SigmoidFunction::apply(v[0]);
      },
      {x}, {}, 7));
}

TEST(Exercise2, CatchesTheMissingFactor) {
  Variable z(blocks::column({0.5, -1.0, 2.0, 1.5}), true);
  for (unsigned seed = 0; seed < 5; ++seed) {
    EXPECT_FALSE(fast_gradcheck(
        [](const std::vector<Variable>& v) {
          return SigmoidMissingFactor::apply(v[0]);
        },
        {z}, {}, seed))
        << "seed " << seed;
  }
}

TEST(Exercise2, NoDifferentiableInput) {
  Variable c(Tensor{1.0}, false);
  EXPECT_THROW(
      fast_gradcheck([](const std::vector<Variable>& v) { return v[0] * 2.0; },
                     {c}, {}, 0),
      blocks::ValueError);
}

Variable softplus_2(const std::vector<Variable>& v) {
  return SoftplusFunction::apply(v[0], 2.0, 20.0);
}

TEST(Exercise3, GradcheckPassesOnBothSidesOfTheThreshold) {
  // Away from the kink at beta z = 20, where no derivative exists.
  Variable z(Tensor{-3.0, -0.5, 0.0, 0.7, 4.0, 15.0}, true);
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult result = gradcheck(softplus_2, {z}, options);
  EXPECT_TRUE(result.passed) << result.report;
}

// The values of tests/goldens/ch03/softplus.txt: PyTorch 1.13.1's
// softplus(z, beta=2, threshold=20) and its backward.
Tensor golden(const std::string& name) {
  for (const auto& line :
       blocks::testing::chapter_golden_lines("ch03", "softplus.txt")) {
    if (line[0] == name) {
      const std::vector<double> v = blocks::testing::numbers(line, 1);
      Tensor t = Tensor::from_shape({v.size()});
      std::copy(v.begin(), v.end(), t.begin());
      return t;
    }
  }
  ADD_FAILURE() << "no " << name << " in softplus.txt";
  return Tensor{};
}

TEST(Exercise3, ValuesAndGradientsMatchTorch) {
  ASSERT_EQ(golden("beta")(0), 2.0);
  ASSERT_EQ(golden("threshold")(0), 20.0);
  Variable z(golden("z"), true);
  Variable y = softplus_2({z});
  EXPECT_TRUE(blocks::testing::AllClose(y.value(), golden("y"), 1e-12, 1e-12));
  y.backward(golden("v"));
  EXPECT_TRUE(
      blocks::testing::AllClose(z.grad(), golden("grad_z"), 1e-12, 1e-12));
}

}  // namespace
