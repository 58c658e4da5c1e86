#pragma once
/// \file
/// \brief `Optimizer`, the base of every optimizer: parameter groups with
/// their options, `zero_grad`, `step`, per-parameter state and the state
/// dict (PyTorch's `torch.optim.Optimizer`, 1.13).

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "blocks/autograd.hpp"

namespace blocks::optim {

/// \brief One option's value: a number such as `lr`, or a flag such as
/// `nesterov` (Python's `float` and `bool` in a group's dict).
using OptionValue = std::variant<double, bool>;

/// \brief A group's options by name: PyTorch's group dict without its
/// `'params'` entry, e.g. `{"lr", 0.1}, {"nesterov", false}`.
using Options = std::map<std::string, OptionValue>;

/// \brief What an optimizer keeps for one parameter between steps, by name
/// (PyTorch's `optimizer.state[p]`): `std::nullopt` is Python's `None`,
/// as in SGD's `momentum_buffer` when momentum is 0.
using ParamState = std::map<std::string, std::optional<Tensor>>;

// [param-group]
/// \brief Parameters that share options, e.g. a layer trained with its own
/// learning rate (one dict in PyTorch's `optimizer.param_groups`).
struct ParamGroup {
  /// \brief A group of `params`; options it leaves out are filled in from
  /// the optimizer's defaults when the group is added.
  explicit ParamGroup(std::vector<autograd::Variable> params,
                      Options options = {})
      : params(std::move(params)), options(std::move(options)) {}

  std::vector<autograd::Variable> params;  ///< leaves, in order
  Options options;                         ///< `"lr"` -> 0.1, ...

  /// \brief The number stored under `name`.
  /// \throws ValueError when it is missing or is a flag.
  double number(const std::string& name) const;
  /// \brief The flag stored under `name`.
  /// \throws ValueError when it is missing or is a number.
  bool flag(const std::string& name) const;
};
// [param-group]

/// \brief One group in a state dict: its options and its parameters, by
/// index (`state_dict()['param_groups'][i]` in PyTorch).
struct GroupState {
  Options options;                  ///< every option, defaults included
  std::vector<std::size_t> params;  ///< indices into all parameters
};

// [state-dict]
/// \brief Everything an optimizer needs to resume: a copy of its options
/// and per-parameter state, with parameters numbered 0, 1, ... in group
/// order across groups (PyTorch's `optimizer.state_dict()`).
struct StateDict {
  /// \brief Per-parameter state by index; parameters that never had a
  /// gradient have none.
  std::map<std::size_t, ParamState> state;
  /// \brief One entry per group, in order.
  std::vector<GroupState> param_groups;
};
// [state-dict]

// [optimizer-class]
/// \brief The base of every optimizer (`torch.optim.Optimizer`): it owns
/// the parameter groups and the per-parameter state; a subclass writes
/// only the update rule, update().
class Optimizer {
 public:
  /// \brief Re-evaluates the model and returns the loss, for step(closure)
  /// (optimizers such as L-BFGS need the loss; logging too).
  using Closure = std::function<double()>;

  /// \brief One update of every parameter that has a gradient, with grad
  /// mode off. With a `closure`, calls it first, with grad mode on, and
  /// returns its loss; without, returns `std::nullopt` (Python's `None`).
  std::optional<double> step(const Closure& closure = nullptr);

  /// \brief Clears every parameter's gradient: zeros by default, as
  /// PyTorch 1.13 does, or none with `set_to_none` (2.0's default), so
  /// that step() skips parameters that get no new gradient.
  void zero_grad(bool set_to_none = false);

  /// \brief Adds a group, filling in missing options from defaults().
  /// \throws ValueError with PyTorch's message when a parameter is not a
  ///         leaf or is in another group, or a required option (such as
  ///         SGD's `lr`) is missing or rejected by the subclass.
  void add_param_group(ParamGroup group);

  /// \brief The groups, in order, to read; set_option() changes one.
  const std::vector<ParamGroup>& param_groups() const { return groups_; }
  /// \brief `optimizer.param_groups[group][name] = value` (a scheduler's
  /// new learning rate), checked at once as a new group's options are.
  /// \throws ValueError when `group` is out of range or the subclass
  ///         rejects the value; the optimizer is then unchanged.
  void set_option(std::size_t group, const std::string& name,
                  OptionValue value);
  /// \brief The options every group starts from (PyTorch's `defaults`).
  const Options& defaults() const { return defaults_; }

  /// \brief The state of `param`, created empty on first use.
  ParamState& state(const autograd::Variable& param);
  // [optimizer-class]
  /// \brief The state of `param`, or null if it has none yet.
  const ParamState* find_state(const autograd::Variable& param) const;

  virtual ~Optimizer() = default;
  Optimizer(const Optimizer&) = delete;             ///< one owner of state
  Optimizer& operator=(const Optimizer&) = delete;  ///< see above

  /// \brief A deep copy of the options and state (PyTorch's returns
  /// references to the live tensors; ours cannot change under you).
  StateDict state_dict() const;
  /// \brief Restores options and state saved by state_dict(), matching
  /// parameters by position.
  /// \throws ValueError with PyTorch's message when the number of groups or
  ///         a group's size differs; also (checks PyTorch leaves out) when
  ///         a state tensor's shape differs from its parameter's, a state
  ///         index is out of range, or an option's value is invalid.
  void load_state_dict(const StateDict& state_dict);

  /// \brief Writes state_dict() to `path` atomically (see save()).
  void save(const std::string& path) const;
  /// \brief load_state_dict() from a file written by save(); errors name
  /// the file.
  /// \throws IOError, DataError (see optim::load()) or ValueError.
  void load(const std::string& path);

 protected:
  /// \brief Takes plain parameters as one group (`Optimizer(params,
  /// defaults)` in PyTorch).
  /// \param params    leaves to optimize, at least one
  /// \param defaults  every option's default; leave out a required one
  /// \throws ValueError as add_param_group() does, and
  ///         `optimizer got an empty parameter list` when empty.
  Optimizer(std::vector<autograd::Variable> params, Options defaults);
  /// \brief Takes several groups (PyTorch's list of dicts).
  /// \param groups    the groups, at least one
  /// \param defaults  every option's default; leave out a required one
  Optimizer(std::vector<ParamGroup> groups, Options defaults);

  /// \brief The update rule, run by step() with grad mode off.
  virtual void update() = 0;

  /// \brief Rejects invalid option values of one group (none here). The
  /// base constructor cannot call a subclass's override, so a subclass
  /// checks its constructor's groups itself.
  /// \throws ValueError naming the option and its value.
  virtual void check_options(const Options& options) const;

  /// \brief Called after group `group`'s options were set: when it was
  /// added, by set_option() and by load_state_dict(). A subclass that keeps
  /// a typed copy of each group's options (as SGD does, so that its step
  /// looks nothing up by name) refreshes it here; the base does nothing.
  virtual void options_changed(std::size_t group);

 private:
  std::vector<ParamGroup> groups_;
  Options defaults_;
  // Keyed by the parameter's shared node: copies of one Variable share it.
  std::map<const void*, ParamState> state_;
};

/// \brief A double as Python's `repr` prints it (`0.1`, `-1.0`, `1e-05`),
/// so our messages read exactly like PyTorch's.
std::string python_repr(double value);

}  // namespace blocks::optim
