// Chapter 1 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch01_exercises.hpp"

using blocks::Tensor;
using blocks::exercises::outer_product;
using blocks::exercises::standardize_columns;

TEST(Exercise1, OuterProductByHand) {
  Tensor a = {1.0, 2.0, 3.0};
  Tensor b = {10.0, -1.0};
  Tensor expected = {{10.0, -1.0}, {20.0, -2.0}, {30.0, -3.0}};
  EXPECT_ALLCLOSE(outer_product(a, b), expected);
}

TEST(Exercise1, OuterProductRejectsMatrices) {
  Tensor a = {{1.0, 2.0}};
  Tensor b = {1.0};
  EXPECT_THROW(outer_product(a, b), blocks::ShapeError);
  EXPECT_THROW(outer_product(b, a), blocks::ShapeError);
}

TEST(Exercise2, ColumnsGetMeanZeroAndUnitStd) {
  // Column 0: mean 2, population std sqrt(2/3); column 1: mean 20.
  Tensor x = {{1.0, 10.0}, {2.0, 20.0}, {3.0, 30.0}};
  const double s0 = std::sqrt(2.0 / 3.0), s1 = 10.0 * s0;
  Tensor expected = {{-1.0 / s0, -10.0 / s1},
                     {0.0, 0.0},
                     {1.0 / s0, 10.0 / s1}};
  EXPECT_ALLCLOSE(standardize_columns(x), expected);
}

TEST(Exercise2, ConstantColumnIsOnlyCentred) {
  Tensor x = {{5.0, 1.0}, {5.0, 3.0}};
  Tensor expected = {{0.0, -1.0}, {0.0, 1.0}};
  EXPECT_ALLCLOSE(standardize_columns(x), expected);
}

TEST(Exercise2, BadInputs) {
  Tensor vector = {1.0, 2.0};
  EXPECT_THROW(standardize_columns(vector), blocks::ShapeError);
  Tensor empty = Tensor::from_shape({0, 3});
  EXPECT_THROW(standardize_columns(empty), blocks::ValueError);
}
