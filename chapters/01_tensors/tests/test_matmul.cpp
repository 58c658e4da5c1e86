// The checked matrix product: values worked by hand, the batch convention,
// and every shape error.
#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>

#include "blocks/error.hpp"
#include "blocks/linalg.hpp"
#include "blocks/testing/allclose.hpp"

using blocks::Shape;
using blocks::Tensor;

TEST(Matmul, TwoByTwoByHand) {
  Tensor a = {{1.0, 2.0}, {3.0, 4.0}};
  Tensor b = {{5.0, 6.0}, {7.0, 8.0}};
  // [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]]
  EXPECT_ALLCLOSE(blocks::matmul(a, b), (Tensor{{19.0, 22.0}, {43.0, 50.0}}));
}

TEST(Matmul, BatchTimesTransposedWeightsGivesOneLogitPerRow) {
  Tensor features = {{1.0, 2.0, 3.0}, {0.0, 1.0, 0.0}};
  Tensor weights = {{0.5, -1.0, 0.25}};
  Tensor logits = blocks::matmul(features, xt::transpose(weights));
  EXPECT_EQ(logits.shape(), (Shape{2, 1}));
  EXPECT_ALLCLOSE(logits, blocks::column({0.5 - 2.0 + 0.75, -1.0}));
}

TEST(Matmul, NonContiguousViewOperand) {
  Tensor a = {{1.0, 2.0}, {3.0, 4.0}};
  Tensor identity = xt::eye<double>(2);
  EXPECT_ALLCLOSE(blocks::matmul(xt::transpose(a), identity),
                  (Tensor{{1.0, 3.0}, {2.0, 4.0}}));
}

TEST(Matmul, EmptyBatchGivesEmptyResult) {
  Tensor none = xt::zeros<double>({0, 3});
  Tensor w = xt::ones<double>({3, 1});
  EXPECT_EQ(blocks::matmul(none, w).shape(), (Shape{0, 1}));
}

TEST(Matmul, ZeroInnerExtentGivesZeros) {
  Tensor a = xt::zeros<double>({2, 0});
  Tensor b = xt::zeros<double>({0, 3});
  EXPECT_ALLCLOSE(blocks::matmul(a, b), Tensor(xt::zeros<double>({2, 3})));
}

TEST(Matmul, InnerMismatchNamesBothShapes) {
  Tensor features = xt::ones<double>({4, 3});
  Tensor weights = xt::ones<double>({1, 3});
  try {
    blocks::matmul(features, weights);
    FAIL() << "expected a ShapeError";
  } catch (const blocks::ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "matmul: shapes (4, 3) and (1, 3) do not fit "
                 "(3 columns vs 1 rows)");
  }
}

TEST(Matmul, RejectsVectorsAndHigherRanks) {
  Tensor v = {1.0, 2.0};
  Tensor m = xt::ones<double>({2, 2});
  Tensor cube = xt::ones<double>({2, 2, 2});
  EXPECT_THROW(blocks::matmul(v, m), blocks::ShapeError);
  EXPECT_THROW(blocks::matmul(m, v), blocks::ShapeError);
  EXPECT_THROW(blocks::matmul(cube, m), blocks::ShapeError);
}
