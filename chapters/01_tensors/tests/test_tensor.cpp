// Creating, reshaping, views, reductions and element-wise functions: the
// rules the chapter page states, each checked against hand-worked values.
#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "blocks/detail/same_shape.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/tensor.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;

TEST(Create, NestedBracesGiveRowMajorShape) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  EXPECT_EQ(x.shape(), (Shape{2, 3}));
  EXPECT_EQ(x(1, 0), 4.0);
  EXPECT_EQ(x.flat(3), 4.0) << "row-major: row 1 starts at flat index 3";
}

TEST(Reshape, KeepsDataAndOrder) {
  Tensor steps = xt::arange<double>(6.0);
  steps.reshape({3, 2});
  EXPECT_EQ(steps.shape(), (Shape{3, 2}));
  EXPECT_EQ(steps(2, 1), 5.0);
  EXPECT_EQ(steps(1, 0), 2.0);
}

TEST(Reshape, WrongElementCountThrows) {
  Tensor steps = xt::arange<double>(6.0);
  EXPECT_ANY_THROW(steps.reshape({4, 2}));
}

TEST(Views, WriteThroughToTheOriginal) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  auto column = xt::view(x, xt::all(), 1);
  column *= 10.0;
  EXPECT_ALLCLOSE(x, (Tensor{{1.0, 20.0, 3.0}, {4.0, 50.0, 6.0}}));
}

TEST(Views, AssigningToATensorCopies) {
  Tensor x = {{1.0, 2.0}, {3.0, 4.0}};
  Tensor copy = xt::view(x, 0, xt::all());
  copy(0) = 100.0;
  EXPECT_EQ(x(0, 0), 1.0);
}

TEST(Views, RangeSelectsABatch) {
  Tensor x = xt::arange<double>(12.0);
  x.reshape({4, 3});
  Tensor batch = xt::view(x, xt::range(1, 3), xt::all());
  EXPECT_ALLCLOSE(batch, (Tensor{{3.0, 4.0, 5.0}, {6.0, 7.0, 8.0}}));
}

TEST(Reductions, AlongAnAxisDropThatAxis) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  EXPECT_ALLCLOSE(Tensor(xt::sum(x, {0})), (Tensor{5.0, 7.0, 9.0}));
  EXPECT_ALLCLOSE(Tensor(xt::sum(x, {1})), (Tensor{6.0, 15.0}));
  EXPECT_EQ(xt::sum(x)(), 21.0);
}

TEST(Reductions, KeepDimsKeepsALengthOneAxis) {
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  Tensor means = xt::mean(x, {1}, xt::keep_dims);
  EXPECT_EQ(means.shape(), (Shape{2, 1}));
  EXPECT_ALLCLOSE(means, blocks::column({2.0, 5.0}));
  // Kept dims broadcast back: centring each row.
  EXPECT_ALLCLOSE(Tensor(x - means),
                  (Tensor{{-1.0, 0.0, 1.0}, {-1.0, 0.0, 1.0}}));
}

TEST(Reductions, MeanOfEmptyIsNaN) {
  Tensor empty = xt::zeros<double>({0});
  EXPECT_TRUE(std::isnan(xt::mean(empty)()));
}

TEST(Elementwise, SigmoidOfZeroIsHalfAndIsSymmetric) {
  Tensor z = {-2.0, 0.0, 2.0};
  Tensor sigma = 1.0 / (1.0 + xt::exp(-z));
  EXPECT_DOUBLE_EQ(sigma(1), 0.5);
  EXPECT_DOUBLE_EQ(sigma(0) + sigma(2), 1.0);
  EXPECT_NEAR(sigma(2), 0.8807970779778823, 1e-15);  // 1/(1+e^-2)
}

TEST(Shapes, RequireRankNamesWhatAndShape) {
  Tensor v = {1.0, 2.0};
  try {
    blocks::require_rank(v, 2, "matmul: left operand");
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(), "matmul: left operand must be 2-D, got shape (2,)");
  }
}

TEST(Shapes, RequireSameShape) {
  Tensor a = xt::zeros<double>({2, 1});
  Tensor b = xt::zeros<double>({2});
  EXPECT_NO_THROW(blocks::require_same_shape(a, a, "loss"));
  EXPECT_THROW(blocks::require_same_shape(a, b, "loss"), blocks::ShapeError);
}

// The loop that hot paths compare shapes with ("Making it fast") says
// what Shape's own == says, for every pair: ranks 0 to 6 (past the four
// extents a Shape keeps inline), zero extents, and shapes that differ
// only in their last extent or only in their rank.
TEST(Shapes, SameShapeAgreesWithShapeEquality) {
  const std::vector<Shape> shapes = {{},
                                     {0},
                                     {1},
                                     {5},
                                     {1, 5},
                                     {5, 1},
                                     {5, 10},
                                     {5, 11},
                                     {0, 10},
                                     {5, 1, 1},
                                     {2, 3, 4},
                                     {2, 3, 4, 5},
                                     {2, 3, 4, 6},
                                     {2, 3, 4, 5, 6},
                                     {2, 3, 4, 5, 6, 7},
                                     {2, 3, 4, 5, 6, 8}};
  for (const Shape& a : shapes) {
    for (const Shape& b : shapes) {
      EXPECT_EQ(blocks::detail::same_shape(a, b), a == b)
          << blocks::shape_string(a) << " vs " << blocks::shape_string(b);
    }
  }
}

TEST(Format, ShapeStringMatchesNumPy) {
  EXPECT_EQ(blocks::shape_string(Shape{}), "()");
  EXPECT_EQ(blocks::shape_string(Shape{3}), "(3,)");
  EXPECT_EQ(blocks::shape_string(Shape{2, 3}), "(2, 3)");
}

TEST(Errors, AllDeriveFromBlocksError) {
  EXPECT_THROW(throw blocks::ShapeError("s"), blocks::Error);
  EXPECT_THROW(throw blocks::ValueError("v"), blocks::Error);
  EXPECT_THROW(throw blocks::DataError("d"), blocks::Error);
  EXPECT_THROW(throw blocks::IOError("i"), blocks::Error);
  EXPECT_THROW(throw blocks::AutogradError("a"), blocks::Error);
}
