// The mistakes people make in a hand-written backward, planted on purpose:
// gradcheck must fail and name the right input and element. The expected
// Jacobians are written here in closed form, never taken from gradcheck.
#include <any>
#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xsort.hpp>

#include "blocks/autograd.hpp"
#include "blocks/autograd/gradcheck.hpp"
#include "blocks/autograd/planted_bug.hpp"
#include "blocks/error.hpp"
#include "blocks/linalg.hpp"
#include "ch03_random_inputs.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::Domain;

namespace {

double sigma(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

GradcheckOptions no_raise() {
  GradcheckOptions options;
  options.raise_exception = false;
  return options;
}

// The element that breaks atol + rtol*|n| by the most, from closed-form
// Jacobians `n` (true) and `a` (what the buggy backward computes), both
// (input numel, output numel).
std::pair<std::size_t, std::size_t> worst_of(const Tensor& a, const Tensor& n) {
  double worst = -1.0;
  std::pair<std::size_t, std::size_t> at{0, 0};
  for (std::size_t r = 0; r < n.shape(0); ++r) {
    for (std::size_t c = 0; c < n.shape(1); ++c) {
      const double excess =
          std::abs(a(r, c) - n(r, c)) - (1e-5 + 1e-3 * std::abs(n(r, c)));
      if (excess > worst) {
        worst = excess;
        at = {r, c};
      }
    }
  }
  return at;
}

// Bug 1 is the chapter's own: SigmoidMissingFactor (planted_bug.hpp).

// [planted-sigmoid-bug]
TEST(PlantedBugs, SigmoidMissingOneMinusSigma) {
  std::mt19937 rng(3);
  Variable z(blocks::testing::random_tensor({10, 1}, Domain::kAny, rng), true);
  z.set_name("z");
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return SigmoidMissingFactor::apply(v[0]);
      },
      {z}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.failure, GradcheckFailure::kJacobianMismatch);
  EXPECT_EQ(r.input, 0u);
  EXPECT_EQ(r.output, 0u);
  // Diagonal Jacobians: n = s(1 - s), a = s. The excess s^2 - tol grows
  // with s, so the worst element is the largest z.
  const auto k = static_cast<std::size_t>(xt::argmax(z.value())());
  EXPECT_EQ(r.worst.input_element, k);
  EXPECT_EQ(r.worst.output_element, k);
  const double s = sigma(z.value().flat(k));
  EXPECT_NEAR(r.worst.numerical, s * (1 - s), 1e-8);
  EXPECT_NEAR(r.worst.analytical, s, 1e-12);
  EXPECT_EQ(r.mismatches, 10u);  // every diagonal element
  const std::string name = "z[" + std::to_string(k) + ", 0]";
  EXPECT_NE(
      r.report.find("worst: d out0[" + std::to_string(k) + ", 0] / d " + name),
      std::string::npos)
      << r.report;
}
// [planted-sigmoid-bug]

// Linear's forward, right in both planted weight-gradient bugs below;
// each brings its own wrong backward.
struct LinearForward {
  static Tensor forward(Context& ctx, const Tensor& x, const Tensor& w,
                        const Tensor& b) {
    ctx.save_for_backward(x, w);
    return blocks::matmul(x, xt::transpose(w)) + b;
  }
};

// Bug 2: Linear's weight gradient transposed. For a non-square weight the
// shape gives it away, and the engine refuses the gradient.
struct LinearTransposedGradW : LinearForward, Function<LinearTransposedGradW> {
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    const Tensor& x = ctx.saved(0);
    const Tensor& w = ctx.saved(1);
    return {blocks::matmul(g[0], w),
            blocks::matmul(xt::transpose(x), g[0]),  // (in, out): wrong
            Tensor(xt::sum(g[0], {0}))};
  }
};

// The same mistake hidden by a reshape to w's shape: no shape error, the
// values are scrambled, and only the numbers can tell.
struct LinearScrambledGradW : LinearForward, Function<LinearScrambledGradW> {
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    const Tensor& x = ctx.saved(0);
    const Tensor& w = ctx.saved(1);
    Tensor wrong = blocks::matmul(xt::transpose(x), g[0]);
    return {blocks::matmul(g[0], w), xt::reshape_view(wrong, w.shape()),
            Tensor(xt::sum(g[0], {0}))};
  }
};

struct LinearInputs {
  Variable x, w, b;
};

LinearInputs linear_inputs() {
  std::mt19937 rng(5);
  LinearInputs in{
      blocks::testing::random_leaf({4, 3}, Domain::kAny, rng),  // (batch, in)
      blocks::testing::random_leaf({2, 3}, Domain::kAny, rng),  // (out, in)
      blocks::testing::random_leaf({2}, Domain::kAny, rng)};
  in.x.set_name("x");
  in.w.set_name("w");
  in.b.set_name("b");
  return in;
}

TEST(PlantedBugs, LinearTransposedWeightGradientIsAShapeError) {
  LinearInputs in = linear_inputs();
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return LinearTransposedGradW::apply(v[0], v[1], v[2]);
      },
      {in.x, in.w, in.b}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.failure, GradcheckFailure::kBackwardError);
  EXPECT_EQ(r.output, 0u);
  EXPECT_NE(r.report.find("invalid gradient at index 1 - got (3, 2) but "
                          "expected shape compatible with (2, 3)"),
            std::string::npos)
      << r.report;
}

