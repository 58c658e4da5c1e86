// The plain backward pass (plain_engine.hpp, the one the page teaches)
// against the engine the programs use (engine.hpp): on every graph here
// both must leave the same gradients in the leaves, to the last bit, since
// they visit the nodes in the same order and add in the same order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <vector>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/autograd/plain_engine.hpp"
#include "blocks/error.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

namespace {

// Builds the graph's root from fresh leaves; called once per engine.
using GraphBuilder = std::function<Variable(const std::vector<Variable>&)>;

std::vector<Variable> fresh_leaves(const std::vector<Tensor>& values) {
  std::vector<Variable> leaves;
  for (const auto& v : values) leaves.emplace_back(v, true);
  return leaves;
}

bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() &&
         std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Runs both engines on their own copy of the graph and compares every
// leaf's gradient bit for bit.
void expect_same_gradients(const std::vector<Tensor>& values,
                           const GraphBuilder& build) {
  auto plain_leaves = fresh_leaves(values);
  auto tuned_leaves = fresh_leaves(values);
  Variable plain_root = build(plain_leaves);
  Variable tuned_root = build(tuned_leaves);
  Tensor seed = Tensor::from_shape(plain_root.shape());
  seed.fill(1.0);
  plain::backward(plain_root, seed);
  tuned_root.backward(seed);
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(plain_leaves[i].has_grad(), tuned_leaves[i].has_grad()) << i;
    if (!tuned_leaves[i].has_grad()) continue;
    EXPECT_TRUE(same_bits(plain_leaves[i].grad(), tuned_leaves[i].grad()))
        << "leaf " << i;
  }
}

// Two outputs: (2x, 3x), as in test_function.cpp.
struct Split : Function<Split> {
  static std::vector<Tensor> forward(Context&, const Tensor& x) {
    return {2.0 * x, 3.0 * x};
  }
  static std::vector<std::optional<Tensor>> backward(
      Context&, const std::vector<Tensor>& g) {
    return {2.0 * g[0] + 3.0 * g[1]};
  }
};

const Tensor kX{{0.5, -1.25, 2.0}, {3.0, 0.75, -0.5}, {-2.0, 1.5, 0.25}};
const Tensor kW{{0.3, -0.7, 0.11}};
const Tensor kB = Tensor({0.05});
// Labels as a (3, 1) column, the shape of the logits.
Tensor labels() {
  Tensor y = Tensor::from_shape({3, 1});
  y(0, 0) = 1.0;
  y(1, 0) = 0.0;
  y(2, 0) = 1.0;
  return y;
}

}  // namespace

TEST(PlainEngine, DiamondGraph) {
  expect_same_gradients({Tensor{2.0, -0.3}}, [](const auto& v) {
    Variable q = v[0] * 3.0;
    return sum(q * q + q);
  });
}

TEST(PlainEngine, NotebookLossFromTheCustomFunctions) {
  expect_same_gradients({kW, kB}, [](const auto& v) {
    Variable x(kX), y(labels());
    Variable z = LinearFunction::apply(x, v[0], v[1]);
    return BCEWithLogitsFunction::apply(z, y);
  });
}

TEST(PlainEngine, NotebookLossFromElementaryOperations) {
  // Broadcasting, fan-out (z is used four times) and ties in maximum.
  expect_same_gradients({kW, kB}, [](const auto& v) {
    Variable x(kX), y(labels());
    Variable z = matmul(x, transpose(v[0])) + v[1];
    return mean(maximum(z, 0.0) - z * y + log1p(exp(-abs(z))));
  });
}

TEST(PlainEngine, SeveralOutputsAndSeveralPathsToEachLeaf) {
  expect_same_gradients(
      {Tensor{1.0, 2.0}, Tensor{0.1, 0.2}}, [](const auto& v) {
        auto outs = Split::apply(v[0] * v[1]);
        return sum(outs[0] * v[1] + outs[1] * outs[0] / (v[0] + 3.0));
      });
}

TEST(PlainEngine, AnOutputNoGradientReaches) {
  // Only the first of Split's outputs is used: the node gets zeros for the
  // other, and a leaf that only feeds it gets no gradient at all.
  expect_same_gradients({Tensor{1.5, -2.5}, Tensor{4.0}}, [](const auto& v) {
    Variable unused = v[1] * 2.0;
    (void)unused;
    return sum(Split::apply(v[0])[0]);
  });
}

TEST(PlainEngine, ANonScalarRootWithAGivenGradient) {
  expect_same_gradients({kX},
                        [](const auto& v) { return sigmoid(v[0]) * v[0]; });
}

TEST(PlainEngine, ALongChain) {
  expect_same_gradients({Tensor{0.9}}, [](const auto& v) {
    Variable y = v[0];
    for (int i = 0; i < 500; ++i) y = y * 1.001 + v[0] * 1e-3;
    return sum(y);
  });
}

TEST(PlainEngine, EachNodeComesBeforeTheNodesItFeeds) {
  Variable p(Tensor{2.0}, true);
  Variable q = p * 3.0;
  Variable r = q * q + q;
  const auto order = plain::topological_order(r.grad_fn().get());
  auto position = [&](const Node* n) {
    return std::find(order.begin(), order.end(), n) - order.begin();
  };
  ASSERT_EQ(order.size(), 4u);  // r = add, q*q, q = 3p, the sink of p
  for (const Node* node : order) {
    for (const Edge& e : node->next_edges()) {
      if (e.valid()) {
        EXPECT_LT(position(node), position(e.function.get()));
      }
    }
  }
}

TEST(PlainEngine, RefusesWhatBackwardRefuses) {
  Variable constant(Tensor{1.0});
  EXPECT_THROW(plain::backward(constant, Tensor{1.0}), blocks::AutogradError);
  Variable x(Tensor{1.0, 2.0}, true);
  EXPECT_THROW(plain::backward(x * 2.0, Tensor{1.0}), blocks::ShapeError);
}
