// gradcheck's own rules: tolerances at their boundaries, reentrancy,
// several outputs, the zero-grad_output check, bad calls, and the
// raise_exception switch. Expected values are worked out here by hand.
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>

#include "blocks/autograd.hpp"
#include "blocks/autograd/gradcheck.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

namespace {

// y = 2x with a backward off by `delta`. With eps a power of two and
// inputs of few bits, the central difference of 2x is exactly 2: the
// tolerance boundary can be probed without rounding noise.
struct TwiceOffBy : Function<TwiceOffBy> {
  static inline double delta = 0.0;
  static Tensor forward(Context&, const Tensor& x) { return 2.0 * x; }
  static std::vector<std::optional<Tensor>> backward(
      Context&, const std::vector<Tensor>& g) {
    return {g[0] * (2.0 + delta)};
  }
};

const double kExactEps = std::ldexp(1.0, -20);

GradcheckResult check_twice(double delta, double atol, double rtol) {
  TwiceOffBy::delta = delta;
  Variable x(Tensor{0.5, -1.25, 3.0}, true);
  GradcheckOptions options;
  options.eps = kExactEps;
  options.atol = atol;
  options.rtol = rtol;
  options.raise_exception = false;
  return gradcheck(
      [](const std::vector<Variable>& v) { return TwiceOffBy::apply(v[0]); },
      {x}, options);
}

TEST(GradcheckTolerance, DefaultBoundaryIsAtolPlusRtolTimesNumerical) {
  const double tol = 1e-5 + 1e-3 * 2.0;  // atol + rtol * |n|, n = 2
  EXPECT_TRUE(check_twice(tol - 1e-12, 1e-5, 1e-3).passed);
  EXPECT_TRUE(check_twice(-(tol - 1e-12), 1e-5, 1e-3).passed);
  const GradcheckResult over = check_twice(tol + 1e-12, 1e-5, 1e-3);
  ASSERT_FALSE(over.passed);
  EXPECT_EQ(over.failure, GradcheckFailure::kJacobianMismatch);
  EXPECT_EQ(over.mismatches, 3u);  // the diagonal; off it both are 0
  EXPECT_EQ(over.worst.numerical, 2.0);
  EXPECT_DOUBLE_EQ(over.worst.analytical, 2.0 + tol + 1e-12);
  EXPECT_DOUBLE_EQ(over.worst.tolerance, tol);
  EXPECT_FALSE(check_twice(-(tol + 1e-12), 1e-5, 1e-3).passed);
}

TEST(GradcheckTolerance, AtolAlone) {
  EXPECT_TRUE(check_twice(0.999e-3, 1e-3, 0.0).passed);
  EXPECT_FALSE(check_twice(1.001e-3, 1e-3, 0.0).passed);
}

TEST(GradcheckTolerance, RtolIsRelativeToTheNumericalValue) {
  // rtol 0.1 of n = 2 allows 0.2. Relative to a = 2.21 it would allow
  // 0.221 and pass: PyTorch's allclose(analytical, numerical) does not.
  EXPECT_TRUE(check_twice(0.19, 0.0, 0.1).passed);
  EXPECT_FALSE(check_twice(0.21, 0.0, 0.1).passed);
}

TEST(GradcheckTolerance, ExactBackwardPassesWithZeroTolerance) {
  EXPECT_TRUE(check_twice(0.0, 0.0, 0.0).passed);
}

// Backward whose result drifts by 1e-9 per call: not reentrant.
struct Jittery : Function<Jittery> {
  static inline int calls = 0;
  static Tensor forward(Context&, const Tensor& x) { return 3.0 * x; }
  static std::vector<std::optional<Tensor>> backward(
      Context&, const std::vector<Tensor>& g) {
    ++calls;
    return {g[0] * (3.0 + 1e-9 * calls)};
  }
};

GradcheckResult check_jittery(double nondet_tol) {
  Jittery::calls = 0;
  Variable x(Tensor{0.1, 0.2, 0.3}, true);
  GradcheckOptions options;
  options.nondet_tol = nondet_tol;
  options.raise_exception = false;
  return gradcheck(
      [](const std::vector<Variable>& v) { return Jittery::apply(v[0]); }, {x},
      options);
}

TEST(GradcheckReentrancy, NondetTolDecides) {
  // Three rows per pass: the second pass is 3 calls, 3e-9, further on.
  const GradcheckResult strict = check_jittery(0.0);
  ASSERT_FALSE(strict.passed);
  EXPECT_EQ(strict.failure, GradcheckFailure::kNotReentrant);
  EXPECT_EQ(strict.worst.tolerance, 0.0);
  EXPECT_NE(strict.report.find("Backward is not reentrant"), std::string::npos);
  EXPECT_FALSE(check_jittery(2.9e-9).passed);
  EXPECT_TRUE(check_jittery(3.1e-9).passed);
}

// y0 = x^2, y1 = x^3 from one Function; the buggy variant gets d y1/dx
// wrong (2x^2 instead of 3x^2).
template <bool kBuggy>
struct SquareAndCube : Function<SquareAndCube<kBuggy>> {
  static std::vector<Tensor> forward(Context& ctx, const Tensor& x) {
    ctx.save_for_backward(x);
    return {x * x, x * x * x};
  }
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    const Tensor& x = ctx.saved(0);
    const double k = kBuggy ? 2.0 : 3.0;
    return {g[0] * 2.0 * x + g[1] * k * x * x};
  }
};

