// The notebook's three Functions: values and gradients by hand, against
// the same computation from elementary operations (to 1e-12), and against
// PyTorch 1.13.1 (tests/goldens/make_ch02_goldens.py).
#include <cmath>

#include <gtest/gtest.h>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch02_goldens.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::AllClose;
using blocks::testing::kTightAtol;
using blocks::testing::kTightRtol;

TEST(LinearFunction, ValueAndGradientsByHand) {
  Variable x(Tensor{{1.0, 2.0}, {3.0, -1.0}});  // constant data
  Variable w(Tensor{{0.5, -1.0}}, true);
  Variable b(Tensor{2.0}, true);
  Variable z = LinearFunction::apply(x, w, b);
  // z_i = x_i · w + b = [0.5 - 2 + 2, 1.5 + 1 + 2]
  EXPECT_ALLCLOSE(z.value(), blocks::column({0.5, 4.5}));
  EXPECT_EQ(z.grad_fn()->name(), "LinearFunctionBackward");
  z.backward(blocks::column({1.0, 2.0}));
  // dW = gᵀ x = [1 + 6, 2 - 2]; db = Σ g = 3.
  EXPECT_ALLCLOSE(w.grad(), (Tensor{{7.0, 0.0}}));
  EXPECT_ALLCLOSE(b.grad(), (Tensor{3.0}));
  EXPECT_FALSE(x.has_grad());
}

TEST(LinearFunction, GradientForTheInputToo) {
  Variable x(Tensor{{1.0, 2.0}, {3.0, -1.0}}, true);
  Variable w(Tensor{{0.5, -1.0}, {2.0, 1.0}});  // (out, in) = (2, 2)
  Variable b(Tensor{0.0, 0.0});
  LinearFunction::apply(x, w, b).backward(Tensor{{1.0, 0.0}, {1.0, 1.0}});
  // dx = g W: row 0 = [0.5, -1], row 1 = [2.5, 0].
  EXPECT_ALLCLOSE(x.grad(), (Tensor{{0.5, -1.0}, {2.5, 0.0}}));
}

TEST(LinearFunction, ShapesThatDoNotFit) {
  Variable x(Tensor{{1.0, 2.0, 3.0}}, true);
  Variable w(Tensor{{1.0, 2.0}}, true);
  Variable b(Tensor{0.0}, true);
  try {
    LinearFunction::apply(x, w, b);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "LinearFunction: x (1, 3), w (1, 2) and b (1,) "
                 "do not fit: expected x (batch, in), w (out, in), "
                 "b (out,)");
  }
  Variable w3(Tensor{{1.0, 2.0, 3.0}}, true);
  Variable b2(Tensor{0.0, 1.0}, true);
  EXPECT_THROW(LinearFunction::apply(x, w3, b2), blocks::ShapeError);
}

TEST(LinearFunction, AnEmptyBatchGivesZeroGradients) {
  // torch 1.13: x = zeros(0, 2, requires_grad=True), w = [[1., 2.]],
  // b = [0.5]; F.linear(x, w, b).sum().backward() gives x.grad of shape
  // (0, 2), w.grad == [[0., 0.]] and b.grad == [0.]: nothing was summed.
  Variable x(xt::zeros<double>({0, 2}), true);
  Variable w(Tensor{{1.0, 2.0}}, true);
  Variable b(Tensor{0.5}, true);
  sum(LinearFunction::apply(x, w, b)).backward();
  ASSERT_TRUE(x.has_grad());
  EXPECT_EQ(x.grad().shape(), (Shape{0, 2}));
  ASSERT_TRUE(w.has_grad());
  EXPECT_ALLCLOSE(w.grad(), (Tensor{{0.0, 0.0}}));
  ASSERT_TRUE(b.has_grad());
  EXPECT_ALLCLOSE(b.grad(), (Tensor{0.0}));
}

TEST(SigmoidFunction, ValuesAndGradientByHand) {
  Variable z(Tensor{0.0, std::log(3.0)}, true);
  Variable p = SigmoidFunction::apply(z);
  // σ(0) = 1/2; σ(ln 3) = 1/(1 + 1/3) = 3/4.
  EXPECT_ALLCLOSE(p.value(), (Tensor{0.5, 0.75}));
  p.backward(Tensor{1.0, 2.0});
  // σ' = σ(1 - σ): 1/4, and 2 · 3/16.
  EXPECT_ALLCLOSE(z.grad(), (Tensor{0.25, 0.375}));
}

TEST(SigmoidFunction, SaturatesWithoutNaN) {
  Variable z(Tensor{-800.0, 800.0}, true);
  Variable p = SigmoidFunction::apply(z);
  EXPECT_EQ(p.value()(0), 0.0);
  EXPECT_EQ(p.value()(1), 1.0);
  sum(p).backward();
  EXPECT_EQ(z.grad()(0), 0.0);
  EXPECT_EQ(z.grad()(1), 0.0);
}

TEST(BCEWithLogitsFunction, ValueAndGradientsByHand) {
  // z = 0 gives ln 2 whatever y; z = ln 3, y = 1 gives ln(1 + 1/3).
  Variable z(blocks::column({0.0, std::log(3.0)}), true);
  Variable y(blocks::column({1.0, 1.0}), true);
  Variable loss = BCEWithLogitsFunction::apply(z, y);
  EXPECT_EQ(loss.shape(), Shape{});
  EXPECT_NEAR(loss.value()(), (std::log(2.0) + std::log(4.0 / 3.0)) / 2, 1e-15);
  loss.backward();
  // (σ(z) - y)/m = [(1/2 - 1)/2, (3/4 - 1)/2]; -z/m = [0, -ln 3 / 2].
  EXPECT_ALLCLOSE(z.grad(), blocks::column({-0.25, -0.125}));
  EXPECT_ALLCLOSE(y.grad(), blocks::column({0.0, -std::log(3.0) / 2}));
}

