// Chapter 1 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"
#include "blocks/testing/golden_lines.hpp"
#include "ch01_exercises.hpp"

using blocks::Tensor;
using blocks::exercises::outer_product;
using blocks::exercises::pairwise_sq_distances;
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
  Tensor expected = {
      {-1.0 / s0, -10.0 / s1}, {0.0, 0.0}, {1.0 / s0, 10.0 / s1}};
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

// A matrix of tests/goldens/ch01/pairwise.txt ("name rows cols values"),
// written by PyTorch 1.13.1 (tests/goldens/make_ch01_goldens.py).
Tensor pairwise_golden(const std::string& name) {
  for (const auto& line :
       blocks::testing::chapter_golden_lines("ch01", "pairwise.txt")) {
    if (line[0] != name) continue;
    const std::vector<double> v = blocks::testing::numbers(line, 1);
    Tensor t = Tensor::from_shape(
        {static_cast<std::size_t>(v[0]), static_cast<std::size_t>(v[1])});
    std::copy(v.begin() + 2, v.end(), t.begin());
    return t;
  }
  ADD_FAILURE() << "no " << name << " in pairwise.txt";
  return Tensor{};
}

TEST(Exercise3, PairwiseDistancesMatchTorch) {
  // x has 4 rows and y 3: the answer is (4, 3), and its transpose fails.
  const Tensor d =
      pairwise_sq_distances(pairwise_golden("x"), pairwise_golden("y"));
  EXPECT_TRUE(blocks::testing::AllClose(d, pairwise_golden("d"), 1e-12, 1e-12));
}

TEST(Exercise3, DistancesByHand) {
  Tensor x = {{0.0, 0.0}, {1.0, 2.0}};
  Tensor y = {{3.0, 4.0}};
  EXPECT_ALLCLOSE(pairwise_sq_distances(x, y), blocks::column({25.0, 8.0}));
}

TEST(Exercise3, ColumnsMustAgree) {
  Tensor x = {{1.0, 2.0}};
  Tensor y = {{1.0, 2.0, 3.0}};
  Tensor v = {1.0, 2.0};
  EXPECT_THROW(pairwise_sq_distances(x, y), blocks::ShapeError);
  EXPECT_THROW(pairwise_sq_distances(v, x), blocks::ShapeError);
}