TEST(GradcheckOutputs, SeveralOutputsEachChecked) {
  Variable x(Tensor{0.5, -1.0, 2.0}, true);
  auto good = [](const std::vector<Variable>& v) {
    return SquareAndCube<false>::apply(v[0]);
  };
  EXPECT_TRUE(gradcheck(good, {x}).passed);
  GradcheckOptions options;
  options.raise_exception = false;
  auto bad = [](const std::vector<Variable>& v) {
    return SquareAndCube<true>::apply(v[0]);
  };
  const GradcheckResult r = gradcheck(bad, {x}, options);
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.output, 1u);
  EXPECT_EQ(r.input, 0u);
  // Worst where |x^2| (the error 3x^2 - 2x^2) is largest: x = 2.
  EXPECT_EQ(r.worst.input_element, 2u);
  EXPECT_EQ(r.worst.output_element, 2u);
  EXPECT_NEAR(r.worst.numerical, 12.0, 1e-6);
  EXPECT_DOUBLE_EQ(r.worst.analytical, 8.0);
  EXPECT_NE(r.report.find("Jacobian mismatch for output 1 with respect to "
                          "input 0,"),
            std::string::npos);
}

TEST(GradcheckOutputs, OutputsOfElementaryOpsAndAConstantOutput) {
  Variable x(Tensor{{0.3, -0.7}}, true), y(Tensor{{1.5, 0.2}}, true);
  auto f = [](const std::vector<Variable>& v) -> std::vector<Variable> {
    // The third output requires no grad: it is skipped, as in PyTorch.
    return {v[0] * v[1], sigmoid(v[0]), Variable(Tensor{1.0})};
  };
  EXPECT_TRUE(gradcheck(f, {x, y}).passed);
}

// The sum, with a backward that forgets grad_output: its Jacobian is
// right (grad_output is always one there), only the zero check sees it.
struct SumIgnoringGrad : Function<SumIgnoringGrad> {
  static Tensor forward(Context& ctx, const Tensor& x) {
    ctx.saved_data["shape"] = x.shape();
    return Tensor(xt::sum(x));
  }
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>&) {
    return {xt::ones<double>(
        std::any_cast<blocks::Shape>(ctx.saved_data.at("shape")))};
  }
};

TEST(GradcheckZeroGradOutput, BackwardMustScaleByGradOutput) {
  Variable x(Tensor{1.0, 2.0, 3.0}, true);
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return SumIgnoringGrad::apply(v[0]);
      },
      {x}, options);
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.failure, GradcheckFailure::kNotMultipliedByGradOutput);
  EXPECT_EQ(r.worst.analytical, 1.0);
  EXPECT_NE(r.report.find("backward not multiplied by grad_output"),
            std::string::npos);
}

TEST(GradcheckNoDifferentiableOutput, ConstantPassesDetachedFails) {
  Variable x(Tensor{1.0, 2.0}, true);
  auto constant = [](const std::vector<Variable>&) {
    return Variable(Tensor{4.0, 5.0});
  };
  EXPECT_TRUE(gradcheck(constant, {x}).passed);
  // A result cut off from the graph still moves with x.
  auto detached = [](const std::vector<Variable>& v) {
    return Variable(Tensor(2.0 * v[0].value()));
  };
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult r = gradcheck(detached, {x}, options);
  EXPECT_EQ(r.failure, GradcheckFailure::kNonzeroNumerical);
  EXPECT_NE(r.report.find("Numerical gradient for function expected to be "
                          "zero"),
            std::string::npos);
}

