// Function<T> + Context: what a user-written Function may and may not do,
// with the errors PyTorch gives for each mistake.
#include <any>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>

#include "blocks/autograd.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;

namespace {

// What a backward receives, and what it returns: one tensor or
// std::nullopt ("no gradient") per forward argument.
using Grads = std::vector<Tensor>;
using GradsOrNone = std::vector<std::optional<Tensor>>;

struct Square : Function<Square> {
  static bool grad_mode_seen;
  static Tensor forward(Context& ctx, const Tensor& x) {
    grad_mode_seen = is_grad_enabled();
    ctx.save_for_backward(x);
    return x * x;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    return {2.0 * ctx.saved(0) * g[0]};
  }
};
bool Square::grad_mode_seen = true;

// Records needs_input_grad; takes a non-tensor argument in the middle.
struct Affine : Function<Affine> {
  static std::vector<bool> needs;
  static Tensor forward(Context& ctx, const Tensor& x, double k,
                        const Tensor& b) {
    needs = {ctx.needs_input_grad(0), ctx.needs_input_grad(1),
             ctx.needs_input_grad(2)};
    ctx.saved_data["k"] = k;
    return k * x + b;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const double k = std::any_cast<double>(ctx.saved_data.at("k"));
    return {k * g[0], std::nullopt, g[0]};
  }
};
std::vector<bool> Affine::needs;

struct TooFew : Function<TooFew> {
  static Tensor forward(Context&, const Tensor& a, const Tensor& b) {
    return a + b;
  }
  static GradsOrNone backward(Context&, const Grads& g) { return {g[0]}; }
};

struct ExtraNone : Function<ExtraNone> {
  static Tensor forward(Context&, const Tensor& a) { return a * 1.0; }
  static GradsOrNone backward(Context&, const Grads& g) {
    return {g[0], std::nullopt, std::nullopt};
  }
};

// An extra gradient that is empty is still a gradient, not None.
struct ExtraEmpty : Function<ExtraEmpty> {
  static Tensor forward(Context&, const Tensor& a) { return a * 1.0; }
  static GradsOrNone backward(Context&, const Grads& g) {
    return {g[0], Tensor::from_shape({0})};
  }
};

// `a` is empty, `b` is not: a real, empty gradient for `a`, none for `b`.
struct EmptyAndNone : Function<EmptyAndNone> {
  static Tensor forward(Context&, const Tensor&, const Tensor& b) {
    return b * 1.0;
  }
  static GradsOrNone backward(Context&, const Grads&) {
    return {Tensor::from_shape({0}), std::nullopt};
  }
};

// An empty gradient for the number k: not None, so an error.
struct EmptyGradForNumber : Function<EmptyGradForNumber> {
  static Tensor forward(Context&, const Tensor& a, double k) { return a * k; }
  static GradsOrNone backward(Context&, const Grads& g) {
    return {g[0], Tensor::from_shape({0})};
  }
};

struct GradForNumber : Function<GradForNumber> {
  static Tensor forward(Context&, const Tensor& a, double k) { return a * k; }
  static GradsOrNone backward(Context&, const Grads& g) { return {g[0], g[0]}; }
};

struct BadShape : Function<BadShape> {
  static Tensor forward(Context&, const Tensor& a) { return a * 1.0; }
  static GradsOrNone backward(Context&, const Grads&) {
    return {Tensor{1.0, 1.0, 1.0, 1.0}};
  }
};

struct Broadcasty : Function<Broadcasty> {
  static Tensor forward(Context&, const Tensor& a) { return a * 1.0; }
  static GradsOrNone backward(Context&, const Grads&) {
    Tensor g = Tensor::from_shape({4, 3});
    g.fill(1.0);
    return {g};
  }
};

// Two outputs: (2x, 3x).
struct Split : Function<Split> {
  static std::vector<Tensor> forward(Context&, const Tensor& x) {
    return {2.0 * x, 3.0 * x};
  }
  static GradsOrNone backward(Context&, const Grads& g) {
    return {2.0 * g[0] + 3.0 * g[1]};
  }
};

// Takes its argument as a Variable, to read its name.
struct Named : Function<Named> {
  static std::string seen;
  static Tensor forward(Context&, const Variable& v) {
    seen = v.name();
    return v.value() + 1.0;
  }
  static GradsOrNone backward(Context&, const Grads& g) { return {g[0]}; }
};
std::string Named::seen;

// Its backward runs a backward of its own, through a graph of Functions
// (as a backward that finds its gradient by autograd would), and reports
// whether the gradients it was given were still there afterwards.
struct BackwardInside : Function<BackwardInside> {
  static bool gradients_kept;
  static Tensor forward(Context&, const Tensor& x) { return 3.0 * x; }
  static GradsOrNone backward(Context&, const Grads& g) {
    const Tensor given = g[0];
    EnableGradGuard grad_on;
    Variable inner(Tensor{1.0, 2.0}, true);
    Square::apply(Square::apply(inner)).backward(Tensor{1.0, 1.0});
    gradients_kept = g.size() == 1 && g[0] == given &&
                     inner.grad() == (Tensor{4.0, 32.0});  // 4 x^3
    return {3.0 * g[0]};
  }
};
bool BackwardInside::gradients_kept = false;

// Scales by a constant and writes down every list of gradients its
// backward is given; SplitSeen does the same for two outputs.
std::vector<Grads> gradients_seen;
struct Scale : Function<Scale> {
  static Tensor forward(Context& ctx, const Tensor& x, double c) {
    ctx.saved_data["c"] = c;
    return c * x;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    gradients_seen.push_back(g);
    return {std::any_cast<double>(ctx.saved_data["c"]) * g[0], std::nullopt};
  }
};
struct SplitSeen : Function<SplitSeen> {
  static std::vector<Tensor> forward(Context&, const Tensor& x) {
    return {2.0 * x, 3.0 * x};
  }
  static GradsOrNone backward(Context&, const Grads& g) {
    gradients_seen.push_back(g);
    return {2.0 * g[0] + 3.0 * g[1]};
  }
};

}  // namespace