TEST(BCEWithLogitsFunction, LargeLogitsStayFinite) {
  // A confident wrong answer costs |z|, and the slope is ±1/m.
  Variable z(Tensor{800.0, -800.0}, true);
  Variable y(Tensor{0.0, 1.0});
  Variable loss = BCEWithLogitsFunction::apply(z, y);
  EXPECT_EQ(loss.value()(), 800.0);
  loss.backward();
  EXPECT_ALLCLOSE(z.grad(), (Tensor{0.5, -0.5}));
}

TEST(BCEWithLogitsFunction, TargetShapeMustMatch) {
  Variable z(blocks::column({0.0, 1.0, 2.0}), true);
  Variable y(Tensor{0.0, 1.0, 1.0});
  try {
    BCEWithLogitsFunction::apply(z, y);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "BCEWithLogitsFunction: Target size (3,) must be "
                 "the same as input size (3, 1)");
  }
  Variable empty(Tensor::from_shape({0, 1}), true);
  EXPECT_THROW(BCEWithLogitsFunction::apply(empty, empty), blocks::ValueError);
}

namespace {

struct Batch {
  Variable x, y, w, b;
};

Batch batch() {
  return {Variable(Tensor{{0.3, -1.2, 2.0, 0.7},
                          {1.5, 0.4, -0.6, 0.0},
                          {-2.2, 1.1, 0.9, -0.4},
                          {0.8, -0.3, -1.7, 2.5},
                          {25.0, 3.0, -4.0, 1.0}}),
          Variable(blocks::column({1.0, 0.0, 1.0, 1.0, 0.0})),
          Variable(Tensor{{0.4, -0.7, 0.2, 0.9}}, true),
          Variable(Tensor{-0.3}, true)};
}

}  // namespace

// [custom-vs-elementary-test]
TEST(CustomVersusElementary, SameLossAndGradientsTo1e12) {
  Batch c = batch(), e = batch();
  Variable custom =
      BCEWithLogitsFunction::apply(LinearFunction::apply(c.x, c.w, c.b), c.y);
  custom.backward();
  Variable z = matmul(e.x, transpose(e.w)) + e.b;
  Variable lazy = mean(maximum(z, 0.0) - z * e.y + log1p(exp(-abs(z))));
  lazy.backward();
  EXPECT_TRUE(AllClose(custom.value(), lazy.value(), kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(c.w.grad(), e.w.grad(), kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(c.b.grad(), e.b.grad(), kTightAtol, kTightRtol));
}
// [custom-vs-elementary-test]

TEST(CustomVersusElementary, SigmoidFunctionEqualsTheComposition) {
  const Tensor values = {-30.0, -2.0, 0.0, 0.5, 4.0};
  Variable a(values, true), b(values, true);
  const Tensor v = {1.0, -1.0, 2.0, 0.5, 3.0};
  SigmoidFunction::apply(a).backward(v);
  (1.0 / (1.0 + exp(-b))).backward(v);
  EXPECT_TRUE(AllClose(a.grad(), b.grad(), kTightAtol, kTightRtol));
}

TEST(PyTorchGoldens, LogisticRegressionLossAndGradients) {
  auto g = blocks::testing::read_ch02_golden("logistic.txt");
  Variable x(g["x"]), y(g["y"], true);
  Variable w(g["w"], true), b(g["b"], true);
  Variable z = LinearFunction::apply(x, w, b);
  Variable loss = BCEWithLogitsFunction::apply(z, y);
  EXPECT_TRUE(AllClose(z.value(), g["z"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(SigmoidFunction::apply(z).value(), g["p"], kTightAtol,
                       kTightRtol));
  EXPECT_TRUE(AllClose(loss.value(), g["loss"], kTightAtol, kTightRtol));
  auto dz = grad({loss}, {z}, {}, /*retain_graph=*/true);
  EXPECT_TRUE(AllClose(dz[0], g["grad_z"], kTightAtol, kTightRtol));
  loss.backward();
  EXPECT_TRUE(AllClose(w.grad(), g["grad_w"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(b.grad(), g["grad_b"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(y.grad(), g["grad_y"], kTightAtol, kTightRtol));
  Variable zs(g["z"], true);
  SigmoidFunction::apply(zs).backward(g["v"]);
  EXPECT_TRUE(AllClose(zs.grad(), g["sigmoid_vjp"], kTightAtol, kTightRtol));
}

TEST(PyTorchGoldens, EveryElementaryOpWithBroadcasting) {
  auto g = blocks::testing::read_ch02_golden("broadcasting.txt");
  Variable a(g["a"], true), r(g["r"], true), c(g["c"], true), m(g["m"], true);
  Variable h = (a * r - c) / (1.0 + exp(-a));
  h = maximum(h, sigmoid(r)) + log1p(abs(c));
  Variable out = sum(mean(log(exp(relu(matmul(h, m))) + 1.0), 0));
  out = out + sum(transpose(a) * 2.0) - mean(-c);
  out.backward();
  EXPECT_TRUE(AllClose(out.value(), g["out"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(a.grad(), g["grad_a"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(r.grad(), g["grad_r"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(c.grad(), g["grad_c"], kTightAtol, kTightRtol));
  EXPECT_TRUE(AllClose(m.grad(), g["grad_m"], kTightAtol, kTightRtol));
}
