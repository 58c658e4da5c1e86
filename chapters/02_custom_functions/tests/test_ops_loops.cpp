// The elementary operations compute with loops over elements where no
// broadcasting is needed (src/elementwise_loops.hpp). Here each is checked
// against the xtensor expression it stands in for, value and gradient,
// bit for bit, on values that include NaN, signed zeros, infinities and
// ties; and the binary ones on a second argument of the first's shape, a
// scalar second argument and a scalar first one.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xbroadcast.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "blocks/autograd.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/testing/same_bits.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::same_bits;

namespace {

// Inputs with the values arithmetic treats specially.
const Tensor kInputs = {NAN,     -0.0,     0.0,       1.0,  -2.5, 1e300,
                        -1e-310, HUGE_VAL, -HUGE_VAL, 0.75, 40.0, -745.0};
// Positive inputs, for the logarithms.
const Tensor kPositive = {1e-300, 0.5, 1.0, 2.0, 1e300, HUGE_VAL, 0.0, -0.0};
// The gradient sent back into an operation of kInputs' shape.
Tensor gradient_like(const Tensor& t) {
  Tensor g = Tensor::from_shape(t.shape());
  for (std::size_t i = 0; i < g.size(); ++i) {
    g.data()[i] = (i % 3 == 0 ? -1.5 : 0.1) * static_cast<double>(i + 1);
  }
  return g;
}

struct UnaryLoop {
  std::string name;
  std::function<Variable(const Variable&)> op;
  std::function<Tensor(const Tensor&)> value;  // the expression
  // The gradient's expression, from g, the input a and the output y.
  std::function<Tensor(const Tensor&, const Tensor&, const Tensor&)> grad;
  Tensor input;
};

void PrintTo(const UnaryLoop& c, std::ostream* os) {
  *os << c.name;
}

class UnaryOpLoop : public ::testing::TestWithParam<UnaryLoop> {};

TEST_P(UnaryOpLoop, GivesTheBitsOfTheExpression) {
  const UnaryLoop& c = GetParam();
  Variable a(c.input, true);
  Variable y = c.op(a);
  const Tensor expected = c.value(c.input);
  EXPECT_TRUE(same_bits(y.value(), expected));
  const Tensor g = gradient_like(c.input);
  y.backward(g);
  EXPECT_TRUE(same_bits(a.grad(), c.grad(g, c.input, expected)));
}

INSTANTIATE_TEST_SUITE_P(
    Elementary, UnaryOpLoop,
    ::testing::Values(
        UnaryLoop{"exp", [](const Variable& a) { return exp(a); },
                  [](const Tensor& a) { return Tensor(xt::exp(a)); },
                  [](const Tensor& g, const Tensor&, const Tensor& y) {
                    return Tensor(g * y);
                  },
                  kInputs},
        UnaryLoop{"log", [](const Variable& a) { return log(a); },
                  [](const Tensor& a) { return Tensor(xt::log(a)); },
                  [](const Tensor& g, const Tensor& a, const Tensor&) {
                    return Tensor(g / a);
                  },
                  kPositive},
        UnaryLoop{"log1p", [](const Variable& a) { return log1p(a); },
                  [](const Tensor& a) { return Tensor(xt::log1p(a)); },
                  [](const Tensor& g, const Tensor& a, const Tensor&) {
                    return Tensor(g / (1.0 + a));
                  },
                  kPositive},
        UnaryLoop{"abs", [](const Variable& a) { return abs(a); },
                  [](const Tensor& a) { return Tensor(xt::abs(a)); },
                  [](const Tensor& g, const Tensor& a, const Tensor&) {
                    return Tensor(g * xt::where(a > 0.0, 1.0,
                                                xt::where(a < 0.0, -1.0, 0.0)));
                  },
                  kInputs},
        UnaryLoop{
            "sigmoid", [](const Variable& a) { return sigmoid(a); },
            [](const Tensor& a) { return Tensor(1.0 / (1.0 + xt::exp(-a))); },
            [](const Tensor& g, const Tensor&, const Tensor& y) {
              return Tensor(g * y * (1.0 - y));
            },
            kInputs},
        UnaryLoop{
            "relu", [](const Variable& a) { return relu(a); },
            [](const Tensor& a) { return Tensor(xt::where(a < 0.0, 0.0, a)); },
            [](const Tensor& g, const Tensor&, const Tensor& y) {
              return Tensor(xt::where(y <= 0.0, 0.0, g));
            },
            kInputs},
        UnaryLoop{"neg", [](const Variable& a) { return -a; },
                  [](const Tensor& a) { return Tensor(-a); },
                  [](const Tensor& g, const Tensor&, const Tensor&) {
                    return Tensor(-g);
                  },
                  kInputs}),
    [](const ::testing::TestParamInfo<UnaryLoop>& info) {
      return info.param.name;
    });

struct BinaryLoop {
  std::string name;
  std::function<Variable(const Variable&, const Variable&)> op;
  std::function<Tensor(const Tensor&, const Tensor&)> value;
  // Each argument's gradient before it is summed down to the argument's
  // shape, from g, a and b.
  std::function<Tensor(const Tensor&, const Tensor&, const Tensor&)> grad_a,
      grad_b;
};

void PrintTo(const BinaryLoop& c, std::ostream* os) {
  *os << c.name;
}

class BinaryOpLoop : public ::testing::TestWithParam<BinaryLoop> {};

// Gradient of the broadcast shape summed down to `shape`, as Function<T>
// does: nothing to do for one of that shape, all of it for a scalar.
Tensor summed_to(const Tensor& g, const Shape& shape) {
  return g.shape() == shape ? g : sum_to(g, shape);
}

TEST_P(BinaryOpLoop, GivesTheBitsOfTheExpressionForEachPairOfShapes) {
  const BinaryLoop& c = GetParam();
  const Tensor other =
      Tensor(xt::where(xt::isnan(kInputs), 2.0, xt::flip(kInputs, 0))) + 0.5;
  const std::vector<std::pair<Tensor, Tensor>> pairs = {
      {kInputs, other},         // one shape
      {kInputs, Tensor(-0.0)},  // a scalar second argument
      {kInputs, Tensor(2.0)},
      {Tensor(1.0), kInputs},  // a scalar first one
      {Tensor(NAN), kInputs}};
  for (const auto& [a_value, b_value] : pairs) {
    Variable a(a_value, true), b(b_value, true);
    Variable out = c.op(a, b);
    const Tensor expected = c.value(a_value, b_value);
    EXPECT_TRUE(same_bits(out.value(), expected));
    const Tensor g = gradient_like(expected);
    out.backward(g);
    EXPECT_TRUE(same_bits(
        a.grad(), summed_to(c.grad_a(g, a_value, b_value), a_value.shape())));
    EXPECT_TRUE(same_bits(
        b.grad(), summed_to(c.grad_b(g, a_value, b_value), b_value.shape())));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Elementary, BinaryOpLoop,
    ::testing::Values(
        BinaryLoop{
            "add", [](const Variable& a, const Variable& b) { return a + b; },
            [](const Tensor& a, const Tensor& b) { return Tensor(a + b); },
            [](const Tensor& g, const Tensor&, const Tensor&) { return g; },
            [](const Tensor& g, const Tensor&, const Tensor&) { return g; }},
        BinaryLoop{
            "sub", [](const Variable& a, const Variable& b) { return a - b; },
            [](const Tensor& a, const Tensor& b) { return Tensor(a - b); },
            [](const Tensor& g, const Tensor&, const Tensor&) { return g; },
            [](const Tensor& g, const Tensor&, const Tensor&) {
              return Tensor(-g);
            }},
        BinaryLoop{
            "mul", [](const Variable& a, const Variable& b) { return a * b; },
            [](const Tensor& a, const Tensor& b) { return Tensor(a * b); },
            [](const Tensor& g, const Tensor&, const Tensor& b) {
              return Tensor(g * b);
            },
            [](const Tensor& g, const Tensor& a, const Tensor&) {
              return Tensor(g * a);
            }},
        BinaryLoop{
            "div", [](const Variable& a, const Variable& b) { return a / b; },
            [](const Tensor& a, const Tensor& b) { return Tensor(a / b); },
            [](const Tensor& g, const Tensor&, const Tensor& b) {
              return Tensor(g / b);
            },
            [](const Tensor& g, const Tensor& a, const Tensor& b) {
              return Tensor(-g * a / (b * b));
            }}),
    [](const ::testing::TestParamInfo<BinaryLoop>& info) {
      return info.param.name;
    });

}  // namespace

// Maximum loops over its first argument when the second is that shape or
// a scalar, and backward does so when the second needs no gradient (a
// model's max(z, 0)); the loops must give the expressions' bits, which
// a second argument of shape (1,) that requires grad still takes.
TEST(Maximum, ItsLoopsGiveTheBitsOfTheExpressions) {
  const Tensor a = {NAN, 1.0, -2.0, 0.0, -0.0, INFINITY, -INFINITY, 3.5};
  const Tensor weights = {1.5, -2.0, 3.0, 0.25, 7.0, 1.0, -1.0, 0.1};
  const Tensor same_shape = {0.0, 2.0, -2.0, -0.0, 0.0, 1.0, NAN, 3.5};
  for (const Tensor& b : {Tensor(0.0), Tensor(-0.0), same_shape}) {
    Variable looped_a(a, true), general_a(a, true);
    Variable constant(b),
        needs_grad(b.dimension() == 0 ? Tensor{b()} : b, true);
    Variable looped = maximum(looped_a, constant);
    Variable general = maximum(general_a, needs_grad);
    EXPECT_TRUE(same_bits(looped.value(), general.value()));
    sum(looped * Variable(weights)).backward();
    sum(general * Variable(weights)).backward();
    EXPECT_TRUE(same_bits(looped_a.grad(), general_a.grad()));
  }
}

// A mean of everything hands every element the one gradient times 1/n
// by filling a tensor; it must give the bits of broadcasting it.
TEST(Reductions, TheFilledGradientOfAMeanHasTheBroadcastBits) {
  const Tensor a = {{1.0, -2.0, 3.0}, {0.5, NAN, -0.0}};
  for (const double g : {1.0, -3.0, 0.1, HUGE_VAL}) {
    Variable x(a, true);
    mean(x).backward(Tensor(g));
    const Tensor spread =
        xt::broadcast(xt::reshape_view(Tensor(g), Shape{1, 1}), a.shape());
    EXPECT_TRUE(same_bits(x.grad(), Tensor(spread * (1.0 / 6.0))));
    Variable y(a, true);
    sum(y).backward(Tensor(g));
    EXPECT_TRUE(same_bits(y.grad(), Tensor(spread * 1.0)));
  }
}

// sum_to sums one axis into one number (a bias's gradient) by a loop in
// the reducer's order; a row or a column is transposed by a copy. Both
// must give the bits of the xtensor code they stand in for: sums with
// signed zeros, where the order decides the sign, and sums that round.
TEST(SumTo, OneAxisIntoOneNumberHasTheReducersBits) {
  const std::vector<Tensor> columns = {
      blocks::column({-0.0, -0.0, -0.0}), blocks::column({0.1, 0.2, 0.3, -0.6}),
      blocks::column({1e300, -1e300, 1.0}), blocks::column({NAN, 1.0})};
  for (const Tensor& g : columns) {
    const Tensor expected = xt::reshape_view(
        Tensor(xt::sum(g, {std::size_t{0}}, xt::keep_dims)), Shape{1});
    EXPECT_TRUE(same_bits(sum_to(g, Shape{1}), expected));
    const Tensor row = xt::transpose(g);  // (1, n) summed to (1,) and ()
    EXPECT_TRUE(same_bits(sum_to(row, Shape{1}), expected));
    EXPECT_TRUE(
        same_bits(sum_to(row, Shape{}),
                  Tensor(xt::sum(row, {std::size_t{0}, std::size_t{1}}))));
  }
}

TEST(Transpose, ARowOrAColumnHasTheBitsOfXtTranspose) {
  const Tensor column = blocks::column({1.0, -0.0, NAN, 4.0});
  const Tensor row = Tensor(xt::transpose(column));
  for (const Tensor& t : {column, row}) {
    Variable v(t, true);
    Variable out = transpose(v);
    EXPECT_TRUE(same_bits(out.value(), Tensor(xt::transpose(t))));
    const Tensor g = gradient_like(out.value());
    out.backward(g);
    EXPECT_TRUE(same_bits(v.grad(), Tensor(xt::transpose(g))));
  }
}