TEST(Function, ApplyRecordsANodeNamedAfterTheFunction) {
  Variable x(Tensor{3.0, -1.0}, true);
  Variable y = Square::apply(x);
  EXPECT_FALSE(Square::grad_mode_seen);  // forward runs with grad mode off
  EXPECT_TRUE(is_grad_enabled());
  ASSERT_NE(y.grad_fn(), nullptr);
  EXPECT_EQ(y.grad_fn()->name(), "SquareBackward");
  EXPECT_FALSE(y.is_leaf());
  EXPECT_ALLCLOSE(y.value(), (Tensor{9.0, 1.0}));
  sum(y).backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{6.0, -2.0}));
}

TEST(Function, NoInputRequiresGradMeansNoHistory) {
  Variable c(Tensor{3.0});
  Variable y = Square::apply(c);
  EXPECT_FALSE(y.requires_grad());
  EXPECT_EQ(y.grad_fn(), nullptr);
}

TEST(Function, NeedsInputGradCountsEveryArgument) {
  Variable x(Tensor{1.0, 2.0});
  Variable b(Tensor{0.5}, true);
  Variable y = Affine::apply(x, 3.0, b);
  EXPECT_EQ(Affine::needs, (std::vector<bool>{false, false, true}));
  EXPECT_ALLCLOSE(y.value(), (Tensor{3.5, 6.5}));
  sum(y).backward();
  EXPECT_ALLCLOSE(b.grad(), (Tensor{2.0}));  // (1,) broadcast over (2,)
  Variable xg(Tensor{1.0, 2.0}, true);
  sum(Affine::apply(xg, 3.0, b)).backward();
  EXPECT_EQ(Affine::needs, (std::vector<bool>{true, false, true}));
  EXPECT_ALLCLOSE(xg.grad(), (Tensor{3.0, 3.0}));
}

TEST(Function, WrongNumberOfGradientsNamesTheFunction) {
  Variable a(Tensor{1.0}, true), b(Tensor{2.0}, true);
  try {
    sum(TooFew::apply(a, b)).backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "function TooFewBackward returned an incorrect "
                 "number of gradients (expected 2, got 1)");
  }
}

