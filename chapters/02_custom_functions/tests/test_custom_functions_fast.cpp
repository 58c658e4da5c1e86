// The loop twins of the three custom Functions (custom_functions_fast.hpp)
// against the taught Functions: the same values, gradients and node
// names, to the bit, on shapes that take the loops and on shapes that
// hand over to the taught code; the same errors on arguments that do not
// fit.
#include <cmath>
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/custom_functions_fast.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/testing/same_bits.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::same_bits;

namespace {

// Numbers from a fixed linear congruential sequence in [-4, 4), with a
// few special values mixed in where `specials` is set.
Tensor numbers(const Shape& shape, unsigned seed, bool specials = false) {
  Tensor t = Tensor::from_shape(shape);
  unsigned state = seed * 2654435761u + 1u;
  for (std::size_t i = 0; i < t.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    t.data()[i] = (static_cast<double>(state >> 8) / 16777216.0) * 8.0 - 4.0;
    if (specials && i % 7 == 3) t.data()[i] = -0.0;
    if (specials && i % 11 == 5) t.data()[i] = 40.0;  // exp(-40) is tiny
    if (specials && i % 13 == 6) t.data()[i] = -745.0;
  }
  return t;
}

// 0/1 labels.
Tensor labels(const Shape& shape, unsigned seed) {
  Tensor t = numbers(shape, seed);
  for (double& v : t) v = v < 0.0 ? 0.0 : 1.0;
  return t;
}

// What one call of a Function leaves: its output, its node's name and the
// gradients that reach its arguments.
struct Run {
  Tensor value;
  std::string node;
  std::vector<Tensor> grads;
};

// Applies `apply` to leaves holding `args` (those flagged in `wants`
// require grad) and runs backward with `seed` as the output's gradient.
using Apply = std::function<Variable(const std::vector<Variable>&)>;
Run run(const Apply& apply, const std::vector<Tensor>& args,
        const std::vector<bool>& wants, unsigned seed) {
  std::vector<Variable> leaves;
  for (std::size_t i = 0; i < args.size(); ++i) {
    leaves.emplace_back(args[i], wants[i]);
  }
  const Variable out = apply(leaves);
  Run r{out.value(), out.grad_fn() ? out.grad_fn()->name() : "", {}};
  if (out.requires_grad()) {
    out.backward(numbers(out.shape(), seed));
    for (const Variable& leaf : leaves) {
      r.grads.push_back(leaf.has_grad() ? leaf.grad() : Tensor());
    }
  }
  return r;
}

void expect_same_runs(const Apply& taught, const Apply& fast,
                      const std::vector<Tensor>& args,
                      const std::vector<bool>& wants) {
  const Run a = run(taught, args, wants, 99);
  const Run b = run(fast, args, wants, 99);
  EXPECT_TRUE(same_bits(a.value, b.value)) << "value";
  EXPECT_EQ(a.node, b.node);
  ASSERT_EQ(a.grads.size(), b.grads.size());
  for (std::size_t i = 0; i < a.grads.size(); ++i) {
    EXPECT_TRUE(same_bits(a.grads[i], b.grads[i])) << "gradient " << i;
  }
}

const Apply kLinear = [](const std::vector<Variable>& v) {
  return LinearFunction::apply(v[0], v[1], v[2]);
};
const Apply kFastLinear = [](const std::vector<Variable>& v) {
  return fast::LinearFunction::apply(v[0], v[1], v[2]);
};
const Apply kSigmoid = [](const std::vector<Variable>& v) {
  return SigmoidFunction::apply(v[0]);
};
const Apply kFastSigmoid = [](const std::vector<Variable>& v) {
  return fast::SigmoidFunction::apply(v[0]);
};
const Apply kBce = [](const std::vector<Variable>& v) {
  return BCEWithLogitsFunction::apply(v[0], v[1]);
};
const Apply kFastBce = [](const std::vector<Variable>& v) {
  return fast::BCEWithLogitsFunction::apply(v[0], v[1]);
};

// The message of what `f` throws, or "" when it throws nothing.
std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// (batch, in, out): the notebook's step, single samples and rows, several
// outputs, the largest loop product (1024) and the first BLAS one.
TEST(FastLinearFunction, SameBitsAsTheTaughtOne) {
  const std::vector<std::vector<std::size_t>> sizes = {
      {5, 10, 1},  {1, 1, 1},     {3, 4, 2}, {7, 3, 5}, {32, 32, 1},
      {32, 32, 2}, {256, 100, 1}, {4, 0, 2}, {0, 3, 1}};
  for (const auto& s : sizes) {
    SCOPED_TRACE("batch " + std::to_string(s[0]) + ", in " +
                 std::to_string(s[1]) + ", out " + std::to_string(s[2]));
    const std::vector<Tensor> args = {numbers({s[0], s[1]}, 1, true),
                                      numbers({s[2], s[1]}, 2),
                                      numbers({s[2]}, 3)};
    expect_same_runs(kLinear, kFastLinear, args, {true, true, true});
    expect_same_runs(kLinear, kFastLinear, args, {false, true, false});
    expect_same_runs(kLinear, kFastLinear, args, {false, false, false});
  }
}

// A backward writes over the tensors its spare vector kept from the run
// before; each gradient it does not return must be gone. Here a run with
// every gradient precedes one whose x is a plain Tensor, not a Variable,
// for which any gradient at all is an error.
TEST(FastLinearFunction, LeavesNoGradientFromAnEarlierRun) {
  const Tensor x = numbers({5, 10}, 1), w = numbers({1, 10}, 2);
  const Tensor b = numbers({1}, 3);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    Variable xv(x, true), wv(w, true), bv(b, true);
    fast::LinearFunction::apply(xv, wv, bv).backward(numbers({5, 1}, 4));
    EXPECT_TRUE(xv.has_grad());

    Variable w_fast(w, true), b_fast(b, false);
    Variable w_taught(w, true), b_taught(b, false);
    EXPECT_NO_THROW(fast::LinearFunction::apply(x, w_fast, b_fast)
                        .backward(numbers({5, 1}, 4)));
    LinearFunction::apply(x, w_taught, b_taught).backward(numbers({5, 1}, 4));
    EXPECT_TRUE(same_bits(w_fast.grad(), w_taught.grad()));
    EXPECT_FALSE(b_fast.has_grad());
  }
}

