// The backward engine: accumulation, fan-out, retain_graph, the errors
// PyTorch raises, and autograd::grad. Expected values are worked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <xtensor/xview.hpp>
#include "blocks/autograd.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

TEST(Engine, GradientsAccumulateAcrossBackwardCalls) {
  // The reference's example: three (5p).sum().backward() give 15.
  Variable p(Tensor{1.0, -2.0}, true);
  for (int i = 0; i < 3; ++i) sum(p * 5.0).backward();
  EXPECT_ALLCLOSE(p.grad(), (Tensor{15.0, 15.0}));
}

TEST(Engine, AVariableUsedTwiceGetsTheSum) {
  Variable x(Tensor{3.0}, true);
  sum(x * x).backward();  // d(x²)/dx = 2x = 6
  EXPECT_ALLCLOSE(x.grad(), (Tensor{6.0}));
}

TEST(Engine, DiamondGraph) {
  // q = 3p; r = q² + q: dr/dp = 18p + 3 = 39 at p = 2.
  Variable p(Tensor{2.0}, true);
  Variable q = p * 3.0;
  Variable r = q * q + q;
  sum(r).backward();
  EXPECT_ALLCLOSE(p.grad(), (Tensor{39.0}));
}

TEST(Engine, DeepChainDoesNotOverflowTheStack) {
  Variable x(Tensor{1.0}, true);
  Variable y = x;
  for (int i = 0; i < 20000; ++i) y = y + 1.0;
  sum(y).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{1.0}));
}

// The engine keeps each node's gradient slots from one walk to the next. A
// walk starts with them empty, even after one that left a gradient in a
// node it did not run (grad() stops at its inputs) or that threw.
TEST(Engine, AWalkStartsEmptyAfterOneThatStoppedEarly) {
  for (int walk = 0; walk < 2; ++walk) {
    Variable x(Tensor{1.0, 2.0}, true);
    Variable z = x * 3.0;
    const auto g = grad({sum(z * z)}, {z});  // x * 3 keeps a gradient, unrun
    EXPECT_ALLCLOSE(g[0], (Tensor{6.0, 12.0}));
    Variable x2(Tensor{1.0, 2.0}, true);
    Variable z2 = x2 * 3.0;
    sum(z2 * z2).backward();
    EXPECT_ALLCLOSE(x2.grad(), (Tensor{18.0, 36.0}));
    // x * x saved x; changed in place, it throws when its turn comes, the
    // gradient from exp still in its slot.
    Variable loss = sum(exp(x * x));
    {
      NoGradGuard no_grad;
      x.sub_(Tensor{1.0, 1.0});
    }
    EXPECT_THROW(loss.backward(), blocks::AutogradError);
    Variable x3(Tensor{0.0, 1.0}, true);
    sum(exp(x3 * x3)).backward();  // 2 x e^(x^2)
    EXPECT_ALLCLOSE(x3.grad(), (Tensor{0.0, 2.0 * std::exp(1.0)}));
  }
}

TEST(Engine, RetainGraphAllowsASecondBackwardWhichAddsAgain) {
  Variable x(Tensor{3.0}, true);
  Variable y = x * x;
  y.backward(Tensor{1.0}, true);
  y.backward(Tensor{1.0}, true);
  EXPECT_ALLCLOSE(x.grad(), (Tensor{12.0}));
}

// Each thread takes its walk ids from a shared counter, a block at a time.
// A graph walked in one new thread, then in another, must be walked whole
// the second time: ids counted from the same start in each thread would
// give both walks the same id, and the second would read the first's marks
// as "seen" and skip every node.
TEST(Engine, WalksFromTwoThreadsOverOneGraphBothRunEveryNode) {
  Variable x(Tensor{3.0}, true);
  Variable y = (x * x) * 2.0;  // dy/dx = 4x = 12
  for (int walk = 0; walk < 2; ++walk) {
    std::thread walker([&] { y.backward(Tensor{1.0}, true); });
    walker.join();
  }
  EXPECT_ALLCLOSE(x.grad(), (Tensor{24.0}));
}

TEST(Engine, SecondBackwardWithoutRetainGraphIsAnError) {
  Variable x(Tensor{3.0}, true);
  Variable y = sum(exp(x));
  y.backward();
  try {
    y.backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(), kSecondBackwardMessage);
    EXPECT_EQ(std::string(e.what()).rfind(
                  "Trying to backward through the graph a second time", 0),
              0u);
  }
}

TEST(Engine, AGraphThatSavedNothingCanBeWalkedAgain) {
  // As in PyTorch: only saved tensors are freed, so (x + 1).sum() has
  // nothing to lose.
  Variable x(Tensor{3.0, 4.0}, true);
  Variable y = sum(x + 1.0);
  y.backward();
  y.backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{2.0, 2.0}));
}

TEST(Engine, NonScalarBackwardNeedsAGradient) {
  Variable x(Tensor{1.0, 2.0, 3.0}, true);
  Variable y = x * x;
  try {
    y.backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "grad can be implicitly created only for scalar outputs");
  }
  // With v, backward computes vᵀJ = v ⊙ 2x.
  y.backward(Tensor{1.0, 0.5, 2.0});
  EXPECT_ALLCLOSE(x.grad(), (Tensor{2.0, 2.0, 12.0}));
}

