// SGD: torch.optim.SGD's checks and its single-tensor update (1.13).
#include "blocks/optim/sgd.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "blocks/error.hpp"

namespace blocks::optim {

namespace {

// PyTorch checks the constructor's arguments before anything else; a
// missing lr is reported per group, in PyTorch's words, when the groups
// are added.
const SGDOptions& checked(const SGDOptions& o) {
  SGDOptions with_lr = o;
  if (!with_lr.lr) with_lr.lr = 0.0;
  validate(with_lr);
  return o;
}

// Whether `p` has a momentum buffer that is not None.
bool has_momentum_buffer(const Optimizer& optimizer,
                         const autograd::Variable& p) {
  const ParamState* state = optimizer.find_state(p);
  if (!state) return false;
  const auto it = state->find("momentum_buffer");
  return it != state->end() && it->second.has_value();
}

}  // namespace

Options to_options(const SGDOptions& o) {
  Options options{{"momentum", o.momentum},
                  {"dampening", o.dampening},
                  {"weight_decay", o.weight_decay},
                  {"nesterov", o.nesterov},
                  {"maximize", o.maximize}};
  if (o.lr) options["lr"] = *o.lr;
  return options;
}

SGDOptions sgd_options(const Options& options) {
  const ParamGroup group({}, options);
  SGDOptions o(group.number("lr"));
  o.momentum = group.number("momentum");
  o.dampening = group.number("dampening");
  o.weight_decay = group.number("weight_decay");
  o.nesterov = group.flag("nesterov");
  o.maximize = group.flag("maximize");
  return o;
}

Tensor add_scaled(const Tensor& a, const Tensor& b, double alpha) {
  require_same_shape(a, b, "add_scaled");
  Tensor out = Tensor::from_shape(a.shape());
  for (std::size_t i = 0; i < a.size(); ++i) {
    out.flat(i) = std::fma(alpha, b.flat(i), a.flat(i));
  }
  return out;
}

SGD::SGD(std::vector<autograd::Variable> params, const SGDOptions& options)
    : Optimizer(std::move(params), to_options(checked(options))) {
  // The base constructor could not call our override.
  options_changed(0);
}

SGD::SGD(std::vector<ParamGroup> groups, const SGDOptions& options)
    : Optimizer(std::move(groups), to_options(checked(options))) {
  // The base constructor could not call our overrides.
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    check_options(param_groups()[g].options);
    options_changed(g);
  }
}

void SGD::check_options(const Options& options) const {
  validate(sgd_options(options));
}

void SGD::options_changed(std::size_t group) {
  if (typed_.size() <= group) typed_.resize(group + 1);
  typed_[group] = sgd_options(param_groups()[group].options);
}

// [sgd-checks]
void validate(const SGDOptions& o) {
  if (!o.lr) {
    throw ValueError(
        "parameter group didn't specify a value of required optimization "
        "parameter lr");
  }
  const double lr = *o.lr;
  // `!(x >= 0)` also rejects NaN, which PyTorch lets through.
  if (!(lr >= 0.0) || std::isinf(lr)) {
    throw ValueError("Invalid learning rate: " + python_repr(lr));
  }
  if (!(o.momentum >= 0.0) || std::isinf(o.momentum)) {
    throw ValueError("Invalid momentum value: " + python_repr(o.momentum));
  }
  if (!(o.weight_decay >= 0.0) || std::isinf(o.weight_decay)) {
    throw ValueError("Invalid weight_decay value: " +
                     python_repr(o.weight_decay));
  }
  // Dampening has no range: PyTorch accepts -1, so do we (if finite).
  if (!std::isfinite(o.dampening)) {
    throw ValueError("Invalid dampening value: " + python_repr(o.dampening));
  }
  if (o.nesterov && (o.momentum <= 0.0 || o.dampening != 0.0)) {
    throw ValueError(
        "Nesterov momentum requires a momentum and zero "
        "dampening");
  }
}
// [sgd-checks]

// [sgd-update]
void SGD::update_group(std::size_t g) {
  const ParamGroup& group = param_groups()[g];
  const SGDOptions& o = typed_[g];  // the group's dict, typed
  const double lr = *o.lr, momentum = o.momentum;
  // PyTorch looks up every buffer of the group before it updates any;
  // a parameter listed twice then starts two buffers on its first step.
  std::vector<bool> had_buffer;
  for (const auto& p : group.params) {
    had_buffer.push_back(has_momentum_buffer(*this, p));
  }
  for (std::size_t i = 0; i < group.params.size(); ++i) {
    autograd::Variable p = group.params[i];  // a handle, as in Python
    if (!p.has_grad()) continue;  // grad is None: no update, no state
    Tensor d = o.maximize ? Tensor(-p.grad()) : p.grad();
    if (o.weight_decay != 0.0) d = add_scaled(d, p.value(), o.weight_decay);
    // PyTorch records the buffer for every parameter with a gradient,
    // None (nullopt) while momentum is 0.
    std::optional<Tensor>& buffer = state(p)["momentum_buffer"];
    if (momentum != 0.0) {
      if (!had_buffer[i]) {
        buffer = d;  // first step: a copy of d, without dampening
      } else {
        const Tensor decayed = momentum * *buffer;
        buffer = add_scaled(decayed, d, 1.0 - o.dampening);
      }
      d = o.nesterov ? add_scaled(d, *buffer, momentum) : *buffer;
    }
    p.copy_(add_scaled(p.value(), d, -lr));
  }
}
// [sgd-update]

}  // namespace blocks::optim
