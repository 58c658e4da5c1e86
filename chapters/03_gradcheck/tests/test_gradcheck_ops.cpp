// Every operation and custom Function of Chapter 2 passes gradcheck on
// random double inputs of several shapes: one table row per case.
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/gradcheck.hpp"
#include "blocks/autograd/ops.hpp"
#include "ch03_random_inputs.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;
using blocks::testing::Domain;

namespace {

struct Arg {
  std::vector<std::size_t> shape;
  Domain domain = Domain::kAny;
  bool requires_grad = true;
};

struct OpCase {
  std::string name;
  std::function<Variable(const std::vector<Variable>&)> op;
  std::vector<Arg> args;
};

void PrintTo(const OpCase& c, std::ostream* os) {
  *os << c.name;
}

using V = const std::vector<Variable>&;
constexpr Domain kAny = Domain::kAny, kAway = Domain::kAwayFromZero,
                 kPos = Domain::kPositive, kNear = Domain::kNearZero;

std::vector<OpCase> op_cases() {
  return {
      {"add", [](V v) { return v[0] + v[1]; }, {{{2, 3}}, {{2, 3}}}},
      {"add_broadcast_row", [](V v) { return v[0] + v[1]; }, {{{2, 3}}, {{3}}}},
      {"add_column_and_row",
       [](V v) { return v[0] + v[1]; },
       {{{4, 1}}, {{1, 3}}}},
      {"sub_broadcast", [](V v) { return v[0] - v[1]; }, {{{2, 3}}, {{3}}}},
      {"mul", [](V v) { return v[0] * v[1]; }, {{{2, 3}}, {{2, 3}}}},
      {"mul_outer", [](V v) { return v[0] * v[1]; }, {{{3, 1}}, {{1, 4}}}},
      {"div", [](V v) { return v[0] / v[1]; }, {{{2, 3}}, {{2, 3}, kPos}}},
      {"div_broadcast",
       [](V v) { return v[0] / v[1]; },
       {{{3}}, {{2, 3}, kPos}}},
      {"neg", [](V v) { return -v[0]; }, {{{5}}}},
      {"matmul", [](V v) { return matmul(v[0], v[1]); }, {{{2, 3}}, {{3, 4}}}},
      {"matmul_row_column",
       [](V v) { return matmul(v[0], v[1]); },
       {{{1, 5}}, {{5, 1}}}},
      // One output column: B's gradient is taken as (G^T A)^T, 20 rows
      // crossing the 16-row tiles of the transpose.
      {"matmul_one_column",
       [](V v) { return matmul(v[0], v[1]); },
       {{{20, 3}}, {{3, 1}}}},
      {"transpose", [](V v) { return transpose(v[0]); }, {{{2, 3}}}},
      // Crosses the 16 x 16 tiles of the copy on both axes.
      {"transpose_tiles", [](V v) { return transpose(v[0]); }, {{{17, 35}}}},
      {"reshape",
       [](V v) {
         return reshape(v[0], {3, 2});
       },
       {{{2, 3}}}},
      {"exp", [](V v) { return exp(v[0]); }, {{{2, 3}}}},
      {"log", [](V v) { return log(v[0]); }, {{{4}, kPos}}},
      {"log1p", [](V v) { return log1p(v[0]); }, {{{2, 2}, kPos}}},
      {"abs", [](V v) { return abs(v[0]); }, {{{3, 3}, kAway}}},
      {"sigmoid", [](V v) { return sigmoid(v[0]); }, {{{2, 3}}}},
      {"relu", [](V v) { return relu(v[0]); }, {{{4, 2}, kAway}}},
      {"maximum",
       [](V v) { return maximum(v[0], v[1]); },
       {{{2, 3}, kAway}, {{2, 3}, kNear}}},
      {"maximum_broadcast",
       [](V v) { return maximum(v[0], v[1]); },
       {{{2, 3}, kAway}, {{3}, kNear}}},
      {"maximum_constant",
       [](V v) { return maximum(v[0], 0.0); },
       {{{5}, kAway}}},
      {"sum", [](V v) { return sum(v[0]); }, {{{2, 3}}}},
      {"sum_axis0", [](V v) { return sum(v[0], 0); }, {{{2, 3}}}},
      {"sum_last_keepdims",
       [](V v) { return sum(v[0], -1, true); },
       {{{2, 3}}}},
      {"mean", [](V v) { return mean(v[0]); }, {{{3, 4}}}},
      {"mean_axis1", [](V v) { return mean(v[0], 1); }, {{{3, 4}}}},
      {"scalar_ops", [](V v) { return (3.0 - v[0] * 2.5) / 4.0; }, {{{2, 2}}}},
      {"reciprocal", [](V v) { return 1.0 / v[0]; }, {{{3}, kPos}}},
      {"used_twice", [](V v) { return v[0] * v[0]; }, {{{3}}}},
      {"diamond",
       [](V v) { return sigmoid(v[0]) * v[0] + exp(-v[0]); },
       {{{2, 2}}}},
      {"linear_function",
       [](V v) { return LinearFunction::apply(v[0], v[1], v[2]); },
       {{{4, 3}}, {{2, 3}}, {{2}}}},
      {"linear_function_notebook_layer",
       [](V v) { return LinearFunction::apply(v[0], v[1], v[2]); },
       {{{10, 5}}, {{1, 5}}, {{1}}}},
      {"linear_function_constant_x",
       [](V v) { return LinearFunction::apply(v[0], v[1], v[2]); },
       {{{6, 3}, kAny, false}, {{2, 3}}, {{2}}}},
      {"sigmoid_function_column",
       [](V v) { return SigmoidFunction::apply(v[0]); },
       {{{10, 1}}}},
      {"sigmoid_function_matrix",
       [](V v) { return SigmoidFunction::apply(v[0]); },
       {{{3, 4}}}},
      {"bce_with_logits_labels_fixed",
       [](V v) { return BCEWithLogitsFunction::apply(v[0], v[1]); },
       {{{10, 1}}, {{10, 1}, Domain::kLabels, false}}},
      {"bce_with_logits_both",
       [](V v) { return BCEWithLogitsFunction::apply(v[0], v[1]); },
       {{{4, 2}}, {{4, 2}, Domain::kLabels}}},
  };
}

class GradcheckOps : public ::testing::TestWithParam<OpCase> {};

TEST_P(GradcheckOps, PassesOnRandomDoubles) {
  const OpCase& c = GetParam();
  std::mt19937 rng(20230603);
  std::vector<Variable> inputs;
  std::vector<Tensor> originals;
  for (const Arg& a : c.args) {
    inputs.emplace_back(blocks::testing::random_tensor(a.shape, a.domain, rng),
                        a.requires_grad);
    originals.push_back(inputs.back().value());
  }
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult result = gradcheck(c.op, inputs, options);
  EXPECT_TRUE(result.passed) << result.report;
  // Every perturbation was undone exactly, bit for bit.
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(inputs[i].value(), originals[i]) << "input " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Chapter2, GradcheckOps,
                         ::testing::ValuesIn(op_cases()),
                         [](const ::testing::TestParamInfo<OpCase>& info) {
                           return info.param.name;
                         });

}  // namespace
