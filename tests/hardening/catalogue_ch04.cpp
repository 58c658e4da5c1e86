// The catalogue of bad inputs, Chapter 4, SGD: invalid hyperparameters, in
// PyTorch's words. Each case asserts the exception type and that the message
// names the problem (see catalogue_support.hpp).
#include "catalogue_support.hpp"

namespace {

using namespace catalogue;

// ---------------------------------------------------- hyperparameters

TEST(CatalogueHyper, NegativeLearningRate) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGD({p}, optim::SGDOptions(-1.0));
      },
      {"Invalid learning rate: -1"});
}

TEST(CatalogueHyper, NaNLearningRate) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGD({p}, optim::SGDOptions(NAN));
      },
      {"Invalid learning rate: nan"});
}

TEST(CatalogueHyper, NegativeMomentum) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.momentum = -0.5;
        optim::SGD({p}, o);
      },
      {"Invalid momentum value: -0.5"});
}

TEST(CatalogueHyper, InfiniteWeightDecay) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.weight_decay = INFINITY;
        optim::SGD({p}, o);
      },
      {"Invalid weight_decay value: inf"});
}

TEST(CatalogueHyper, NesterovWithoutMomentum) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.nesterov = true;
        optim::SGD({p}, o);
      },
      {"Nesterov"});
}

}  // namespace
