// Broadcasting: the shape rule and the values it implies, including the
// cases that surprise people.
#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

#include "blocks/error.hpp"
#include "blocks/tensor.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;

struct BroadcastCase {
  const char* name;
  Shape a, b, expected;
};

class BroadcastShape : public ::testing::TestWithParam<BroadcastCase> {};

TEST_P(BroadcastShape, FollowsNumPyRule) {
  const auto& c = GetParam();
  EXPECT_EQ(blocks::broadcast_shape(c.a, c.b, "add"), c.expected);
  EXPECT_EQ(blocks::broadcast_shape(c.b, c.a, "add"), c.expected)
      << "broadcasting is symmetric";
}

// Each row is a rule stated on the chapter page.
// [broadcast-table]
INSTANTIATE_TEST_SUITE_P(
    Rules, BroadcastShape,
    ::testing::Values(BroadcastCase{"same", {2, 3}, {2, 3}, {2, 3}},
                      BroadcastCase{"row_vector", {2, 3}, {3}, {2, 3}},
                      BroadcastCase{"column", {2, 3}, {2, 1}, {2, 3}},
                      BroadcastCase{"scalar", {2, 3}, {}, {2, 3}},
                      BroadcastCase{"outer", {3}, {3, 1}, {3, 3}},
                      BroadcastCase{"ones_both_sides", {1, 4}, {5, 1}, {5, 4}},
                      BroadcastCase{"rank_three", {2, 1, 3}, {4, 1}, {2, 4, 3}},
                      BroadcastCase{"zero_extent", {0, 3}, {3}, {0, 3}},
                      BroadcastCase{
                          "zero_against_one", {0, 1}, {1, 5}, {0, 5}}),
    [](const auto& info) { return std::string(info.param.name); });
// [broadcast-table]

TEST(BroadcastShape, IncompatibleExtentsNameOpShapesAndDimension) {
  try {
    blocks::broadcast_shape({2, 3}, {2}, "add");
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "add: shapes (2, 3) and (2,) cannot be broadcast "
                 "(dimension -1: 3 vs 2)");
  }
}

TEST(BroadcastShape, ZeroDoesNotStretchToOtherExtents) {
  EXPECT_THROW(blocks::broadcast_shape({0}, {3}, "mul"), blocks::ShapeError);
}

TEST(BroadcastValues, RowVectorIsAddedToEveryRow) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  Tensor row = {10.0, 20.0, 30.0};
  Tensor expected = {{11.0, 22.0, 33.0}, {14.0, 25.0, 36.0}};
  EXPECT_ALLCLOSE(x + row, expected);
}

TEST(BroadcastValues, ColumnIsAddedToEveryColumn) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  Tensor column = blocks::column({100.0, 200.0});
  Tensor expected = {{101.0, 102.0, 103.0}, {204.0, 205.0, 206.0}};
  EXPECT_ALLCLOSE(x + column, expected);
}

TEST(BroadcastValues, VectorPlusItsColumnIsATable) {
  Tensor v = {1.0, 2.0, 3.0};
  Tensor table = v + xt::reshape_view(v, {3, 1});
  Tensor expected = {{2.0, 3.0, 4.0}, {3.0, 4.0, 5.0}, {4.0, 5.0, 6.0}};
  EXPECT_ALLCLOSE(table, expected);
}

TEST(BroadcastValues, ScalarTensorStretchesEverywhere) {
  Tensor x = {{1.0, 2.0}, {3.0, 4.0}};
  Tensor scalar = 2.0;  // a 0-D tensor
  EXPECT_EQ(scalar.dimension(), 0u);
  EXPECT_ALLCLOSE(x * scalar, (Tensor{{2.0, 4.0}, {6.0, 8.0}}));
}