TEST(Function, ExtraNoneGradientsAreTolerated) {
  Variable a(Tensor{1.0}, true);
  sum(ExtraNone::apply(a)).backward();
  EXPECT_ALLCLOSE(a.grad(), (Tensor{1.0}));
}

TEST(Function, AnExtraEmptyGradientIsCounted) {
  // torch 1.13: returning (g, torch.zeros(0)) from a one-argument
  // Function's backward raises the same error; only None is tolerated.
  Variable a(Tensor{1.0}, true);
  try {
    sum(ExtraEmpty::apply(a)).backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "function ExtraEmptyBackward returned an incorrect "
                 "number of gradients (expected 1, got 2)");
  }
}

TEST(Function, AnEmptyGradientIsAGradientAndNoneIsNone) {
  Variable a(Tensor::from_shape({0}), true);
  Variable b(Tensor{1.0, 2.0}, true);
  sum(EmptyAndNone::apply(a, b)).backward();
  ASSERT_TRUE(a.has_grad());  // the empty input's (empty) gradient
  EXPECT_EQ(a.grad().shape(), Shape{0});
  EXPECT_FALSE(b.has_grad());  // std::nullopt reaches no leaf
  try {
    sum(EmptyGradForNumber::apply(b, 2.0)).backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "function EmptyGradForNumberBackward returned a gradient "
                 "different than None at position 2, but the corresponding "
                 "forward input was not a Variable");
  }
}

TEST(Function, GradientForANonTensorArgumentIsAnError) {
  Variable a(Tensor{1.0}, true);
  try {
    sum(GradForNumber::apply(a, 2.0)).backward();
    FAIL() << "expected an AutogradError";
  } catch (const blocks::AutogradError& e) {
    EXPECT_STREQ(e.what(),
                 "function GradForNumberBackward returned a gradient "
                 "different than None at position 2, but the corresponding "
                 "forward input was not a Variable");
  }
}

TEST(Function, GradientOfAnIncompatibleShapeNamesTheFunction) {
  Variable a(Tensor{1.0, 2.0, 3.0}, true);
  try {
    sum(BadShape::apply(a)).backward();
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "Function BadShapeBackward returned an invalid "
                 "gradient at index 0 - got (4,) but expected "
                 "shape compatible with (3,)");
  }
}

TEST(Function, BroadcastCompatibleGradientIsSummedDown) {
  // The reference: a (4, 3) gradient for a (3,) input became 4·….
  Variable a(Tensor{1.0, 2.0, 3.0}, true);
  sum(Broadcasty::apply(a)).backward();
  EXPECT_ALLCLOSE(a.grad(), (Tensor{4.0, 4.0, 4.0}));
}

TEST(Function, SeveralOutputsAndAnUnusedOneGetsZeros) {
  Variable x(Tensor{1.0, 2.0}, true);
  auto outs = Split::apply(x);
  ASSERT_EQ(outs.size(), 2u);
  EXPECT_EQ(outs[0].output_nr(), 0u);
  EXPECT_EQ(outs[1].output_nr(), 1u);
  EXPECT_EQ(outs[0].grad_fn(), outs[1].grad_fn());
  EXPECT_ALLCLOSE(outs[1].value(), (Tensor{3.0, 6.0}));
  sum(outs[0]).backward();  // only the first output: 2
  EXPECT_ALLCLOSE(x.grad(), (Tensor{2.0, 2.0}));
  x.reset_grad();
  auto again = Split::apply(x);
  sum(again[0] + again[1] * 10.0).backward();  // 2 + 30
  EXPECT_ALLCLOSE(x.grad(), (Tensor{32.0, 32.0}));
}

TEST(Function, ForwardMayTakeTheVariableItself) {
  Variable x(Tensor{1.0}, true);
  x.set_name("input");
  Variable y = Named::apply(x);
  EXPECT_EQ(Named::seen, "input");
  EXPECT_ALLCLOSE(y.value(), (Tensor{2.0}));
}

TEST(Function, SavedTensorsAreFreedAfterBackward) {
  Variable x(Tensor{3.0}, true);
  Variable y = Square::apply(x);
  y.backward(Tensor{1.0}, /*retain_graph=*/true);
  y.backward(Tensor{1.0});  // retained once: this one frees
  EXPECT_ALLCLOSE(x.grad(), (Tensor{12.0}));
  EXPECT_THROW(y.backward(Tensor{1.0}), blocks::AutogradError);
}

