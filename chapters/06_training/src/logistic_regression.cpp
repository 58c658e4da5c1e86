#include "blocks/nn/logistic_regression.hpp"

#include <cmath>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::nn {

using autograd::Variable;

std::string to_string(Flavour flavour) {
  return cli::name_of(kFlavourNames, flavour);
}

Flavour parse_flavour(const std::string& name) {
  return cli::value_named(kFlavourNames, name, "model flavour");
}

// [default-init]
LinearInit torch_default_init(std::size_t in_features,
                              data::TorchGenerator& generator) {
  if (in_features == 0) {
    throw ValueError("torch_default_init: in_features is 0");
  }
  // kaiming_uniform_(a=sqrt(5)) in double, as torch.nn.init computes it:
  // one ulp below 1/sqrt(n) for n = 10, so keep the same operations.
  const double fan_in = static_cast<double>(in_features);
  const double a = std::sqrt(5.0);
  const double gain = std::sqrt(2.0 / (1.0 + a * a));
  const double bound = std::sqrt(3.0) * (gain / std::sqrt(fan_in));
  LinearInit init{Tensor::from_shape({1, in_features}), 0.0};
  // The tensors are float32 in PyTorch: draw floats, weight before bias.
  for (std::size_t j = 0; j < in_features; ++j) {
    init.weight(0, j) = generator.uniform_float(static_cast<float>(-bound),
                                                static_cast<float>(bound));
  }
  const double bias_bound = 1.0 / std::sqrt(fan_in);
  init.bias = generator.uniform_float(static_cast<float>(-bias_bound),
                                      static_cast<float>(bias_bound));
  return init;
}
// [default-init]

LogisticRegression::LogisticRegression(const Tensor& weight, double bias) {
  const bool row = weight.dimension() == 2 && weight.shape(0) == 1;
  if (!(row || weight.dimension() == 1) || weight.size() == 0) {
    throw ShapeError("LogisticRegression: weight of shape " +
                     shape_string(weight.shape()) +
                     " is neither (1, in) nor (in,) with in > 0");
  }
  // A NaN or Inf start would train to nonsense without one error.
  for (std::size_t j = 0; j < weight.size(); ++j) {
    if (!std::isfinite(weight.flat(j))) {
      throw ValueError("LogisticRegression: weight " + std::to_string(j) +
                       " is " + full_precision(weight.flat(j)) +
                       ", not a finite number");
    }
  }
  if (!std::isfinite(bias)) {
    throw ValueError("LogisticRegression: bias is " + full_precision(bias) +
                     ", not a finite number");
  }
  Tensor w = weight;
  w.reshape({std::size_t{1}, weight.size()});
  w_ = Variable(w, true).set_name("weight");
  Tensor b = Tensor::from_shape({1});
  b(0) = bias;
  b_ = Variable(b, true).set_name("bias");
}

void LogisticRegression::check_input(const Tensor& x) const {
  if (x.dimension() != 2 || x.shape(1) != in_features()) {
    throw ShapeError(
        "LogisticRegression: input of shape " + shape_string(x.shape()) +
        " for a model with " + std::to_string(in_features()) +
        " features: expected (batch, " + std::to_string(in_features()) + ")");
  }
}

// [model-forwards]
Output BuiltinLogisticRegression::forward(const Variable& x) const {
  check_input(x.value());
  Variable z = autograd::matmul(x, autograd::transpose(weight())) + bias();
  return {z, autograd::sigmoid(z)};
}

Output CustomLogisticRegression::forward(const Variable& x) const {
  check_input(x.value());
  Variable z = autograd::LinearFunction::apply(x, weight(), bias());
  return {z, autograd::SigmoidFunction::apply(z)};
}
// [model-forwards]

std::unique_ptr<LogisticRegression> make_model(Flavour flavour,
                                               const Tensor& weight,
                                               double bias) {
  if (flavour == Flavour::builtin) {
    return std::make_unique<FastBuiltinLogisticRegression>(weight, bias);
  }
  return std::make_unique<FastCustomLogisticRegression>(weight, bias);
}

std::unique_ptr<LogisticRegression> make_model(
    Flavour flavour, std::size_t in_features, data::TorchGenerator& generator) {
  const LinearInit init = torch_default_init(in_features, generator);
  return make_model(flavour, init.weight, init.bias);
}

}  // namespace blocks::nn
