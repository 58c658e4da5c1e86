// The elementary operations, driven by op tables (one row per operation):
// forward values and gradients against closed forms written here, plus
// shape rules and their errors.
#include <cmath>
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <xtensor/xview.hpp>

#include "blocks/autograd.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::AllClose;
using blocks::testing::kTightAtol;
using blocks::testing::kTightRtol;

namespace {

// ---- unary element-wise operations: y = f(x), dy/dx = f'(x) -------------

struct UnaryCase {
  std::string name;
  std::function<Variable(const Variable&)> op;
  std::function<double(double)> f, df;
  Tensor input;
};

void PrintTo(const UnaryCase& c, std::ostream* os) {
  *os << c.name;
}

double sig(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

const Tensor kMixed = {{-1.5, -0.25, 0.5}, {1.0, 2.0, -3.0}};
const Tensor kPositive = {{0.5, 1.0, 2.0}, {3.0, 0.25, 4.0}};

std::vector<UnaryCase> unary_cases() {
  return {
      {"neg", [](auto& x) { return -x; }, [](double x) { return -x; },
       [](double) { return -1.0; }, kMixed},
      {"exp", [](auto& x) { return exp(x); },
       [](double x) { return std::exp(x); },
       [](double x) { return std::exp(x); }, kMixed},
      {"log", [](auto& x) { return log(x); },
       [](double x) { return std::log(x); }, [](double x) { return 1 / x; },
       kPositive},
      {"log1p", [](auto& x) { return log1p(x); },
       [](double x) { return std::log1p(x); },
       [](double x) { return 1 / (1 + x); }, kPositive},
      {"abs", [](auto& x) { return abs(x); },
       [](double x) { return std::fabs(x); },
       [](double x) { return x > 0 ? 1.0 : -1.0; }, kMixed},
      {"sigmoid", [](auto& x) { return sigmoid(x); }, sig,
       [](double x) { return sig(x) * (1 - sig(x)); }, kMixed},
      {"relu", [](auto& x) { return relu(x); },
       [](double x) { return x > 0 ? x : 0.0; },
       [](double x) { return x > 0 ? 1.0 : 0.0; }, kMixed},
      {"maximum_const", [](auto& x) { return maximum(x, 0.5); },
       [](double x) { return x > 0.5 ? x : 0.5; },
       [](double x) { return x > 0.5 ? 1.0 : (x == 0.5 ? 0.5 : 0.0); }, kMixed},
      {"add_const", [](auto& x) { return x + 2.0; },
       [](double x) { return x + 2; }, [](double) { return 1.0; }, kMixed},
      {"const_sub", [](auto& x) { return 2.0 - x; },
       [](double x) { return 2 - x; }, [](double) { return -1.0; }, kMixed},
      {"mul_const", [](auto& x) { return x * 3.0; },
       [](double x) { return 3 * x; }, [](double) { return 3.0; }, kMixed},
      {"const_div", [](auto& x) { return 2.0 / x; },
       [](double x) { return 2 / x; }, [](double x) { return -2 / (x * x); },
       kMixed},
  };
}

class UnaryOp : public ::testing::TestWithParam<UnaryCase> {};

TEST_P(UnaryOp, ValueAndVectorJacobianProduct) {
  const auto& c = GetParam();
  const Tensor v = {{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}};
  Variable x(c.input, true);
  Variable y = c.op(x);
  Tensor value = c.input, grad = c.input;
  for (std::size_t i = 0; i < c.input.size(); ++i) {
    value.flat(i) = c.f(c.input.flat(i));
    grad.flat(i) = v.flat(i) * c.df(c.input.flat(i));
  }
  EXPECT_TRUE(AllClose(y.value(), value, kTightAtol, kTightRtol));
  y.backward(v);
  EXPECT_TRUE(AllClose(x.grad(), grad, kTightAtol, kTightRtol));
}

INSTANTIATE_TEST_SUITE_P(Elementary, UnaryOp,
                         ::testing::ValuesIn(unary_cases()),
                         [](const auto& info) { return info.param.name; });

// ---- binary element-wise operations with broadcasting --------------------

struct BinaryCase {
  std::string name;
  std::function<Variable(const Variable&, const Variable&)> op;
  std::function<double(double, double)> f, dfa, dfb;
};

void PrintTo(const BinaryCase& c, std::ostream* os) {
  *os << c.name;
}

std::vector<BinaryCase> binary_cases() {
  return {
      {"add", [](auto& a, auto& b) { return a + b; },
       [](double a, double b) { return a + b; },
       [](double, double) { return 1.0; }, [](double, double) { return 1.0; }},
      {"sub", [](auto& a, auto& b) { return a - b; },
       [](double a, double b) { return a - b; },
       [](double, double) { return 1.0; }, [](double, double) { return -1.0; }},
      {"mul", [](auto& a, auto& b) { return a * b; },
       [](double a, double b) { return a * b; },
       [](double, double b) { return b; }, [](double a, double) { return a; }},
      {"div", [](auto& a, auto& b) { return a / b; },
       [](double a, double b) { return a / b; },
       [](double, double b) { return 1 / b; },
       [](double a, double b) { return -a / (b * b); }},
      {"maximum", [](auto& a, auto& b) { return maximum(a, b); },
       [](double a, double b) { return a > b ? a : b; },
       [](double a, double b) { return a > b    ? 1.0
                                       : a == b ? 0.5
                                                : 0.0; },
       [](double a, double b) { return b > a    ? 1.0
                                       : a == b ? 0.5
                                                : 0.0; }},
  };
}

class BinaryOp : public ::testing::TestWithParam<BinaryCase> {};

// a is (2, 3); b is a row (3,) broadcast down the rows, so b's gradient
// sums over them. One element pair ties (for maximum).
TEST_P(BinaryOp, BroadcastRowValueAndGradients) {
  const auto& c = GetParam();
  const Tensor a = {{-1.5, 0.5, 2.0}, {1.0, 2.0, -3.0}};
  const Tensor b = {1.0, -2.0, 4.0};  // b[0] ties with a[1][0]
  const Tensor v = {{1.0, -2.0, 0.5}, {3.0, 0.25, -1.0}};
  Variable va(a, true), vb(b, true);
  Variable y = c.op(va, vb);
  Tensor value = a, ga = a, gb = {0.0, 0.0, 0.0};
  for (std::size_t i = 0; i < 2; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      value(i, j) = c.f(a(i, j), b(j));
      ga(i, j) = v(i, j) * c.dfa(a(i, j), b(j));
      gb(j) += v(i, j) * c.dfb(a(i, j), b(j));
    }
  }
  EXPECT_TRUE(AllClose(y.value(), value, kTightAtol, kTightRtol));
  y.backward(v);
  EXPECT_TRUE(AllClose(va.grad(), ga, kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(vb.grad(), gb, kTightAtol, kTightRtol));
}

// b is a column (2, 1) broadcast along the columns; a is the constant.
TEST_P(BinaryOp, BroadcastColumnGradientSumsOverColumns) {
  const auto& c = GetParam();
  const Tensor a = {{-1.5, 0.5, 2.0}, {1.0, 2.0, -3.0}};
  const Tensor b = blocks::column({0.75, -0.5});
  Variable va(a), vb(b, true);
  c.op(va, vb).backward(Tensor(xt::ones<double>({2, 3})));
  Tensor gb = blocks::column({0.0, 0.0});
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 3; ++j) gb(i, 0) += c.dfb(a(i, j), b(i, 0));
  EXPECT_TRUE(AllClose(vb.grad(), gb, kTightAtol, kTightRtol));
  EXPECT_FALSE(va.has_grad());
}

TEST_P(BinaryOp, IncompatibleShapesNameTheOpAndBothShapes) {
  const auto& c = GetParam();
  Variable a(Tensor{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, true);
  Variable b(Tensor{1.0, 2.0}, true);
  try {
    c.op(a, b);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_EQ(std::string(e.what()),
              c.name +
                  ": shapes (2, 3) and (2,) cannot be broadcast "
                  "(dimension -1: 3 vs 2)");
  }
}

INSTANTIATE_TEST_SUITE_P(Elementary, BinaryOp,
                         ::testing::ValuesIn(binary_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace

// ---- matrix and shape operations ------------------------------------------

TEST(Matmul, ValueAndBothGradientsByHand) {
  Variable a(Tensor{{1.0, 2.0}, {3.0, 4.0}}, true);
  Variable b(blocks::column({5.0, 6.0}), true);
  Variable c = matmul(a, b);  // rows 1·5 + 2·6 and 3·5 + 4·6
  EXPECT_ALLCLOSE(c.value(), blocks::column({17.0, 39.0}));
  EXPECT_EQ(c.grad_fn()->name(), "MmBackward");
  c.backward(blocks::column({1.0, -1.0}));
  // dA = g bᵀ = [[5, 6], [-5, -6]]; dB = Aᵀ g = [[1 - 3], [2 - 4]].
  EXPECT_ALLCLOSE(a.grad(), (Tensor{{5.0, 6.0}, {-5.0, -6.0}}));
  EXPECT_ALLCLOSE(b.grad(), blocks::column({-2.0, -2.0}));
}

TEST(Matmul, ShapeErrorNamesBothShapes) {
  Variable x(Tensor{{1.0, 2.0, 3.0}}, true);
  try {
    matmul(x, x);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "matmul: shapes (1, 3) and (1, 3) do not fit "
                 "(3 columns vs 1 rows)");
  }
}

TEST(Transpose, SwapsAxesAndSoDoesItsGradient) {
  Variable a(Tensor{{1.0, 2.0, 3.0}}, true);
  Variable t = transpose(a);
  EXPECT_EQ(t.shape(), (Shape{3, 1}));
  t.backward(blocks::column({1.0, 2.0, 3.0}));
  EXPECT_ALLCLOSE(a.grad(), (Tensor{{1.0, 2.0, 3.0}}));
}

TEST(Reshape, KeepsValuesAndReshapesTheGradientBack) {
  Variable a(Tensor{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, true);
  Variable r = reshape(a, {3, 2});
  EXPECT_ALLCLOSE(r.value(), (Tensor{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}}));
  r.backward(Tensor{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  EXPECT_ALLCLOSE(a.grad(), (Tensor{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}));
  EXPECT_THROW(reshape(a, {4}), blocks::ShapeError);
}

TEST(Reshape, AnElementCountThatOverflowsIsRejected) {
  // torch 1.13: torch.zeros(4).reshape(4, 2**62 + 1) raises a
  // RuntimeError; 4 * (2^62 + 1) wraps to 4 in 64 bits, which must not
  // pass for a count of 4.
  Variable a(Tensor{1.0, 2.0, 3.0, 4.0}, true);
  EXPECT_THROW(reshape(a, {4, (std::size_t{1} << 62) + 1}), blocks::ShapeError);
}

TEST(Reductions, SumAndMeanOfEverything) {
  Variable a(Tensor{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}}, true);
  Variable s = sum(a);
  EXPECT_EQ(s.shape(), Shape{});
  EXPECT_EQ(s.value()(), 21.0);
  s.backward();
  EXPECT_ALLCLOSE(a.grad(), Tensor(xt::ones<double>({2, 3})));
  a.reset_grad();
  Variable m = mean(a);
  EXPECT_DOUBLE_EQ(m.value()(), 3.5);
  EXPECT_EQ(m.grad_fn()->name(), "MeanBackward");
  m.backward();
  EXPECT_ALLCLOSE(a.grad(), Tensor(xt::ones<double>({2, 3}) / 6.0));
}

TEST(Reductions, AlongAnAxisWithAndWithoutKeepdims) {
  const Tensor a = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  Variable va(a, true);
  Variable rows = sum(va, 1);  // (2,)
  EXPECT_ALLCLOSE(rows.value(), (Tensor{6.0, 15.0}));
  rows.backward(Tensor{1.0, 10.0});
  EXPECT_ALLCLOSE(va.grad(), (Tensor{{1.0, 1.0, 1.0}, {10.0, 10.0, 10.0}}));
  va.reset_grad();
  Variable cols = mean(va, 0, /*keepdims=*/true);  // (1, 3)
  EXPECT_ALLCLOSE(cols.value(), (Tensor{{2.5, 3.5, 4.5}}));
  cols.backward(Tensor{{2.0, 4.0, 6.0}});
  EXPECT_ALLCLOSE(va.grad(), (Tensor{{1.0, 2.0, 3.0}, {1.0, 2.0, 3.0}}));
  Variable last = sum(va, -1, true);  // (2, 1)
  EXPECT_ALLCLOSE(last.value(), blocks::column({6.0, 15.0}));
}

TEST(Reductions, AxisOutOfRange) {
  Variable a(Tensor{{1.0, 2.0}}, true);
  try {
    sum(a, 2);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "Sum: dimension out of range (expected to be in "
                 "range of [-2, 1], but got 2)");
  }
  EXPECT_THROW(mean(a, -3), blocks::ShapeError);
}

TEST(Reductions, AScalarAcceptsDimZeroAndMinusOne) {
  // torch 1.13: a 0-d tensor takes dims in [-1, 0]: tensor(3.).sum(0),
  // .mean(-1) and .sum(0, keepdim=True) are all tensor(3.) of shape (),
  // mean(0).backward() gives x.grad == tensor(1.), and dim 1 raises
  // "Dimension out of range (expected to be in range of [-1, 0], but got
  // 1)".
  Variable x(Tensor(3.0), true);
  for (Variable r : {sum(x, 0), mean(x, -1), sum(x, 0, true)}) {
    EXPECT_EQ(r.shape(), Shape{});
    EXPECT_EQ(r.value()(), 3.0);
  }
  mean(x, 0).backward();
  EXPECT_EQ(x.grad()(), 1.0);
  try {
    sum(x, 1);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "Sum: dimension out of range (expected to be in "
                 "range of [-1, 0], but got 1)");
  }
}

TEST(Maximum, TiesSplitTheGradientSoTheStableLossIsSmoothAtZero) {
  // max(z, 0) - z y + log1p(exp(-|z|)) at z = 0: slope 1/2 - y, as σ(0) - y.
  Variable z(Tensor{0.0}, true);
  Variable y(Tensor{1.0});
  sum(maximum(z, 0.0) - z * y + log1p(exp(-abs(z)))).backward();
  EXPECT_NEAR(z.grad()(0), 0.5 - 1.0, 1e-15);
}

TEST(Relu, PropagatesNaNAndPassesItsGradient) {
  // torch 1.13: relu(tensor([nan, 1., -2., -0.])) == tensor([nan, 1., 0.,
  // -0.]); the backward (threshold_backward on the output: zero where
  // y <= 0) passes the gradient at NaN: x.grad == tensor([1., 1., 0., 0.]).
  Variable x(Tensor{NAN, 1.0, -2.0, -0.0}, true);
  Variable y = relu(x);
  EXPECT_TRUE(std::isnan(y.value()(0)));
  EXPECT_EQ(y.value()(1), 1.0);
  EXPECT_EQ(y.value()(2), 0.0);
  EXPECT_TRUE(std::signbit(y.value()(3)));
  sum(y).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{1.0, 1.0, 0.0, 0.0}));
}

