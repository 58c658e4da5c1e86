#pragma once
/// \file
/// \brief The notebook's model, \f$p = \sigma(x w^\top + b)\f$, in two
/// flavours with one interface: *builtin*, composed of Chapter 2's
/// elementary operations, and *custom*, made of Chapter 2's hand-written
/// Functions.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "blocks/autograd.hpp"
#include "blocks/cli/names.hpp"
#include "blocks/data/torch_generator.hpp"
#include "blocks/tensor.hpp"

namespace blocks::nn {

/// \brief Which blocks a model or a loss is made of.
enum class Flavour {
  builtin,  ///< elementary ops; the engine derives the gradients
  custom,   ///< LinearFunction, SigmoidFunction, BCEWithLogitsFunction
};

/// \brief The flavours' names, for files, flags and messages.
inline constexpr cli::NameTable<Flavour, 2> kFlavourNames{
    {{Flavour::custom, "custom"}, {Flavour::builtin, "builtin"}}};

/// \brief `"builtin"` or `"custom"`.
std::string to_string(Flavour flavour);
/// \brief The flavour named `"builtin"` or `"custom"`.
/// \throws ValueError for any other name.
Flavour parse_flavour(const std::string& name);

/// \brief What `forward` returns, as the notebook's `forward` does.
struct Output {
  autograd::Variable logits;         ///< \f$z = x w^\top + b\f$, (batch, 1)
  autograd::Variable probabilities;  ///< \f$\sigma(z)\f$, (batch, 1)
};

/// \brief PyTorch's `nn.Linear(in_features, 1)` default initialisation,
/// drawn from `generator` in float32 as PyTorch draws it: the weight from
/// \f$U(-\beta, \beta)\f$ with \f$\beta = \sqrt{3} \sqrt{2/(1+a^2)} /
/// \sqrt{n}\f$, \f$a = \sqrt{5}\f$ (Kaiming), then the bias from
/// \f$U(-1/\sqrt{n}, 1/\sqrt{n})\f$.
struct LinearInit {
  Tensor weight;  ///< shape (1, in_features)
  double bias;    ///< the one bias
};

/// \brief Draws `nn.Linear(in_features, 1)`'s default parameters.
/// \throws ValueError when `in_features` is 0.
LinearInit torch_default_init(std::size_t in_features,
                              data::TorchGenerator& generator);

// [model-interface]
/// \brief Logistic regression with one output: the interface both
/// flavours share (the notebook's `nn.Module` with `forward` and
/// `parameters()`).
class LogisticRegression {
 public:
  virtual ~LogisticRegression() = default;

  /// \brief Logits and probabilities of a batch `x` of shape (batch, in).
  /// \throws ShapeError when `x` has the wrong number of features.
  virtual Output forward(const autograd::Variable& x) const = 0;
  /// \brief The flavour of the blocks inside.
  virtual Flavour flavour() const = 0;

  /// \brief The weight then the bias, as `model.parameters()` lists them.
  std::vector<autograd::Variable> parameters() const { return {w_, b_}; }
  /// \brief \f$w\f$, shape (1, in_features).
  const autograd::Variable& weight() const { return w_; }
  /// \brief \f$b\f$, shape (1,).
  const autograd::Variable& bias() const { return b_; }
  /// \brief The number of features a sample has.
  std::size_t in_features() const { return w_.shape()[1]; }

 protected:
  /// \brief Takes copies of `weight` (1, in) or (in,) and `bias` as leaves
  /// that require gradients.
  LogisticRegression(const Tensor& weight, double bias);
  /// \brief Throws unless `x` is (batch, in_features).
  void check_input(const Tensor& x) const;

 private:
  autograd::Variable w_, b_;
};
// [model-interface]

/// \brief The notebook's `LogisticRegressionLazy`: `nn.Linear` and
/// `torch.sigmoid`, here matmul, add and sigmoid, differentiated by the
/// engine.
class BuiltinLogisticRegression : public LogisticRegression {
 public:
  /// \brief A model with the given weight (1, in) or (in,) and bias.
  BuiltinLogisticRegression(const Tensor& weight, double bias)
      : LogisticRegression(weight, bias) {}
  /// \brief \f$z = x w^\top + b\f$ by elementary ops, then \f$\sigma(z)\f$.
  Output forward(const autograd::Variable& x) const override;
  /// \brief Flavour::builtin.
  Flavour flavour() const override { return Flavour::builtin; }
};

/// \brief The notebook's `LogisticRegressionCustom`: Chapter 2's
/// LinearFunction and SigmoidFunction, each with a hand-written backward.
class CustomLogisticRegression : public LogisticRegression {
 public:
  /// \brief A model with the given weight (1, in) or (in,) and bias.
  CustomLogisticRegression(const Tensor& weight, double bias)
      : LogisticRegression(weight, bias) {}
  /// \brief \f$z\f$ by LinearFunction, \f$\sigma(z)\f$ by SigmoidFunction.
  Output forward(const autograd::Variable& x) const override;
  /// \brief Flavour::custom.
  Flavour flavour() const override { return Flavour::custom; }
};

/// \brief CustomLogisticRegression on the loop twins of its Functions
/// (autograd::fast, "Making it fast" in Chapter 2): the same numbers to
/// the bit, several times faster on small batches. make_model gives it
/// for Flavour::custom.
class FastCustomLogisticRegression : public CustomLogisticRegression {
 public:
  using CustomLogisticRegression::CustomLogisticRegression;
  /// \brief \f$z\f$ by fast::LinearFunction, \f$\sigma(z)\f$ by
  /// fast::SigmoidFunction.
  Output forward(const autograd::Variable& x) const override;
};

/// \brief BuiltinLogisticRegression with \f$z\f$ as one recorded
/// operation, as PyTorch's `nn.Linear` is one: fast::LinearFunction, whose
/// numbers are those of matmul, transpose and add to the bit. make_model
/// gives it for Flavour::builtin.
class FastBuiltinLogisticRegression : public BuiltinLogisticRegression {
 public:
  using BuiltinLogisticRegression::BuiltinLogisticRegression;
  /// \brief \f$z\f$ by fast::LinearFunction, \f$\sigma(z)\f$ by sigmoid.
  Output forward(const autograd::Variable& x) const override;
};

/// \brief A model of the given flavour with the given parameters, as the
/// programs run it: FastBuiltinLogisticRegression or
/// FastCustomLogisticRegression.
std::unique_ptr<LogisticRegression> make_model(Flavour flavour,
                                               const Tensor& weight,
                                               double bias);
/// \brief A model of the given flavour with `nn.Linear`'s default init
/// drawn from `generator` (see torch_default_init).
std::unique_ptr<LogisticRegression> make_model(Flavour flavour,
                                               std::size_t in_features,
                                               data::TorchGenerator& generator);

}  // namespace blocks::nn
