#pragma once
/// \file
/// \brief Stochastic gradient descent with momentum, dampening, weight
/// decay, Nesterov momentum and maximize, exactly as `torch.optim.SGD` in
/// PyTorch 1.13.

#include <cstddef>
#include <optional>
#include <vector>

#include "blocks/optim/optimizer.hpp"

namespace blocks::optim {

// [sgd-options]
/// \brief SGD's constructor arguments, with PyTorch's defaults. They become
/// the defaults of every parameter group (group options `"lr"`,
/// `"momentum"`, `"dampening"`, `"weight_decay"`, `"nesterov"`,
/// `"maximize"`).
struct SGDOptions {
  /// \brief Options without a learning rate: then every group must set
  /// `"lr"` itself (PyTorch's `lr=required`).
  SGDOptions() = default;
  /// \brief Options with learning rate `lr` and PyTorch's other defaults.
  explicit SGDOptions(double lr) : lr(lr) {}

  std::optional<double> lr;   ///< \f$\gamma\f$, the step size (required)
  double momentum = 0.0;      ///< \f$\mu\f$; 0 means no momentum
  double dampening = 0.0;     ///< \f$\tau\f$, damps later gradients
  double weight_decay = 0.0;  ///< \f$\lambda\f$, L2 penalty
  bool nesterov = false;      ///< look-ahead momentum
  bool maximize = false;      ///< climb instead of descend
};
// [sgd-options]

/// \brief PyTorch's checks on SGD's options, on the typed struct (what a
/// program or a device optimizer calls; SGD calls it for every group).
/// \throws ValueError with PyTorch's messages: `Invalid learning rate:
///   -0.1`, `Invalid momentum value: ...`, `Invalid weight_decay value:
///   ...`, `Nesterov momentum requires a momentum and zero dampening`; a
///   missing learning rate, NaN and infinities are refused too.
void validate(const SGDOptions& options);

/// \brief The options as a group's dict, under PyTorch's names (`"lr"`,
/// `"momentum"`, ...): what a state dict stores.
Options to_options(const SGDOptions& options);

/// \brief The typed view of one group's dict: what the update reads, made
/// each time the dict changes, so no step looks an option up by name.
/// \throws ValueError when an option is missing or of the wrong kind.
SGDOptions sgd_options(const Options& options);

// [sgd-class]
/// \brief `torch.optim.SGD`: for each parameter \f$p\f$ with gradient
/// \f$g\f$, in this order (the chapter derives each line),
/// \f[ d = \pm g + \lambda p, \qquad
///     b = \begin{cases} d & \text{first step} \\ \mu b + (1-\tau) d
///         & \text{later} \end{cases}, \f]
/// \f[ d = \begin{cases} d + \mu b & \text{Nesterov} \\ b
///         & \text{otherwise} \end{cases}, \qquad p = p - \gamma d. \f]
/// Parameters without a gradient are skipped and get no state.
class SGD : public Optimizer {
 public:
  /// \brief SGD over `params`, one group.
  /// \throws ValueError with PyTorch's messages: `Invalid learning rate:
  ///   -0.1`, `Invalid momentum value: ...`, `Invalid weight_decay value:
  ///   ...`, `Nesterov momentum requires a momentum and zero dampening`,
  ///   and those of Optimizer's constructor.
  SGD(std::vector<autograd::Variable> params, const SGDOptions& options);
  /// \brief SGD over several groups, each overriding some of `options`.
  /// \throws ValueError as above; unlike PyTorch 1.13, which checks only
  ///         the constructor's arguments, every group's options too.
  SGD(std::vector<ParamGroup> groups, const SGDOptions& options);

 protected:
  /// \brief The update above, for every group: update_group(), or
  /// update_in_place() where momentum and weight decay are 0.
  void update() override;
  /// \brief validate(), for groups added later and loaded state dicts.
  void check_options(const Options& options) const override;
  /// \brief Refreshes the typed view of group `group`.
  void options_changed(std::size_t group) override;

  /// \brief The update of group `group`, as PyTorch writes it.
  void update_group(std::size_t group);
  /// \brief update_group()'s numbers and state for a group without
  /// momentum or weight decay, written into the parameters in place.
  void update_in_place(std::size_t group);

 private:
  // Each group's dict as sgd_options() reads it, in group order.
  std::vector<SGDOptions> typed_;
};
// [sgd-class]

/// \brief `a + alpha * b` element-wise with a single rounding per element
/// (`std::fma`), as `a.add(b, alpha=alpha)` computes it on PyTorch's CPU.
/// \throws ShapeError unless `a` and `b` have the same shape.
Tensor add_scaled(const Tensor& a, const Tensor& b, double alpha);

}  // namespace blocks::optim
