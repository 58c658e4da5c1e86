// Variable: leaves, handles that alias, gradients, grad mode, in-place
// changes and the version counter.
#include <gtest/gtest.h>
#include <cmath>
#include <memory>

#include <thread>
#include <vector>

#include "blocks/autograd.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;

TEST(Variable, LeafBasics) {
  Variable w(Tensor{{1.0, 2.0}}, true);
  EXPECT_TRUE(w.defined());
  EXPECT_TRUE(w.is_leaf());
  EXPECT_TRUE(w.requires_grad());
  EXPECT_EQ(w.grad_fn(), nullptr);
  EXPECT_EQ(w.shape(), (Shape{1, 2}));
  EXPECT_FALSE(w.has_grad());
  EXPECT_THROW(w.grad(), blocks::AutogradError);
  EXPECT_FALSE(Variable(Tensor{1.0}).requires_grad());
}

// A Tensor lvalue is copied into the leaf, an rvalue taken over: either
// way the leaf's value is its own.
TEST(Variable, ALeafCopiesATensorOrTakesOneOver) {
  Tensor t{1.0, 2.0, 3.0};
  const double* storage = t.data();
  const Variable copied(t);
  t(0) = 99.0;
  EXPECT_EQ(copied.value(), (Tensor{1.0, 2.0, 3.0}));
  EXPECT_NE(copied.value().data(), storage);
  const Variable moved(std::move(t), true);
  EXPECT_EQ(moved.value(), (Tensor{99.0, 2.0, 3.0}));
  EXPECT_EQ(moved.value().data(), storage);
  EXPECT_TRUE(moved.requires_grad());
  EXPECT_FALSE(copied.requires_grad());
}

TEST(Variable, CopiesAliasOneNode) {
  Variable a(Tensor{1.0, 2.0}, true);
  Variable b = a;
  b.value()(0) = 5.0;
  EXPECT_EQ(a.value()(0), 5.0);
  EXPECT_TRUE(a.same(b));
  sum(b * 3.0).backward();
  EXPECT_ALLCLOSE(a.grad(), (Tensor{3.0, 3.0}));
}

TEST(Variable, ResultRequiresGradIffAnInputDoes) {
  Variable p(Tensor{1.0}, true);
  Variable c(Tensor{2.0});
  Variable r = c + p;
  EXPECT_TRUE(r.requires_grad());
  EXPECT_FALSE(r.is_leaf());
  ASSERT_NE(r.grad_fn(), nullptr);
  EXPECT_EQ(r.grad_fn()->name(), "AddBackward");
  Variable k = c * c;
  EXPECT_FALSE(k.requires_grad());
  EXPECT_EQ(k.grad_fn(), nullptr);
}

TEST(Variable, RequiresGradOnlyOnLeaves) {
  Variable p(Tensor{1.0}, true);
  Variable r = p * 2.0;
  try {
    r.set_requires_grad(false);
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "you can only change requires_grad flags of leaf "
                  "variables.",
                  0),
              0u);
  }
  Variable q(Tensor{1.0});
  q.set_requires_grad(true);
  EXPECT_TRUE(q.requires_grad());
}

TEST(Variable, RequiresGradTrueOnAComputedVariableIsANoOp) {
  // torch 1.13: y = x * 2; y.requires_grad_(True) is accepted and changes
  // nothing (only requires_grad_(False) is refused on a non-leaf).
  Variable x(Tensor{1.0}, true);
  Variable y = x * 2.0;
  const auto history = y.grad_fn();
  EXPECT_NO_THROW(y.set_requires_grad(true));
  EXPECT_TRUE(y.requires_grad());
  EXPECT_EQ(y.grad_fn(), history);
}

TEST(Variable, FreezingALeafAfterTheGraphIsBuiltStopsItsGradient) {
  // torch 1.13: y = x * 2; x.requires_grad_(False); y.sum().backward()
  // leaves x.grad None: AccumulateGrad skips a leaf that no longer
  // requires grad.
  Variable x(Tensor{1.0}, true);
  Variable y = x * 2.0;
  x.set_requires_grad(false);
  sum(y).backward();
  EXPECT_FALSE(x.has_grad());
}