TEST(FastLinearFunction, SameErrors) {
  const Tensor x = numbers({2, 3}, 1), w = numbers({1, 2}, 2);
  const Tensor b = numbers({1}, 3), b2 = numbers({2}, 3);
  const std::vector<std::vector<Tensor>> bad = {{x, w, b},
                                                {x, numbers({2, 3}, 2), b},
                                                {numbers({3}, 1), w, b},
                                                {x, numbers({1, 3}, 2), b2}};
  for (const auto& args : bad) {
    const std::string taught = message_of([&] {
      kLinear({Variable(args[0]), Variable(args[1]), Variable(args[2])});
    });
    EXPECT_FALSE(taught.empty());
    EXPECT_EQ(taught, message_of([&] {
                kFastLinear(
                    {Variable(args[0]), Variable(args[1]), Variable(args[2])});
              }));
  }
}

TEST(FastSigmoidFunction, SameBitsAsTheTaughtOne) {
  for (const Shape& shape :
       std::vector<Shape>{{5, 1}, {1}, {}, {3, 4}, {2, 3, 4}, {0, 1}, {1000}}) {
    SCOPED_TRACE(blocks::shape_string(shape));
    const std::vector<Tensor> args = {numbers(shape, 4, true)};
    expect_same_runs(kSigmoid, kFastSigmoid, args, {true});
    expect_same_runs(kSigmoid, kFastSigmoid, args, {false});
  }
}

// The one place the twin differs: it saves its input, not a copy of its
// output, so a backward after that input changed in place is refused
// (the gradient would belong to the new value), where the taught one
// still differentiates the value it saw. An error, never a wrong number.
TEST(FastSigmoidFunction, RefusesABackwardAfterItsInputChangedInPlace) {
  for (const bool fast : {false, true}) {
    SCOPED_TRACE(fast ? "fast" : "taught");
    Variable x(Tensor{{0.5, -1.0}}, true);
    Variable z = x * 1.0;  // an input with a history, as the logits are
    Variable y =
        fast ? fast::SigmoidFunction::apply(z) : SigmoidFunction::apply(z);
    const Tensor y_before = y.value();
    {
      NoGradGuard no_grad;
      z.add_(Tensor{{3.0, 3.0}});
    }
    if (fast) {
      EXPECT_THROW(y.backward(Tensor{{1.0, 1.0}}), blocks::AutogradError);
    } else {
      y.backward(Tensor{{1.0, 1.0}});
      const Tensor expected = y_before * (1.0 - y_before);
      EXPECT_TRUE(same_bits(x.grad(), expected));
    }
  }
}

// Every rank: up to two the loop sums as xt::mean does, from three on
// the taught code runs; NaN and infinite logits as well as huge ones.
TEST(FastBCEWithLogitsFunction, SameBitsAsTheTaughtOne) {
  for (const Shape& shape : std::vector<Shape>{
           {5, 1}, {1}, {}, {3, 4}, {7}, {2, 3, 4}, {1000, 1}, {33, 17}}) {
    SCOPED_TRACE(blocks::shape_string(shape));
    Tensor z = numbers(shape, 5, true);
    const Tensor y = labels(shape, 6);
    expect_same_runs(kBce, kFastBce, {z, y}, {true, false});
    expect_same_runs(kBce, kFastBce, {z, y}, {true, true});
    expect_same_runs(kBce, kFastBce, {z, y}, {false, true});
    if (z.size() > 2) {
      z.data()[1] = std::numeric_limits<double>::quiet_NaN();
      z.data()[2] = -std::numeric_limits<double>::infinity();
      expect_same_runs(kBce, kFastBce, {z, y}, {true, true});
    }
  }
}

TEST(FastBCEWithLogitsFunction, SameErrors) {
  const std::vector<std::vector<Tensor>> bad = {
      {numbers({5, 1}, 1), labels({5}, 2)},
      {Tensor::from_shape({0, 1}), Tensor::from_shape({0, 1})}};
  for (const auto& args : bad) {
    const std::string taught = message_of([&] {
      kBce({Variable(args[0], true), Variable(args[1])});
    });
    EXPECT_FALSE(taught.empty());
    EXPECT_EQ(taught, message_of([&] {
                kFastBce({Variable(args[0], true), Variable(args[1])});
              }));
  }
}
