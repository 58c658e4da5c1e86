// Exercise 1 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the perturbed element is never put back, so every later
// row is measured at a point already moved by the earlier rows' eps (and
// the caller's input comes back changed).
#include <string>

#include <xtensor/xbuilder.hpp>

#include "blocks/error.hpp"
#include "ch03_exercises.hpp"

namespace blocks::exercises {

namespace {

Tensor output_value(const autograd::MultiOutputFunction& function,
                    const std::vector<autograd::Variable>& inputs,
                    std::size_t output) {
  autograd::NoGradGuard no_grad;
  const auto outputs = function(inputs);
  if (output >= outputs.size()) {
    throw ValueError("forward_difference_jacobian: output " +
                     std::to_string(output) + " is out of range");
  }
  return outputs[output].value();
}

}  // namespace

Tensor forward_difference_jacobian(
    const autograd::MultiOutputFunction& function,
    const std::vector<autograd::Variable>& inputs, std::size_t argument,
    std::size_t output, double eps) {
  if (argument >= inputs.size() || !inputs[argument].requires_grad()) {
    throw ValueError("forward_difference_jacobian: bad argument");
  }
  autograd::Variable x = inputs[argument];
  const Tensor base = output_value(function, inputs, output);
  Tensor jacobian = xt::zeros<double>({x.value().size(), base.size()});
  for (std::size_t k = 0; k < x.value().size(); ++k) {
    x.value().flat(k) += eps;  // ... and never restored
    const Tensor moved = output_value(function, inputs, output);
    for (std::size_t j = 0; j < base.size(); ++j) {
      jacobian(k, j) = (moved.flat(j) - base.flat(j)) / eps;
    }
  }
  return jacobian;
}

}  // namespace blocks::exercises
