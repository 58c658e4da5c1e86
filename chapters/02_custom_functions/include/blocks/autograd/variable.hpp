#pragma once
/// \file
/// \brief `Variable`: a tensor that remembers how it was computed, and how a
/// result is attached to the node that made it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "blocks/autograd/graph.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

namespace detail {
struct VariableImpl;
}  // namespace detail

/// \brief A tensor that remembers how it was computed: a cheap handle to a
/// shared node, so copies alias the same value and gradient, as Python
/// names alias one `torch.Tensor`.
// [variable-class]
class Variable {
 public:
  /// \brief A leaf holding `value`; `requires_grad` makes it a parameter
  /// whose gradient `backward()` fills in.
  explicit Variable(const Tensor& value, bool requires_grad = false);
  /// \brief The current value.
  const Tensor& value() const;
  /// \brief The accumulated gradient, the shape of value().
  /// \throws AutogradError when there is none (see has_grad()).
  const Tensor& grad() const;
  /// \brief Whether gradients flow to or through this Variable.
  bool requires_grad() const;
  /// \brief The node that produced it, or null for a leaf.
  std::shared_ptr<Node> grad_fn() const;
  /// \brief Which output of grad_fn() this Variable is.
  std::size_t output_nr() const;
  /// \brief Backpropagates from this scalar: `loss.backward()`.
  /// \throws AutogradError when it has more than one element or does not
  ///         require grad (PyTorch's messages).
  void backward() const;
  // ... and the rest of torch.Tensor's autograd surface, below.
  // [variable-class]

  /// \brief A leaf that takes `value` over without copying it:
  /// `Variable(std::move(t))`.
  explicit Variable(Tensor&& value, bool requires_grad = false);
  /// \brief An undefined Variable (like an undefined `at::Tensor`).
  Variable() = default;
  /// \brief False for a default-constructed Variable.
  bool defined() const { return impl_ != nullptr; }
  /// \brief Raw write access to the value (PyTorch's `.data`): changes made
  /// here are *not* seen by the version counter; prefer sub_()/copy_().
  Tensor& value();
  /// \brief The value's shape.
  const Shape& shape() const;

  /// \brief Whether a gradient has been accumulated (`x.grad is not None`).
  bool has_grad() const;
  /// \brief Sets the gradient to zeros (PyTorch 1.13's
  /// `optimizer.zero_grad()` default); no-op when there is none.
  void zero_grad();
  /// \brief Drops the gradient (`x.grad = None`).
  void reset_grad();

  /// \brief `requires_grad_()`. A leaf frozen after a graph was built gets
  /// no gradient from it; on a non-leaf, `true` is a no-op.
  /// \throws AutogradError for `false` on a non-leaf, with PyTorch's
  ///         message.
  void set_requires_grad(bool requires_grad);
  /// \brief True when the user created it (no `grad_fn`).
  bool is_leaf() const;

  /// \brief The vector–Jacobian product with `gradient` (same shape):
  /// `y.backward(gradient, retain_graph=...)`.
  /// \param gradient      \f$\partial L/\partial y\f$, the shape of value()
  /// \param retain_graph  keep saved values for another backward
  void backward(const Tensor& gradient, bool retain_graph = false) const;

  /// \brief A new leaf sharing nothing with the graph (`x.detach()`; the
  /// value is copied, since our tensors own their storage).
  Variable detach() const;

  /// \brief How many in-place changes the value has seen; a saved input
  /// whose version moved makes backward fail (PyTorch's version counter).
  std::uint64_t version() const;
  /// \brief In place `value −= alpha·other` (what SGD does); counts as a
  /// modification. Refused on a leaf that requires grad while grad mode is
  /// on, as in PyTorch.
  void sub_(const Tensor& other, double alpha = 1.0);
  /// \brief In place `value += alpha·other` with one rounding per element
  /// (`std::fma`), as PyTorch's CPU `add_(other, alpha=alpha)`; `other`
  /// has the value's shape. Counts as a modification, with the same rule
  /// as sub_(); on a computed Variable only under NoGradGuard.
  /// \throws ShapeError when the shapes differ; AutogradError on a leaf
  ///         that requires grad, or a computed Variable, with grad mode on.
  void add_(const Tensor& other, double alpha = 1.0);
  /// \brief In place `value = other` (same shape); counts as a
  /// modification, with the same rule as sub_(). With grad mode on, a
  /// computed Variable's history is replaced, as by PyTorch's
  /// `CopyBackwards`: what it was computed from then gets zero gradient.
  void copy_(const Tensor& other);

  /// \brief A label for graph pictures (to_dot()); empty by default.
  const std::string& name() const;
  /// \brief Sets the label shown by to_dot(); returns `*this` for chaining.
  Variable& set_name(std::string name);

  /// \brief True when both handles share one node (`a is b` in Python).
  bool same(const Variable& other) const { return impl_ == other.impl_; }
  /// \brief The shared node (for the engine and for Function<T>).
  const std::shared_ptr<detail::VariableImpl>& impl() const { return impl_; }
  /// \brief Wraps an existing node.
  explicit Variable(std::shared_ptr<detail::VariableImpl> impl)
      : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<detail::VariableImpl> impl_;
};

/// \brief The edge a gradient for `v` must flow into: its `grad_fn` for a
/// result, its AccumulateGrad sink for a leaf that requires grad, or an
/// invalid edge for a constant.
Edge gradient_edge(const Variable& v);

/// \brief Makes `v` the `output_nr`-th output of `fn` (a non-leaf that
/// requires grad).
void set_history(Variable& v, std::shared_ptr<Node> fn, std::size_t output_nr);

}  // namespace blocks::autograd
