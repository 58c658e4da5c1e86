// The checked matrix product: values worked by hand, the batch convention,
// every shape error, and the small-product path against BLAS.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <xtensor-blas/xlinalg.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
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

// The small-product path ("Making it fast") against the plain BLAS call, on
// shapes either side of kSmallProduct. Both add k products per element but
// not necessarily in the same order or with the same fused multiply-adds
// (OpenBLAS picks its kernel by CPU), so the test allows what rounding
// allows: two sums of k terms each lie within gamma_k * sum |a_ip b_pj| of
// the exact value, gamma_k = k u / (1 - k u), u = 2^-53; hence
// |small - blas| <= 2 gamma_k sum |a_ip b_pj|.
// [small-equals-blas]
// Two products of a and b agree within what rounding allows.
static void expect_within_rounding(const Tensor& a, const Tensor& b,
                                   const Tensor& x, const Tensor& y) {
  const Tensor magnitude = xt::linalg::dot(xt::abs(a), xt::abs(b));
  const double u = std::numeric_limits<double>::epsilon() / 2;
  const double k = static_cast<double>(a.shape(1));
  const double gamma = k * u / (1.0 - k * u);
  ASSERT_EQ(x.shape(), y.shape()) << blocks::shape_string(a.shape());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_LE(std::abs(x.flat(i) - y.flat(i)), 2.0 * gamma * magnitude.flat(i))
        << blocks::shape_string(a.shape()) << " element " << i;
  }
}

TEST(Matmul, SmallPathEqualsBlasWithinRounding) {
  const Shape shapes[][2] = {
      {{5, 10}, {10, 1}},   {{102, 10}, {10, 1}}, {{103, 10}, {10, 1}},
      {{400, 10}, {10, 1}}, {{10, 10}, {10, 10}}, {{11, 11}, {11, 11}},
      {{1, 5}, {5, 10}},    {{5, 10}, {10, 20}},  {{5, 10}, {10, 21}}};
  std::mt19937_64 engine(123);
  std::normal_distribution<double> normal;
  for (const auto& shape : shapes) {
    Tensor a = Tensor::from_shape(shape[0]), b = Tensor::from_shape(shape[1]);
    for (double& v : a) v = normal(engine);
    for (double& v : b) v = normal(engine);
    const Tensor small = blocks::small_matmul(a, b);
    const Tensor blas = xt::linalg::dot(a, b);
    expect_within_rounding(a, b, small, blas);
    // matmul takes the small path up to the threshold, BLAS above it
    // (its matrix-vector product for one column or row).
    const bool is_small =
        a.shape(0) * a.shape(1) * b.shape(1) <= blocks::kSmallProduct;
    const bool is_vector = b.shape(1) == 1 || a.shape(0) == 1;
    EXPECT_EQ(blocks::matmul(a, b), is_small    ? small
                                    : is_vector ? blocks::matrix_vector(a, b)
                                                : blas);
  }
}
// [small-equals-blas]

// The matrix-vector path against BLAS's dgemm, within what rounding
// allows: a linear layer's forward (a column) and its weight gradient
// (a row), at the sizes of a step at batch 256.
TEST(Matmul, MatrixVectorPathEqualsGemmWithinRounding) {
  const Shape shapes[][2] = {{{256, 100}, {100, 1}},
                             {{1, 256}, {256, 100}},
                             {{1000, 3}, {3, 1}},
                             {{1, 7}, {7, 500}},
                             {{1, 2000}, {2000, 1}}};
  std::mt19937_64 engine(7);
  std::normal_distribution<double> normal;
  for (const auto& shape : shapes) {
    Tensor a = Tensor::from_shape(shape[0]), b = Tensor::from_shape(shape[1]);
    for (double& v : a) v = normal(engine);
    for (double& v : b) v = normal(engine);
    const Tensor gemv = blocks::matrix_vector(a, b);
    expect_within_rounding(a, b, gemv, xt::linalg::dot(a, b));
    EXPECT_EQ(blocks::matmul(a, b), gemv);
  }
}