TEST(Maximum, PropagatesNaNAndGivesBothSidesTheGradientThere) {
  // torch 1.13: maximum(tensor([nan, 1., 2.]), tensor([0., nan, 2.])) ==
  // tensor([nan, nan, 2.]). derivatives.yaml: self gets where(self ==
  // other, grad / 2, grad).masked_fill(self < other, 0), other the same
  // with self > other; every comparison with NaN is false, so both get
  // the whole gradient there: x.grad == c.grad == tensor([1., 1., .5]).
  Variable x(Tensor{NAN, 1.0, 2.0}, true);
  Variable c(Tensor{0.0, NAN, 2.0}, true);
  Variable m = maximum(x, c);
  EXPECT_TRUE(std::isnan(m.value()(0)));
  EXPECT_TRUE(std::isnan(m.value()(1)));
  EXPECT_EQ(m.value()(2), 2.0);
  sum(m).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{1.0, 1.0, 0.5}));
  EXPECT_ALLCLOSE(c.grad(), (Tensor{1.0, 1.0, 0.5}));
  // maximum(nan, 0) and maximum(0, nan) are both nan.
  Variable nan(Tensor{NAN});
  EXPECT_TRUE(std::isnan(maximum(nan, 0.0).value()(0)));
  EXPECT_TRUE(std::isnan(maximum(scalar(0.0), nan).value()(0)));
}

TEST(Abs, GradientAtNaNIsZero) {
  // torch 1.13: abs's backward is grad * sgn(x), and sgn(nan) == 0:
  // x = tensor([nan, 0., -1.]) gives x.grad == tensor([0., 0., -1.]).
  Variable x(Tensor{NAN, 0.0, -1.0}, true);
  sum(abs(x)).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{0.0, 0.0, -1.0}));
}
