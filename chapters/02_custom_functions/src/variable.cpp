#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xnoalias.hpp>

#include "blocks/autograd/detail/function_node.hpp"
#include "blocks/autograd/engine.hpp"
#include "blocks/autograd/grad_mode.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

namespace {
detail::VariableImpl& checked(const std::shared_ptr<detail::VariableImpl>& impl,
                              const char* what) {
  if (!impl) {
    throw AutogradError(std::string(what) +
                        ": the Variable is undefined (default-constructed)");
  }
  return *impl;
}

// The history of a computed Variable that copy_() overwrote with grad mode
// on (PyTorch's CopyBackwards): its new value does not depend on what it
// was computed from, so that history receives zeros.
class CopyBackwards final : public Node {
 public:
  CopyBackwards(Edge previous, Shape shape) : shape_(std::move(shape)) {
    next_edges_.push_back(std::move(previous));
  }
  std::string name() const override { return "CopyBackwards"; }
  std::size_t num_inputs() const override { return 1; }
  std::vector<std::optional<Tensor>> apply(
      std::vector<std::optional<Tensor>>&&) override {
    Tensor zeros = Tensor::from_shape(shape_);
    zeros.fill(0.0);
    std::vector<std::optional<Tensor>> out;
    out.emplace_back(std::move(zeros));
    return out;
  }

 private:
  Shape shape_;
};

// value[i] += alpha * other[i], each rounded once (an fma), as PyTorch's
// CPU add_ does. Built for any x86-64, std::fma is a call into libm for
// every element; a second copy of the loop built for processors with FMA
// instructions makes it one instruction, and the loader picks the copy the
// processor can run. The numbers are the same: an fma rounds once either
// way.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
[[gnu::target_clones("fma", "default")]]
#endif
void add_scaled_into(double* value, const double* other, double alpha,
                     std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    value[i] = std::fma(alpha, other[i], value[i]);
  }
}

void check_inplace(const detail::VariableImpl& v, const char* op) {
  if (!v.grad_fn && v.requires_grad && is_grad_enabled()) {
    throw AutogradError(std::string(op) +
                        ": a leaf Variable that requires grad is being used "
                        "in an in-place operation.");
  }
}
}  // namespace

Variable::Variable(const Tensor& value, bool requires_grad)
    : impl_(std::allocate_shared<detail::VariableImpl>(
          blocks::detail::RecyclingAllocator<detail::VariableImpl>(), value,
          requires_grad)) {}

Variable::Variable(Tensor&& value, bool requires_grad)
    : impl_(std::allocate_shared<detail::VariableImpl>(
          blocks::detail::RecyclingAllocator<detail::VariableImpl>(),
          std::move(value), requires_grad)) {}

Variable detail::make_result(Tensor (*make)(void*), void* forward) {
  return Variable(std::allocate_shared<detail::VariableImpl>(
      blocks::detail::RecyclingAllocator<detail::VariableImpl>(), make,
      forward));
}

const Tensor& Variable::value() const {
  return checked(impl_, "value").value;
}
Tensor& Variable::value() {
  return checked(impl_, "value").value;
}
const Shape& Variable::shape() const {
  return checked(impl_, "shape").value.shape();
}

const Tensor& Variable::grad() const {
  const auto& v = checked(impl_, "grad");
  if (!v.grad) {
    std::string why = "grad: this Variable has no gradient (.grad is None)";
    if (v.grad_fn) {
      why += "; it is not a leaf (grad_fn " + v.grad_fn->name() +
             "), and backward() only fills the .grad of leaves";
    } else if (!v.requires_grad) {
      why += "; it does not require grad";
    } else {
      why += "; call backward() first";
    }
    throw AutogradError(why);
  }
  return *v.grad;
}

bool Variable::has_grad() const {
  return impl_ && impl_->grad.has_value();
}

void Variable::zero_grad() {
  auto& v = checked(impl_, "zero_grad");
  if (v.grad) {
    v.grad->fill(0.0);
  }
}

void Variable::reset_grad() {
  checked(impl_, "reset_grad").grad.reset();
}

