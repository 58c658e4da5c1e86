// The custom model as the programs run it: CustomLogisticRegression's
// forward on the loop twins of Chapter 2's Functions, which give the same
// numbers to the bit (tests/test_logistic_regression.cpp checks a few
// training steps of both).
#include "blocks/autograd/custom_functions_fast.hpp"
#include "blocks/nn/logistic_regression.hpp"

namespace blocks::nn {

Output FastCustomLogisticRegression::forward(
    const autograd::Variable& x) const {
  check_input(x.value());
  autograd::Variable z =
      autograd::fast::LinearFunction::apply(x, weight(), bias());
  return {z, autograd::fast::SigmoidFunction::apply(z)};
}

}  // namespace blocks::nn
