// The catalogue of bad inputs, Chapter 1, tensors: shapes that do not fit.
// Each case asserts the exception type and that the message names the
// problem (see catalogue_support.hpp).
#include "catalogue_support.hpp"

namespace {

using namespace catalogue;

// ---------------------------------------------------------------- shapes

TEST(CatalogueShapes, MatmulInnerDimensions) {
  expect_error<blocks::ShapeError>(
      [] { blocks::matmul(filled(2, 3, 1), filled(2, 3, 1)); },
      {"matmul", "(2, 3)"});
}

TEST(CatalogueShapes, MatmulRank3) {
  expect_error<blocks::ShapeError>(
      [] {
        Tensor a = Tensor::from_shape({2, 2, 2});
        blocks::matmul(a, filled(2, 2, 1));
      },
      {"matmul"});
}

TEST(CatalogueShapes, BroadcastIncompatible) {
  expect_error<blocks::ShapeError>(
      [] { blocks::broadcast_shape({3}, {4}, "add"); }, {"add", "(3,)"});
}

TEST(CatalogueShapes, Reshape) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::reshape(Variable(filled(2, 3, 1)), {4, 2});
      },
      {"reshape", "(4, 2)"});
}

}  // namespace
