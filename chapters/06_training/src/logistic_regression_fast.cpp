// The models as the programs run them. CustomLogisticRegression's forward
// on the loop twins of Chapter 2's Functions, which give the same numbers
// to the bit; BuiltinLogisticRegression's with its three operations for z
// (transpose, matmul, add) as one, the linear twin again: its forward and
// backward do the same arithmetic as those three, as PyTorch's nn.Linear
// is one operation (tests/test_logistic_regression.cpp checks a few
// training steps of each against the taught model).
#include "blocks/autograd/custom_functions_fast.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/nn/logistic_regression.hpp"

namespace blocks::nn {

Output FastCustomLogisticRegression::forward(
    const autograd::Variable& x) const {
  check_input(x.value());
  autograd::Variable z =
      autograd::fast::LinearFunction::apply(x, weight(), bias());
  return {z, autograd::fast::SigmoidFunction::apply(z)};
}

Output FastBuiltinLogisticRegression::forward(
    const autograd::Variable& x) const {
  check_input(x.value());
  autograd::Variable z =
      autograd::fast::LinearFunction::apply(x, weight(), bias());
  return {z, autograd::sigmoid(z)};
}

}  // namespace blocks::nn