// The engine hands each backward a vector kept from one node to the next;
// a backward inside a backward must get its own.
TEST(Function, ABackwardInsideABackwardLeavesTheOuterGradientsAlone) {
  Variable x(Tensor{1.0, -2.0}, true);
  sum(BackwardInside::apply(x) * Variable(Tensor{5.0, 7.0})).backward();
  EXPECT_TRUE(BackwardInside::gradients_kept);
  EXPECT_ALLCLOSE(x.grad(), (Tensor{15.0, 21.0}));
}

// The Context points to apply()'s arguments while forward runs: an
// argument given twice is still recognised, and saved by reference.
TEST(Function, AnInputGivenTwiceIsSavedOnceAsAnInput) {
  Variable x(Tensor{3.0}, true);
  Variable y = mul(x, x);
  y.backward();
  EXPECT_ALLCLOSE(x.grad(), (Tensor{6.0}));
  x.reset_grad();
  Variable z = mul(x, x);
  {
    NoGradGuard no_grad;
    x.add_(Tensor{1.0}, 1.0);  // z's saved inputs are now stale
  }
  EXPECT_THROW(z.backward(), blocks::AutogradError);
}

// The engine keeps the vector of gradients a backward reads from one node
// to the next, and takes a gradient of the shape it already holds over by
// swapping storage: each backward must still see exactly its own
// gradients, through changes of shape and of the number of outputs.
TEST(Function, EachBackwardSeesItsOwnGradientsWhateverRanBefore) {
  const Tensor rows{{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
  const Tensor weights{{0.5, -1.0}, {2.0, 0.25}, {-3.0, 1.5}};
  for (int round = 0; round < 2; ++round) {
    gradients_seen.clear();
    Variable x(Tensor{1.0, 2.0}, true);
    Variable a = Scale::apply(x, 2.0);
    auto inner = SplitSeen::apply(a);  // its second output goes unused
    auto outer = SplitSeen::apply(inner[0]);
    Variable b = Scale::apply(outer[0] + outer[1], 3.0);
    Variable c = Scale::apply(b * Variable(rows), 5.0);  // (3, 2)
    sum(c * Variable(weights)).backward();
    ASSERT_EQ(gradients_seen.size(), 5u);
    // c's: the weights; b's: 5 * weights * rows, summed down the rows.
    EXPECT_EQ(gradients_seen[0], Grads{weights});
    const Tensor into_b{5.0 * (0.5 * 1 + 2.0 * 3 - 3.0 * 5),
                        5.0 * (-1.0 * 2 + 0.25 * 4 + 1.5 * 6)};
    EXPECT_EQ(gradients_seen[1], Grads{into_b});
    EXPECT_EQ(gradients_seen[2], (Grads{3.0 * into_b, 3.0 * into_b}));
    // The inner split's: 2 * 3 + 3 * 3 times into_b, and zeros where the
    // outer split's second gradient lay before.
    EXPECT_EQ(gradients_seen[3], (Grads{15.0 * into_b, Tensor{0.0, 0.0}}));
    EXPECT_EQ(gradients_seen[4], Grads{30.0 * into_b});
    EXPECT_EQ(x.grad(), 60.0 * into_b);
  }
}

TEST(SumTo, IsTheAdjointOfBroadcasting) {
  const Tensor g = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  EXPECT_ALLCLOSE(sum_to(g, {3}), (Tensor{5.0, 7.0, 9.0}));
  EXPECT_ALLCLOSE(sum_to(g, {2, 1}), blocks::column({6.0, 15.0}));
  EXPECT_ALLCLOSE(sum_to(g, {1, 1}), Tensor(xt::ones<double>({1, 1}) * 21.0));
  EXPECT_ALLCLOSE(sum_to(g, {}), Tensor(21.0));
  EXPECT_ALLCLOSE(sum_to(g, {2, 3}), g);
  EXPECT_THROW(sum_to(g, {2}), blocks::ShapeError);
}
