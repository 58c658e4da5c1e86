// The DOT dump: which nodes and edges appear, labelled how.
#include <string>

#include <gtest/gtest.h>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/graph_dot.hpp"
#include "blocks/autograd/ops.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

namespace {
std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}
}  // namespace

TEST(ToDot, LogisticLossThroughTheCustomFunctions) {
  Variable x(Tensor{{1.0, 2.0}});
  Variable y(blocks::column({1.0}));
  Variable w(Tensor{{0.5, -1.0}}, true);
  Variable b(Tensor{0.0}, true);
  w.set_name("w");
  b.set_name("b");
  Variable loss =
      BCEWithLogitsFunction::apply(LinearFunction::apply(x, w, b), y);
  loss.set_name("loss");
  const std::string dot = to_dot(loss);
  const std::string expected =
      "digraph autograd {\n"
      "  rankdir=LR;\n"
      "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
      "fillcolor=lightgrey];\n"
      "  out [label=\"loss\\n()\", fillcolor=darkolivegreen1];\n"
      "  n0 [label=\"BCEWithLogitsFunctionBackward\"];\n"
      "  n1 [label=\"LinearFunctionBackward\"];\n"
      "  n2 [label=\"w\\n(1, 2)\", fillcolor=lightblue];\n"
      "  n3 [label=\"b\\n(1,)\", fillcolor=lightblue];\n"
      "  n0 -> out;\n"
      "  n1 -> n0;\n"
      "  n2 -> n1;\n"
      "  n3 -> n1;\n"
      "}\n";
  EXPECT_EQ(dot, expected);
}

TEST(ToDot, ALeafUsedTwiceAppearsOnceWithTwoEdges) {
  Variable p(Tensor{2.0}, true);
  Variable q = p * 3.0;
  const std::string dot = to_dot(sum(q * q + q), "diamond");
  EXPECT_EQ(count(dot, "fillcolor=lightblue"), 1u);  // p
  EXPECT_EQ(count(dot, "label=\"MulBackward\""), 2u);
  EXPECT_EQ(count(dot, "label=\"AddBackward\""), 1u);
  EXPECT_EQ(count(dot, "label=\"SumBackward\""), 1u);
  // Sum->out, Add->Sum, two into Add, q's Mul twice into q*q, p->Mul.
  EXPECT_EQ(count(dot, "->"), 1u + 1u + 2u + 2u + 1u);
  EXPECT_NE(dot.find("label=\"diamond\""), std::string::npos);
}

TEST(ToDot, ALeafAloneIsJustTheOutput) {
  Variable p(Tensor{2.0}, true);
  EXPECT_EQ(count(to_dot(p), "->"), 0u);
}