TEST(Engine, GradientOfTheWrongShapeIsRejected) {
  Variable x(Tensor{1.0, 2.0, 3.0}, true);
  Variable y = x * 2.0;
  try {
    y.backward(Tensor{1.0, 1.0});
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "Mismatch in shape: grad_output[0] has a shape of (2,) and "
                 "output[0] has a shape of (3,).");
  }
}

TEST(Engine, RootThatDoesNotRequireGradIsAnError) {
  Variable c(Tensor{1.0});
  try {
    sum(c * 2.0).backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "element 0 of tensors does not require grad and "
                 "does not have a grad_fn");
  }
}

TEST(Engine, SeveralRootsAtOnce) {
  Variable x(Tensor{2.0}, true);
  Variable a = x * x;    // 2x = 4
  Variable b = x * 3.0;  // 3
  backward({a, b}, {Tensor{1.0}, Tensor{10.0}});
  EXPECT_ALLCLOSE(x.grad(), (Tensor{4.0 + 30.0}));
}

TEST(Engine, AnEmptyGradientOfTheInputsShapeIsAGradient) {
  // torch 1.13: x = zeros(0, requires_grad=True); x.sum().backward() gives
  // x.grad == tensor([]), not None; autograd.grad(x.sum(), x) returns
  // (tensor([]),).
  Variable x(Tensor::from_shape({0}), true);
  sum(x).backward();
  ASSERT_TRUE(x.has_grad());
  EXPECT_EQ(x.grad().shape(), blocks::Shape{0});
  const auto g = grad({sum(x)}, {x});
  EXPECT_EQ(g.at(0).shape(), blocks::Shape{0});
}

TEST(Grad, ReturnsGradientsWithoutAccumulating) {
  Variable x(Tensor{1.0, 2.0}, true);
  Variable w(Tensor{3.0, -1.0}, true);
  Variable y = sum(x * w);
  auto g = grad({y}, {x, w});
  ASSERT_EQ(g.size(), 2u);
  EXPECT_ALLCLOSE(g[0], (Tensor{3.0, -1.0}));
  EXPECT_ALLCLOSE(g[1], (Tensor{1.0, 2.0}));
  EXPECT_FALSE(x.has_grad());
  EXPECT_FALSE(w.has_grad());
}

TEST(Grad, JacobianRowsByVectorJacobianProducts) {
  // y = x ⊙ x has Jacobian diag(2x): row i is e_iᵀJ. Gradcheck does this.
  Variable x(Tensor{1.0, -2.0, 0.5}, true);
  Variable y = x * x;
  const Tensor expected_rows = {
      {2.0, 0.0, 0.0}, {0.0, -4.0, 0.0}, {0.0, 0.0, 1.0}};
  for (std::size_t i = 0; i < 3; ++i) {
    Tensor e = {0.0, 0.0, 0.0};
    e(i) = 1.0;
    auto row = grad({y}, {x}, {e}, /*retain_graph=*/true);
    EXPECT_ALLCLOSE(row[0], xt::view(expected_rows, i));
  }
  EXPECT_FALSE(x.has_grad());
}

TEST(Grad, WithRespectToAnIntermediateResult) {
  Variable x(Tensor{1.0, 2.0}, true);
  Variable z = x * 3.0;
  Variable y = sum(z * z);  // dy/dz = 2z = 6x
  auto g = grad({y}, {z}, {}, true);
  EXPECT_ALLCLOSE(g[0], (Tensor{6.0, 12.0}));
  auto both = grad({y}, {x, z});  // dy/dx = 18x
  EXPECT_ALLCLOSE(both[0], (Tensor{18.0, 36.0}));
  EXPECT_ALLCLOSE(both[1], (Tensor{6.0, 12.0}));
}

TEST(Grad, UnusedInputIsAnErrorUnlessAllowed) {
  Variable x(Tensor{1.0}, true);
  Variable unused(Tensor{1.0, 2.0}, true);
  Variable y = sum(x * 2.0);
  EXPECT_THROW(grad({y}, {x, unused}, {}, true), blocks::AutogradError);
  auto g = grad({y}, {x, unused}, {}, false, /*allow_unused=*/true);
  EXPECT_ALLCLOSE(g[0], (Tensor{2.0}));
  EXPECT_ALLCLOSE(g[1], (Tensor{0.0, 0.0}));
}

TEST(Grad, InputMustRequireGrad) {
  Variable x(Tensor{1.0}, true);
  Variable c(Tensor{1.0});
  EXPECT_THROW(grad({sum(x * c)}, {c}), blocks::AutogradError);
}

TEST(Grad, RepeatedEvaluationOnPerturbedInputs) {
  // Gradcheck's pattern: rebuild the graph on new values, each time.
  for (double h : {-1e-3, 0.0, 1e-3}) {
    Variable x(Tensor{2.0 + h}, true);
    auto g = grad({sum(exp(x))}, {x});
    EXPECT_NEAR(g[0](0), std::exp(2.0 + h), 1e-12);
  }
}