TEST(GradcheckPerturbation, OutputShapeMustNotChange) {
  // At x0 = 1 exactly, x0 + eps takes the other branch.
  Variable x(Tensor{1.0, 0.5, 0.25}, true);
  auto branchy = [](const std::vector<Variable>& v) {
    return v[0].value()(0) > 1.0 ? sum(v[0]) : v[0] * 2.0;
  };
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult r = gradcheck(branchy, {x}, options);
  EXPECT_EQ(r.failure, GradcheckFailure::kOutputShapeChanged);
  EXPECT_EQ(r.worst.input_element, 0u);
  EXPECT_EQ(x.value(), (Tensor{1.0, 0.5, 0.25}));  // restored
}

TEST(GradcheckErrors, NoInputRequiresGrad) {
  Variable x(Tensor{1.0, 2.0}, false);
  try {
    gradcheck([](const std::vector<Variable>& v) { return v[0] * 2.0; }, {x});
    FAIL() << "no error";
  } catch (const blocks::ValueError& e) {
    EXPECT_STREQ(e.what(),
                 "gradcheck expects at least one input tensor to require "
                 "gradient, but none of the them have requires_grad=True.");
  }
  EXPECT_THROW(
      gradcheck([](const std::vector<Variable>&) { return Variable(); }, {}),
      blocks::ValueError);
}

TEST(GradcheckErrors, ZeroSizeUndefinedAndNonFiniteInputs) {
  auto f = [](const std::vector<Variable>& v) { return sum(v[0]); };
  Variable empty(Tensor::from_shape({0, 3}), true);
  try {
    gradcheck(f, {empty});
    FAIL() << "no error";
  } catch (const blocks::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(0, 3)"), std::string::npos);
  }
  EXPECT_THROW(gradcheck(f, {Variable()}), blocks::ValueError);
  Variable nan(Tensor{1.0, std::nan("")}, true);
  EXPECT_THROW(gradcheck(f, {nan}), blocks::ValueError);
}

TEST(GradcheckErrors, ANaNInAnInputThatNeedsNoGradientIsFine) {
  // torch 1.13: gradcheck(lambda a, b: a * a, (x, tensor([nan]))) with
  // only x requiring grad returns True; the NaN input is left as it was,
  // and NaN != NaN must not read as "backward modified an input".
  Variable x(Tensor{1.0, 2.0}, true);
  Variable label(Tensor{std::nan("")}, false);
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult r =
      gradcheck([](const std::vector<Variable>& v) { return v[0] * v[0]; },
                {x, label}, options);
  EXPECT_TRUE(r.passed) << r.report;
}

TEST(GradcheckErrors, BadOptions) {
  auto f = [](const std::vector<Variable>& v) { return sum(v[0]); };
  Variable x(Tensor{1.0}, true);
  GradcheckOptions zero_eps;
  zero_eps.eps = 0.0;
  EXPECT_THROW(gradcheck(f, {x}, zero_eps), blocks::ValueError);
  GradcheckOptions negative_atol;
  negative_atol.atol = -1.0;
  EXPECT_THROW(gradcheck(f, {x}, negative_atol), blocks::ValueError);
}

TEST(GradcheckRaise, ThrowsGradcheckErrorCarryingTheResult) {
  TwiceOffBy::delta = 1.0;
  Variable x(Tensor{0.5, 1.0}, true);
  auto f = [](const std::vector<Variable>& v) {
    return TwiceOffBy::apply(v[0]);
  };
  try {
    gradcheck(f, {x});
    FAIL() << "no error";
  } catch (const GradcheckError& e) {
    EXPECT_EQ(e.result().failure, GradcheckFailure::kJacobianMismatch);
    EXPECT_EQ(std::string(e.what()), e.result().report);
    EXPECT_EQ(std::string(e.what()).rfind(
                  "Jacobian mismatch for output 0 with respect to input 0,", 0),
              0u);
  }
  // A GradcheckError is a blocks::Error, so programs catch one type.
  EXPECT_THROW(gradcheck(f, {x}), blocks::Error);
}

TEST(GradcheckReport, BigJacobianIsShownAsAWindow) {
  TwiceOffBy::delta = 1.0;
  Variable x(xt::linspace<double>(-1.0, 1.0, 40), true);
  x.set_name("x");
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) { return TwiceOffBy::apply(v[0]); },
      {x}, options);
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.numerical.shape(0), 40u);
  EXPECT_EQ(r.numerical.shape(1), 40u);
  // Table rows are the lines naming an element of x beside a " | ".
  std::size_t table_rows = 0;
  std::istringstream lines(r.report);
  for (std::string line; std::getline(lines, line);) {
    const auto bar = line.find(" | ");
    if (bar != std::string::npos && line.find("x[") < bar) ++table_rows;
  }
  EXPECT_EQ(table_rows, 6u);
  EXPECT_NE(r.report.find("of 40 (x), columns "), std::string::npos);
}

}  // namespace
