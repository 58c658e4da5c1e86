// Chapter 2 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <cmath>

#include <gtest/gtest.h>

#include "../tests/ch02_goldens.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch02_exercises.hpp"

using blocks::Tensor;
using blocks::exercises::LinearBCEFunction;
using blocks::exercises::log_sigmoid;
using blocks::exercises::TanhFunction;
using namespace blocks::autograd;

TEST(Exercise1, TanhValuesAndGradientByHand) {
  // tanh(ln 2) = (2 - 1/2)/(2 + 1/2) = 3/5, so its slope is 1 - 9/25.
  Variable z(Tensor{0.0, std::log(2.0), -std::log(2.0)}, true);
  Variable y = TanhFunction::apply(z);
  EXPECT_ALLCLOSE(y.value(), (Tensor{0.0, 0.6, -0.6}));
  EXPECT_EQ(y.grad_fn()->name(), "TanhFunctionBackward");
  y.backward(Tensor{1.0, 1.0, 2.0});
  EXPECT_ALLCLOSE(z.grad(), (Tensor{1.0, 16.0 / 25.0, 32.0 / 25.0}));
}

TEST(Exercise1, TanhSaturatesWithoutNaN) {
  Variable z(Tensor{-400.0, 400.0}, true);
  Variable y = TanhFunction::apply(z);
  EXPECT_ALLCLOSE(y.value(), (Tensor{-1.0, 1.0}));
  sum(y).backward();
  EXPECT_ALLCLOSE(z.grad(), (Tensor{0.0, 0.0}));
}

TEST(Exercise2, LogSigmoidValuesAndGradientByHand) {
  // log σ(0) = -ln 2; log σ(ln 3) = ln(3/4); slope 1 - σ(z).
  Variable z(Tensor{0.0, std::log(3.0)}, true);
  Variable l = log_sigmoid(z);
  EXPECT_ALLCLOSE(l.value(), (Tensor{-std::log(2.0), std::log(0.75)}));
  sum(l).backward();
  EXPECT_ALLCLOSE(z.grad(), (Tensor{0.5, 0.25}));
}

TEST(Exercise2, LogSigmoidIsFiniteForHugeLogits) {
  Variable z(Tensor{-800.0, 800.0}, true);
  Variable l = log_sigmoid(z);
  EXPECT_ALLCLOSE(l.value(), (Tensor{-800.0, 0.0}));
  sum(l).backward();
  EXPECT_ALLCLOSE(z.grad(), (Tensor{1.0, 0.0}));
}

TEST(Exercise2, TheLossFromLogSigmoidMatchesTheStableFunction) {
  // -[y log σ(z) + (1 - y) log σ(-z)] is BCE-with-logits, term by term.
  const Tensor zs = {-30.0, -1.0, 0.5, 40.0};
  const Tensor ys = {1.0, 0.0, 1.0, 0.0};
  Variable z1(zs, true), z2(zs, true), y(ys);
  Variable mine = mean(-(y * log_sigmoid(z1) + (1.0 - y) * log_sigmoid(-z1)));
  mine.backward();
  Variable ref = BCEWithLogitsFunction::apply(z2, y);
  ref.backward();
  EXPECT_ALLCLOSE(mine.value(), ref.value());
  EXPECT_ALLCLOSE(z1.grad(), z2.grad());
}

// Exercise 3's numbers come from PyTorch 1.13.1:
// binary_cross_entropy_with_logits(linear(x, w, b), y) and its backward,
// recorded by tests/goldens/make_ch02_goldens.py.
TEST(Exercise3, FusedLossAndGradientsMatchTorch) {
  auto g = blocks::testing::read_ch02_golden("fused_linear_bce.txt");
  Variable x(g["x"], true), w(g["w"], true), b(g["b"], true), y(g["y"]);
  Variable loss = LinearBCEFunction::apply(x, w, b, y);
  EXPECT_ALLCLOSE(loss.value(), g["loss"]);
  EXPECT_EQ(loss.grad_fn()->name(), "LinearBCEFunctionBackward");
  loss.backward();
  EXPECT_ALLCLOSE(x.grad(), g["grad_x"]);
  EXPECT_ALLCLOSE(w.grad(), g["grad_w"]);
  EXPECT_ALLCLOSE(b.grad(), g["grad_b"]);
}

TEST(Exercise3, EqualsTheComposedGraphUnderAnUpstreamGradient) {
  // One fused node against the chapter's two (LinearFunction, then
  // BCEWithLogitsFunction), with the loss scaled by 3 afterwards so the
  // upstream gradient of the fused node is 3, not 1.
  const Tensor xs = {{0.5, -1.0}, {2.0, 0.25}, {-1.5, 1.0}};
  const Tensor ws = {{0.3, -0.7}};
  const Tensor bs = {0.2};
  const Tensor ys = blocks::column({1.0, 0.0, 0.0});
  Variable x1(xs, true), w1(ws, true), b1(bs, true);
  Variable x2(xs, true), w2(ws, true), b2(bs, true), y(ys);
  Variable fused = LinearBCEFunction::apply(x1, w1, b1, y) * 3.0;
  Variable composed =
      BCEWithLogitsFunction::apply(LinearFunction::apply(x2, w2, b2), y) * 3.0;
  EXPECT_ALLCLOSE(fused.value(), composed.value());
  fused.backward();
  composed.backward();
  EXPECT_ALLCLOSE(x1.grad(), x2.grad());
  EXPECT_ALLCLOSE(w1.grad(), w2.grad());
  EXPECT_ALLCLOSE(b1.grad(), b2.grad());
}