// A leaf keeps its AccumulateGrad from one graph to the next; the sink
// points back weakly, so a leaf whose last handle goes still goes.
TEST(Variable, ALeafKeepsItsSinkButTheSinkDoesNotKeepTheLeaf) {
  Variable w(Tensor{2.0}, true);
  const Node* sink = nullptr;
  {
    Variable first = w + 1.0;
    sink = first.grad_fn()->next_edges()[0].function.get();
    first.backward();
  }  // the first graph is gone
  Variable second = w + 1.0;
  EXPECT_EQ(second.grad_fn()->next_edges()[0].function.get(), sink);
  second.backward();
  EXPECT_EQ(w.grad(), (Tensor{2.0}));  // one from each graph

  Variable orphan_sum;
  std::shared_ptr<Node> orphan_sink;
  {
    Variable leaf(Tensor{3.0}, true);
    orphan_sum = leaf + 1.0;  // Add saves nothing: the graph holds no leaf
    orphan_sink = orphan_sum.grad_fn()->next_edges()[0].function;
  }
  ASSERT_EQ(orphan_sink->name(), "AccumulateGrad");
  EXPECT_FALSE(static_cast<AccumulateGrad&>(*orphan_sink).variable().defined());
  EXPECT_NO_THROW(orphan_sum.backward());  // its gradient has nowhere to go
}

TEST(Variable, NonLeafGradStaysEmptyAndSaysWhy) {
  Variable p(Tensor{2.0}, true);
  Variable q = p * 3.0;
  sum(q).backward();
  EXPECT_FALSE(q.has_grad());
  try {
    q.grad();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_NE(std::string(e.what()).find("not a leaf"), std::string::npos);
  }
}

TEST(Variable, ZeroGradKeepsAZeroTensorResetGradDropsIt) {
  Variable p(Tensor{2.0, 1.0}, true);
  p.zero_grad();  // no gradient yet: stays none, as in PyTorch
  EXPECT_FALSE(p.has_grad());
  sum(p * p).backward();
  p.zero_grad();
  ASSERT_TRUE(p.has_grad());
  EXPECT_ALLCLOSE(p.grad(), (Tensor{0.0, 0.0}));
  sum(p * p).backward();  // 2p after zeroing, not 4p
  EXPECT_ALLCLOSE(p.grad(), (Tensor{4.0, 2.0}));
  p.reset_grad();
  EXPECT_FALSE(p.has_grad());
}

TEST(Variable, DetachGivesALeafWithoutHistory) {
  Variable p(Tensor{2.0}, true);
  Variable d = (p * 3.0).detach();
  EXPECT_TRUE(d.is_leaf());
  EXPECT_FALSE(d.requires_grad());
  EXPECT_ALLCLOSE(d.value(), (Tensor{6.0}));
}

TEST(NoGradGuard, NothingIsRecordedAndGuardsNest) {
  Variable p(Tensor{2.0}, true);
  EXPECT_TRUE(is_grad_enabled());
  {
    NoGradGuard outer;
    {
      NoGradGuard inner;
      EXPECT_FALSE(is_grad_enabled());
    }
    EXPECT_FALSE(is_grad_enabled());
    Variable r = p * p;
    EXPECT_FALSE(r.requires_grad());
    EXPECT_EQ(r.grad_fn(), nullptr);
    EXPECT_ALLCLOSE(r.value(), (Tensor{4.0}));
  }
  EXPECT_TRUE(is_grad_enabled());
  EXPECT_TRUE((p * p).requires_grad());
}

TEST(EnableGradGuard, RecordsInsideANoGradGuardAndRestoresTheMode) {
  // torch 1.13: inside no_grad(), a `with torch.enable_grad():` block
  // records (p * p requires grad), and no_grad holds again after it.
  Variable p(Tensor{2.0}, true);
  NoGradGuard no_grad;
  {
    EnableGradGuard enable_grad;
    EXPECT_TRUE(is_grad_enabled());
    EXPECT_TRUE((p * p).requires_grad());
  }
  EXPECT_FALSE(is_grad_enabled());
  EXPECT_FALSE((p * p).requires_grad());
}

TEST(Variable, InPlaceUpdateOfAParameterNeedsNoGrad) {
  Variable w(Tensor{1.0, 2.0}, true);
  EXPECT_THROW(w.sub_(Tensor{1.0, 1.0}), blocks::AutogradError);
  {
    NoGradGuard no_grad;
    w.sub_(Tensor{1.0, 2.0}, 0.5);  // what SGD does: w -= lr * grad
  }
  EXPECT_ALLCLOSE(w.value(), (Tensor{0.5, 1.0}));
  EXPECT_EQ(w.version(), 1u);
  NoGradGuard no_grad;
  EXPECT_THROW(w.sub_(Tensor{1.0, 1.0, 1.0}), blocks::ShapeError);
  w.copy_(Tensor{7.0, 8.0});
  EXPECT_EQ(w.version(), 2u);
  EXPECT_THROW(w.copy_(Tensor{1.0}), blocks::ShapeError);
}

