// Optimizer: parameter groups, zero_grad, step, state and the state dict,
// with torch.optim.Optimizer's (1.13) rules and messages.
#include "blocks/optim/optimizer.hpp"

#include <iostream>
#include <set>
#include <utility>

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::optim {

namespace {

const void* key(const autograd::Variable& p) {
  return p.impl().get();
}

std::string describe(const OptionValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) {
    return *flag ? "True" : "False";
  }
  return python_repr(std::get<double>(value));
}

}  // namespace

double ParamGroup::number(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) {
    throw ValueError("parameter group has no option " + name);
  }
  if (!std::holds_alternative<double>(it->second)) {
    throw ValueError("option " + name + " must be a number, got " +
                     describe(it->second));
  }
  return std::get<double>(it->second);
}

bool ParamGroup::flag(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) {
    throw ValueError("parameter group has no option " + name);
  }
  if (!std::holds_alternative<bool>(it->second)) {
    throw ValueError("option " + name + " must be a flag (true or false), " +
                     "got " + describe(it->second));
  }
  return std::get<bool>(it->second);
}

Optimizer::Optimizer(std::vector<autograd::Variable> params, Options defaults)
    : defaults_(std::move(defaults)) {
  if (params.empty()) {
    throw ValueError("optimizer got an empty parameter list");
  }
  add_param_group(ParamGroup(std::move(params)));
}

Optimizer::Optimizer(std::vector<ParamGroup> groups, Options defaults)
    : defaults_(std::move(defaults)) {
  // As in PyTorch, a group may be empty, but the list of groups may not.
  if (groups.empty()) {
    throw ValueError("optimizer got an empty parameter list");
  }
  for (auto& group : groups) add_param_group(std::move(group));
}

void Optimizer::add_param_group(ParamGroup group) {
  // The checks run in PyTorch's order, so the first error is the same.
  for (const auto& p : group.params) {
    if (!p.defined()) {
      throw ValueError("can't optimize an undefined Variable");
    }
    if (!p.is_leaf()) throw ValueError("can't optimize a non-leaf Tensor");
  }
  for (const auto& [name, value] : defaults_) {
    group.options.try_emplace(name, value);
  }
  // Every optimizer needs a learning rate; PyTorch's `lr=required`.
  if (!group.options.count("lr")) {
    throw ValueError(
        "parameter group didn't specify a value of required "
        "optimization parameter lr");
  }
  std::set<const void*> in_group;
  bool duplicates = false;
  for (const auto& p : group.params) {
    duplicates = !in_group.insert(key(p)).second || duplicates;
  }
  if (duplicates) {
    // PyTorch only warns; such a parameter is updated twice per step.
    std::cerr << "UserWarning: optimizer contains a parameter group with "
                 "duplicate parameters; in future, this will cause an "
                 "error; see github.com/pytorch/pytorch/issues/40967 for "
                 "more information\n";
  }
  for (const auto& other : groups_) {
    for (const auto& p : other.params) {
      if (in_group.count(key(p))) {
        throw ValueError(
            "some parameters appear in more than one parameter group");
      }
    }
  }
  check_options(group.options);
  groups_.push_back(std::move(group));
  options_changed(groups_.size() - 1);
}

void Optimizer::set_option(std::size_t group, const std::string& name,
                           OptionValue value) {
  if (group >= groups_.size()) {
    throw ValueError("set_option: no parameter group " + std::to_string(group) +
                     " (the optimizer has " + std::to_string(groups_.size()) +
                     ")");
  }
  // Checked on a copy, so a refused value leaves the group as it was.
  Options options = groups_[group].options;
  options[name] = value;
  check_options(options);
  groups_[group].options = std::move(options);
  options_changed(group);
}

void Optimizer::check_options(const Options&) const {}

void Optimizer::options_changed(std::size_t) {}

// [optimizer-step]
std::optional<double> Optimizer::step(const Closure& closure) {
  std::optional<double> loss;
  if (closure) {
    // It records a graph to call backward(), so grad mode is on for it,
    // even inside a NoGradGuard, as PyTorch's enable_grad() around it.
    autograd::EnableGradGuard enable_grad;
    loss = closure();
  }
  autograd::NoGradGuard no_grad;  // the update itself is not recorded
  update();
  return loss;
}

void Optimizer::zero_grad(bool set_to_none) {
  for (auto& group : groups_) {
    for (auto& p : group.params) {
      if (set_to_none) {
        p.reset_grad();  // p.grad = None: step() will skip p
      } else {
        p.zero_grad();  // zeros: decay and momentum still move p
      }
    }
  }
}
// [optimizer-step]

ParamState& Optimizer::state(const autograd::Variable& param) {
  return state_[key(param)];
}

const ParamState* Optimizer::find_state(const autograd::Variable& param) const {
  auto it = state_.find(key(param));
  return it == state_.end() ? nullptr : &it->second;
}

StateDict Optimizer::state_dict() const {
  StateDict sd;
  std::size_t index = 0;
  for (const auto& group : groups_) {
    GroupState packed{group.options, {}};
    for (const auto& p : group.params) {
      if (const ParamState* s = find_state(p)) sd.state[index] = *s;
      packed.params.push_back(index++);
    }
    sd.param_groups.push_back(std::move(packed));
  }
  return sd;
}

void Optimizer::load_state_dict(const StateDict& sd) {
  if (sd.param_groups.size() != groups_.size()) {
    throw ValueError(
        "loaded state dict has a different number of parameter groups");
  }
  // Index -> parameter, in the saved groups' numbering.
  std::map<std::size_t, autograd::Variable> by_index;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const auto& saved = sd.param_groups[g].params;
    if (saved.size() != groups_[g].params.size()) {
      throw ValueError(
          "loaded state dict contains a parameter group that "
          "doesn't match the size of optimizer's group");
    }
    for (std::size_t i = 0; i < saved.size(); ++i) {
      // A repeated index would give one parameter two states and leave
      // another without one.
      if (!by_index.emplace(saved[i], groups_[g].params[i]).second) {
        throw ValueError("loaded state dict lists parameter " +
                         std::to_string(saved[i]) +
                         " twice; each index must name one parameter");
      }
    }
  }
  // Check everything before changing anything, so a bad dict leaves the
  // optimizer as it was.
  std::vector<Options> options;
  for (const auto& saved : sd.param_groups) {
    Options filled = saved.options;
    for (const auto& [name, value] : defaults_) filled.try_emplace(name, value);
    check_options(filled);
    options.push_back(std::move(filled));
  }
  for (const auto& [index, param_state] : sd.state) {
    auto it = by_index.find(index);
    if (it == by_index.end()) {
      throw ValueError("loaded state dict has state for parameter " +
                       std::to_string(index) + ", which no group lists");
    }
    for (const auto& [name, value] : param_state) {
      if (value && value->shape() != it->second.shape()) {
        throw ValueError("loaded state dict's " + name + " of parameter " +
                         std::to_string(index) + " has shape " +
                         shape_string(value->shape()) +
                         ", but the parameter has shape " +
                         shape_string(it->second.shape()));
      }
    }
  }
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    groups_[g].options = std::move(options[g]);
    options_changed(g);
  }
  state_.clear();
  for (const auto& [index, param_state] : sd.state) {
    state_[key(by_index.at(index))] = param_state;
  }
}

}  // namespace blocks::optim