TEST(PlantedBugs, LinearScrambledWeightGradientNamesW) {
  LinearInputs in = linear_inputs();
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return LinearScrambledGradW::apply(v[0], v[1], v[2]);
      },
      {in.x, in.w, in.b}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.failure, GradcheckFailure::kJacobianMismatch);
  EXPECT_EQ(r.input, 1u);  // w; the gradients of x come first and are right
  EXPECT_EQ(r.argument, 1u);
  // Closed forms over w (2, 3) and out (4, 2): d out[i, o] / d w[p, q]
  // is x[i, q] if p == o. The buggy one is xT g (3, 2) read as (2, 3):
  // flat f = q * 2 + o of it holds x[i, q] for output (i, o).
  const Tensor& x = in.x.value();
  Tensor n = xt::zeros<double>({6, 8}), a = xt::zeros<double>({6, 8});
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t o = 0; o < 2; ++o) {
      for (std::size_t q = 0; q < 3; ++q) {
        n(o * 3 + q, i * 2 + o) = x(i, q);
        a(q * 2 + o, i * 2 + o) = x(i, q);
      }
    }
  }
  const auto [row, col] = worst_of(a, n);
  EXPECT_EQ(r.worst.input_element, row);
  EXPECT_EQ(r.worst.output_element, col);
  EXPECT_NEAR(r.worst.numerical, n(row, col), 1e-8);
  EXPECT_DOUBLE_EQ(r.worst.analytical, a(row, col));
  EXPECT_NE(r.report.find("with respect to input 1,"), std::string::npos);
}

// Bug 3: the loss gradient without its 1/m.
struct BCEMissingMean : Function<BCEMissingMean> {
  static Tensor forward(Context& ctx, const Tensor& z, const Tensor& y) {
    ctx.save_for_backward(z, y);
    return Tensor(xt::mean(xt::maximum(z, 0.0) - z * y +
                           xt::log1p(xt::exp(-xt::abs(z)))));
  }
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    const Tensor& z = ctx.saved(0);
    const Tensor& y = ctx.saved(1);
    // should be divided by m = z.size()
    return {Tensor(g[0]() * (1.0 / (1.0 + xt::exp(-z)) - y)), std::nullopt};
  }
};

TEST(PlantedBugs, LossMissingOneOverMWithLabelsHeldFixed) {
  std::mt19937 rng(11);
  Variable z = blocks::testing::random_leaf({10, 1}, Domain::kAny, rng);
  Variable y(blocks::testing::random_tensor({10, 1}, Domain::kLabels, rng),
             false);
  const Tensor labels = y.value();
  const GradcheckResult r = gradcheck(
      [&](const std::vector<Variable>& v) {
        EXPECT_EQ(v[1].value(), labels);  // never perturbed
        return BCEMissingMean::apply(v[0], v[1]);
      },
      {z, y}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.input, 0u);
  EXPECT_EQ(r.argument, 0u);
  // n_k = (s_k - y_k) / 10, a_k = s_k - y_k; one output (the loss).
  Tensor n = xt::zeros<double>({10, 1}), a = xt::zeros<double>({10, 1});
  for (std::size_t k = 0; k < 10; ++k) {
    a(k, 0) = sigma(z.value().flat(k)) - labels.flat(k);
    n(k, 0) = a(k, 0) / 10.0;
  }
  const auto [row, col] = worst_of(a, n);
  EXPECT_EQ(r.worst.input_element, row);
  EXPECT_EQ(col, 0u);
  EXPECT_NEAR(r.worst.numerical, n(row, 0), 1e-8);
  EXPECT_NEAR(r.worst.analytical, a(row, 0), 1e-12);
  EXPECT_EQ(r.mismatches, 10u);
}

TEST(PlantedBugs, LabelsFirstStillNameTheLogits) {
  std::mt19937 rng(11);
  Variable y(blocks::testing::random_tensor({10, 1}, Domain::kLabels, rng),
             false);
  Variable z = blocks::testing::random_leaf({10, 1}, Domain::kAny, rng);
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return BCEMissingMean::apply(v[1], v[0]);
      },
      {y, z}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.input, 0u);     // the first input that requires grad ...
  EXPECT_EQ(r.argument, 1u);  // ... is the second argument
  EXPECT_NE(r.report.find("input1 = inputs[1]"), std::string::npos) << r.report;
}

// Bug 4: a backward that writes into its input ("to save memory").
struct ScaleWritesInput : Function<ScaleWritesInput> {
  static Tensor forward(Context& ctx, const Variable& x) {
    ctx.saved_data["x"] = x;
    return 2.0 * x.value();
  }
  static std::vector<std::optional<Tensor>> backward(
      Context& ctx, const std::vector<Tensor>& g) {
    Variable x = std::any_cast<Variable>(ctx.saved_data.at("x"));
    x.value().flat(2) += 1.0;
    return {g[0] * 2.0};
  }
};

TEST(PlantedBugs, BackwardWritingIntoItsInput) {
  Variable x(Tensor{0.5, 1.5, -2.0, 4.0}, true);
  const GradcheckResult r = gradcheck(
      [](const std::vector<Variable>& v) {
        return ScaleWritesInput::apply(v[0]);
      },
      {x}, no_raise());
  ASSERT_FALSE(r.passed);
  EXPECT_EQ(r.failure, GradcheckFailure::kModifiedInput);
  EXPECT_EQ(r.input, 0u);
  EXPECT_EQ(r.worst.input_element, 2u);
  EXPECT_EQ(r.worst.numerical, -2.0);                   // before
  EXPECT_EQ(r.worst.analytical, -1.0);                  // after
  EXPECT_EQ(x.value(), (Tensor{0.5, 1.5, -2.0, 4.0}));  // given back
  EXPECT_NE(r.report.find("inputs[0][2] was -2 before and -1 after"),
            std::string::npos)
      << r.report;
}

}  // namespace