// add_ is PyTorch's p.add_(d, alpha=-lr): one rounding per element.
// 0.3 + 3 * 0.1 rounds twice to 0.6000000000000001 but once to 0.6.
TEST(Variable, AddInPlaceRoundsOnceAsPyTorchDoes) {
  Variable w(Tensor{0.3, 1.0}, true);
  EXPECT_THROW(w.add_(Tensor{0.1, 0.0}, 3.0), blocks::AutogradError);
  NoGradGuard no_grad;
  w.add_(Tensor{0.1, 0.5}, 3.0);
  EXPECT_EQ(w.value()(0), 0.6);
  EXPECT_NE(w.value()(0), 0.3 + 3.0 * 0.1);
  EXPECT_EQ(w.value()(1), 2.5);
  EXPECT_EQ(w.version(), 1u);
  EXPECT_THROW(w.add_(Tensor{1.0}), blocks::ShapeError);
  EXPECT_EQ(w.version(), 1u);
}

TEST(Variable, AddInPlaceRefusesAComputedVariableWithGradOn) {
  Variable x(Tensor{1.0}, true);
  Variable y = x * 2.0;
  EXPECT_THROW(y.add_(Tensor{1.0}), blocks::AutogradError);
  NoGradGuard no_grad;
  y.add_(Tensor{1.0});
  EXPECT_EQ(y.value()(0), 3.0);
}

TEST(Variable, CopyIntoAComputedVariableReplacesItsHistory) {
  // torch 1.13: y = x * 2; y.copy_(tensor([5.])) makes y.grad_fn a
  // CopyBackwards, and (y * y).sum().backward() gives x.grad ==
  // tensor([0.]): y's value no longer depends on x.
  Variable x(Tensor{1.0}, true);
  Variable y = x * 2.0;
  y.copy_(Tensor{5.0});
  EXPECT_FALSE(y.is_leaf());
  EXPECT_TRUE(y.requires_grad());
  EXPECT_EQ(y.grad_fn()->name(), "CopyBackwards");
  sum(y * y).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{0.0}));
}

TEST(Variable, CopyIntoAComputedVariableUnderNoGradKeepsItsHistory) {
  // torch 1.13: the same copy_ inside torch.no_grad() leaves y.grad_fn a
  // MulBackward0, so the gradient still flows to x: 2 * 2y = 20.
  Variable x(Tensor{1.0}, true);
  Variable y = x * 2.0;
  {
    NoGradGuard no_grad;
    y.copy_(Tensor{5.0});
  }
  EXPECT_EQ(y.grad_fn()->name(), "MulBackward");
  sum(y * y).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{20.0}));
}

TEST(Variable, ChangingASavedInputBeforeBackwardIsAnError) {
  Variable x(Tensor{1.0, 2.0, 3.0}, true);
  Variable loss = sum(x * x);  // Mul saves x
  {
    NoGradGuard no_grad;
    x.sub_(Tensor{1.0, 1.0, 1.0});
  }
  try {
    loss.backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("modified by an inplace operation"), std::string::npos);
    EXPECT_NE(what.find("MulBackward"), std::string::npos);
    EXPECT_NE(what.find("is at version 1; expected version 0"),
              std::string::npos);
  }
}

TEST(Variable, UndefinedHandleSaysSo) {
  Variable none;
  EXPECT_FALSE(none.defined());
  EXPECT_FALSE(none.requires_grad());
  EXPECT_THROW(none.value(), blocks::AutogradError);
}

// Variables and graph nodes come from a per-thread cache of freed blocks.
// A graph made in one thread may outlive it, and be walked and freed in
// another: the blocks simply join the second thread's cache.
TEST(Variable, AGraphOutlivesTheThreadThatBuiltIt) {
  Variable w(Tensor{1.0, 2.0, 3.0}, true);
  std::vector<Variable> losses;
  std::thread builder([&] {
    for (int k = 0; k < 100; ++k) {
      losses.push_back(sum(w * w * static_cast<double>(k)));
    }
  });
  builder.join();  // its cache is gone now
  for (const Variable& loss : losses) loss.backward();
  // d/dw sum(k w^2) = 2 k w, summed over k = 0..99: 9900 w.
  EXPECT_ALLCLOSE(w.grad(), (Tensor{9900.0, 19800.0, 29700.0}));
  losses.clear();  // every node freed here, in this thread
}
