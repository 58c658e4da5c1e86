// The catalogue of bad inputs, Chapter 2, autograd: Functions given the wrong
// shapes, a graph used twice. Each case asserts the exception type and that the
// message names the problem (see catalogue_support.hpp).
#include "catalogue_support.hpp"

namespace {

using namespace catalogue;

// ---------------------------------------------------------------- shapes

TEST(CatalogueShapes, AutogradAdd) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::add(Variable(filled(2, 3, 1), true), Variable(filled(3, 2, 1)));
      },
      {"(2, 3)", "(3, 2)"});
}

TEST(CatalogueShapes, AutogradMul) {
  expect_error<blocks::ShapeError>(
      [] { ag::mul(Variable(filled(4, 1, 1)), Variable(filled(3, 1, 1))); },
      {"(4, 1)", "(3, 1)"});
}

TEST(CatalogueShapes, AutogradMatmul) {
  expect_error<blocks::ShapeError>(
      [] { ag::matmul(Variable(filled(4, 3, 1)), Variable(filled(4, 3, 1))); },
      {"(4, 3)"});
}

TEST(CatalogueShapes, LinearFunction) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::LinearFunction::apply(Variable(filled(4, 3, 1)),
                                  Variable(filled(1, 2, 1)),
                                  Variable(Tensor{0.0}));
      },
      {"LinearFunction", "(4, 3)", "(1, 2)"});
}

TEST(CatalogueShapes, BCEWithLogitsFunction) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::BCEWithLogitsFunction::apply(Variable(filled(3, 1, 0)),
                                         Variable(filled(4, 1, 0)));
      },
      {"(3, 1)", "(4, 1)"});
}

TEST(CatalogueShapes, SecondBackwardThroughFreedGraph) {
  expect_error<blocks::AutogradError>(
      [] {
        Variable x(filled(2, 1, 1), true);
        Variable loss = ag::sum(ag::sigmoid(x));
        loss.backward();
        loss.backward();
      },
      {"backward"});
}

// ---------------------------------------------------------- empty data

TEST(CatalogueEmpty, BCEOfEmptyInput) {
  expect_error<blocks::ValueError>(
      [] {
        ag::BCEWithLogitsFunction::apply(Variable(Tensor::from_shape({0, 1})),
                                         Variable(Tensor::from_shape({0, 1})));
      },
      {"empty"});
}

}  // namespace