bool Variable::requires_grad() const {
  return impl_ && impl_->requires_grad;
}

void Variable::set_requires_grad(bool requires_grad) {
  auto& v = checked(impl_, "set_requires_grad");
  // A computed Variable always requires grad: asking for it again is a
  // no-op (as in PyTorch); only turning it off is refused.
  if (v.grad_fn && requires_grad) return;
  if (v.grad_fn) {
    throw AutogradError(
        "you can only change requires_grad flags of leaf variables. If you "
        "want to use a computed variable in a subgraph that doesn't require "
        "differentiation use var_no_grad = var.detach().");
  }
  v.requires_grad = requires_grad;
}

bool Variable::is_leaf() const {
  return !checked(impl_, "is_leaf").grad_fn;
}

std::shared_ptr<Node> Variable::grad_fn() const {
  return checked(impl_, "grad_fn").grad_fn;
}

std::size_t Variable::output_nr() const {
  return checked(impl_, "output_nr").output_nr;
}

void Variable::backward() const {
  const auto& v = checked(impl_, "backward");
  // PyTorch checks the implicit gradient first, then whether anything can
  // flow at all.
  if (v.requires_grad && v.value.size() != 1) {
    throw AutogradError(
        "grad can be implicitly created only for scalar "
        "outputs");
  }
  // No gradient given: the engine seeds the root with ones.
  detail::backward_from(*this, nullptr, false);
}

void Variable::backward(const Tensor& gradient, bool retain_graph) const {
  detail::backward_from(*this, &gradient, retain_graph);
}

Variable Variable::detach() const {
  Variable copy(checked(impl_, "detach").value, false);
  copy.impl_->name = impl_->name;
  return copy;
}

std::uint64_t Variable::version() const {
  return checked(impl_, "version").version;
}

void Variable::sub_(const Tensor& other, double alpha) {
  auto& v = checked(impl_, "sub_");
  check_inplace(v, "sub_");
  if (broadcast_shape(v.value.shape(), other.shape(), "sub_") !=
      v.value.shape()) {
    throw ShapeError("sub_: shape " + shape_string(other.shape()) +
                     " does not broadcast to the Variable's shape " +
                     shape_string(v.value.shape()));
  }
  xt::noalias(v.value) -= alpha * other;  // in place, no temporary
  ++v.version;
}

void Variable::add_(const Tensor& other, double alpha) {
  auto& v = checked(impl_, "add_");
  check_inplace(v, "add_");
  // PyTorch would give the result a new history (AddBackward); optimizers,
  // the one use, run under NoGradGuard, so refuse instead of keeping a
  // history that no longer describes the value.
  if (v.grad_fn && is_grad_enabled()) {
    throw AutogradError(
        "add_: a Variable with a history is changed in place only under "
        "NoGradGuard");
  }
  require_same_shape(v.value, other, "add_");
  add_scaled_into(v.value.data(), other.data(), alpha, v.value.size());
  ++v.version;
}

void Variable::copy_(const Tensor& other) {
  auto& v = checked(impl_, "copy_");
  check_inplace(v, "copy_");
  require_same_shape(v.value, other, "copy_");
  v.value = other;
  ++v.version;
  // Keeping the old grad_fn would send the loss's gradient through a value
  // that is gone. Under NoGradGuard PyTorch keeps it, and so do we.
  if (v.grad_fn && is_grad_enabled()) {
    v.grad_fn = std::make_shared<CopyBackwards>(Edge{v.grad_fn, v.output_nr},
                                                v.value.shape());
    v.output_nr = 0;
  }
}

const std::string& Variable::name() const {
  return checked(impl_, "name").name;
}

Variable& Variable::set_name(std::string name) {
  checked(impl_, "set_name").name = std::move(name);
  return *this;
}

Edge gradient_edge(const Variable& v) {
  return detail::edge_to(v.impl());
}

void set_history(Variable& v, std::shared_ptr<Node> fn, std::size_t output_nr) {
  detail::record_history(checked(v.impl(), "set_history"), std::move(fn),
                         output_nr);
}

}  // namespace blocks::autograd
