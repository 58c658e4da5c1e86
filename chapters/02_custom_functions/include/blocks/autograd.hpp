#pragma once
/// \file
/// \brief A small reverse-mode autograd: `Variable`, the graph's `Node`s,
/// the backward engine, and `Function<T>` for operations with a
/// hand-written backward (PyTorch's `torch.autograd.Function`).

#include <any>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "blocks/tensor.hpp"

namespace blocks::autograd {

class Node;
class Variable;

namespace detail {
struct VariableImpl;
}  // namespace detail

// ---------------------------------------------------------------------------
// Grad mode

/// \brief Whether operations are recorded in the graph right now
/// (`torch.is_grad_enabled()`); true unless a NoGradGuard is alive.
bool is_grad_enabled();

/// \brief While alive, nothing is recorded: results do not require grad and
/// have no `grad_fn` (`with torch.no_grad():`). Guards nest; each restores
/// the mode it found.
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  /// \brief Not copyable: one guard, one scope.
  NoGradGuard(const NoGradGuard&) = delete;
  /// \brief Not assignable.
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

/// \brief While alive, operations are recorded again, even inside a
/// NoGradGuard (`with torch.enable_grad():`); it restores the mode it
/// found. Optimizer::step() runs its closure under one.
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  /// \brief Not copyable: one guard, one scope.
  EnableGradGuard(const EnableGradGuard&) = delete;
  /// \brief Not assignable.
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

// ---------------------------------------------------------------------------
// The graph

/// \brief An edge of the backward graph: the gradient produced here flows
/// into input slot `input_nr` of `function`.
struct Edge {
  /// \brief The node that receives the gradient (null: no gradient needed).
  std::shared_ptr<Node> function;
  /// \brief Which of that node's gradient inputs it feeds.
  std::size_t input_nr = 0;
  /// \brief True when the edge leads somewhere.
  bool valid() const { return function != nullptr; }
};

/// \brief A node of the backward graph (PyTorch's `grad_fn`): it turns the
/// gradients of an operation's outputs into gradients of its inputs.
class Node : public std::enable_shared_from_this<Node> {
 public:
  /// \brief Frees a long chain of nodes without recursing through it.
  virtual ~Node();
  /// \brief The name PyTorch users know, e.g. `"MulBackward"`,
  /// `"LinearFunctionBackward"` or `"AccumulateGrad"`.
  virtual std::string name() const = 0;
  /// \brief How many gradients this node receives: one per output of the
  /// forward operation.
  virtual std::size_t num_inputs() const = 0;
  /// \brief The shape of the gradient expected in input slot `i` (the shape
  /// of forward output `i`).
  virtual Shape input_shape(std::size_t i) const = 0;
  /// \brief Computes one gradient per outgoing edge from one gradient per
  /// forward output (the engine calls this; entries for invalid edges are
  /// ignored).
  virtual std::vector<Tensor> apply(const std::vector<Tensor>& grads) = 0;
  /// \brief Frees what was saved for backward (after a backward without
  /// `retain_graph`).
  virtual void release() {}
  /// \brief Where the input gradients go, one edge per forward input.
  const std::vector<Edge>& next_edges() const { return next_edges_; }
  /// \brief Creation order; later nodes run first when several are ready.
  std::uint64_t sequence_nr() const { return sequence_nr_; }

  /// \brief The engine's bookkeeping, kept on the node so that a backward
  /// pass needs no hash map: which walk reached the node last, and the
  /// node's position in that walk's order.
  struct WalkMark {
    std::uint64_t walk = 0;    ///< the id of the walk (0: none yet)
    std::size_t position = 0;  ///< where the node stands in its order
  };
  /// \brief The mark the engine reads and writes (nothing else uses it).
  WalkMark& walk_mark() { return walk_mark_; }

 protected:
  Node();
  /// \brief The edges, set once by whoever builds the node.
  std::vector<Edge> next_edges_;

 private:
  std::uint64_t sequence_nr_;
  WalkMark walk_mark_;
};

/// \brief The sink behind a leaf that requires grad: it adds the incoming
/// gradient into the leaf's `grad()` (PyTorch's `AccumulateGrad`).
class AccumulateGrad final : public Node {
 public:
  /// \brief The sink for `variable`, which must be a leaf.
  explicit AccumulateGrad(std::shared_ptr<detail::VariableImpl> variable);
  std::string name() const override { return "AccumulateGrad"; }
  std::size_t num_inputs() const override { return 1; }
  Shape input_shape(std::size_t i) const override;
  std::vector<Tensor> apply(const std::vector<Tensor>& grads) override;
  /// \brief The leaf this sink feeds.
  Variable variable() const;

 private:
  std::shared_ptr<detail::VariableImpl> variable_;
};

// ---------------------------------------------------------------------------
// Variable

// [variable-class]
/// \brief A tensor that remembers how it was computed: a cheap handle to a
/// shared node, so copies alias the same value and gradient, as Python
/// names alias one `torch.Tensor`.
class Variable {
 public:
  /// \brief An undefined Variable (like an undefined `at::Tensor`).
  Variable() = default;
  /// \brief A leaf holding `value`; `requires_grad` makes it a parameter
  /// whose gradient `backward()` fills in.
  explicit Variable(Tensor value, bool requires_grad = false);

  /// \brief False for a default-constructed Variable.
  bool defined() const { return impl_ != nullptr; }
  /// \brief The current value.
  const Tensor& value() const;
  /// \brief Raw write access to the value (PyTorch's `.data`): changes made
  /// here are *not* seen by the version counter; prefer sub_()/copy_().
  Tensor& value();
  /// \brief The value's shape.
  const Shape& shape() const;

  /// \brief The accumulated gradient, the shape of value().
  /// \throws AutogradError when there is none (see has_grad()).
  const Tensor& grad() const;
  /// \brief Whether a gradient has been accumulated (`x.grad is not None`).
  bool has_grad() const;
  /// \brief Sets the gradient to zeros (PyTorch 1.13's
  /// `optimizer.zero_grad()` default); no-op when there is none.
  void zero_grad();
  /// \brief Drops the gradient (`x.grad = None`).
  void reset_grad();

  /// \brief Whether gradients flow to or through this Variable.
  bool requires_grad() const;
  /// \brief `requires_grad_()`. A leaf frozen after a graph was built gets
  /// no gradient from it; on a non-leaf, `true` is a no-op.
  /// \throws AutogradError for `false` on a non-leaf, with PyTorch's
  ///         message.
  void set_requires_grad(bool requires_grad);
  /// \brief True when the user created it (no `grad_fn`).
  bool is_leaf() const;
  /// \brief The node that produced it, or null for a leaf.
  std::shared_ptr<Node> grad_fn() const;
  /// \brief Which output of grad_fn() this Variable is.
  std::size_t output_nr() const;

  /// \brief Backpropagates from this scalar: `loss.backward()`.
  /// \throws AutogradError when it has more than one element or does not
  ///         require grad (PyTorch's messages).
  void backward() const;
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
// [variable-class]

/// \brief The edge a gradient for `v` must flow into: its `grad_fn` for a
/// result, its AccumulateGrad sink for a leaf that requires grad, or an
/// invalid edge for a constant.
Edge gradient_edge(const Variable& v);

/// \brief Makes `v` the `output_nr`-th output of `fn` (a non-leaf that
/// requires grad).
void set_history(Variable& v, std::shared_ptr<Node> fn, std::size_t output_nr);

// ---------------------------------------------------------------------------
// The engine

/// \brief Backpropagates from several roots at once, accumulating into the
/// `grad()` of every leaf reached (`torch.autograd.backward`).
/// \param roots         the outputs to start from
/// \param grad_roots    one gradient per root, each the root's shape
/// \param retain_graph  keep saved values for another backward
void backward(const std::vector<Variable>& roots,
              const std::vector<Tensor>& grad_roots, bool retain_graph = false);

/// \brief Gradients of `outputs` with respect to `inputs`, *without*
/// touching any `grad()` (`torch.autograd.grad`).
/// \param outputs       the roots
/// \param inputs        what to differentiate with respect to (leaves or
///                      intermediate results)
/// \param grad_outputs  one gradient per output (the vector of the
///                      vector–Jacobian product); empty means ones, allowed
///                      only for single-element outputs
/// \param retain_graph  keep saved values for another call
/// \param allow_unused  return zeros for an input the outputs do not depend
///                      on, instead of throwing
/// \return one gradient per input, each the input's shape
std::vector<Tensor> grad(const std::vector<Variable>& outputs,
                         const std::vector<Variable>& inputs,
                         const std::vector<Tensor>& grad_outputs = {},
                         bool retain_graph = false, bool allow_unused = false);

/// \brief PyTorch's text for a walk through a freed graph.
extern const char* const kSecondBackwardMessage;

// ---------------------------------------------------------------------------
// Function<T>

/// \brief The placeholder for "no gradient" in a list of gradients: an
/// empty tensor, shape `(0,)` (LibTorch returns an undefined `Tensor()`,
/// Python returns `None`). For an input of shape `(0,)` it reads as that
/// input's (empty) gradient, which changes nothing.
Tensor undefined();

/// \brief True for undefined(): any tensor with no elements.
inline bool is_undefined(const Tensor& t) {
  return t.size() == 0;
}

/// \brief True when `t`, returned as the gradient for something of shape
/// `expected`, means "no gradient": a tensor with no elements and another
/// shape. An empty tensor of shape `expected` is the real gradient of an
/// empty input (PyTorch's `tensor([])`), and is passed on.
inline bool is_undefined(const Tensor& t, const Shape& expected) {
  return t.size() == 0 && t.shape() != expected;
}

/// \brief `grad` summed down to `shape` over broadcast dimensions
/// (`Tensor.sum_to_size`): the adjoint of broadcasting `shape` to
/// `grad.shape()`.
/// \throws ShapeError when `shape` does not broadcast to `grad.shape()`.
Tensor sum_to(const Tensor& grad, const Shape& shape);

// [context-class]
/// \brief What `forward` leaves for `backward` (`ctx` in PyTorch,
/// `AutogradContext` in LibTorch).
class Context {
 public:
  /// \brief Keeps tensors for backward, like `ctx.save_for_backward(a, b)`.
  /// Call at most once. A forward input is kept by reference, as PyTorch
  /// keeps it, and watched by the version counter; any other tensor is
  /// copied.
  template <class... Ts>
  void save_for_backward(Ts&&... tensors) {
    static_assert((std::is_convertible_v<Ts, const Tensor&> && ...),
                  "save_for_backward takes tensors");
    // With no input needing a gradient (under NoGradGuard, say) no node is
    // made and no backward will read them: keep nothing.
    if (!any_input_needs_grad()) return;
    saved_.reserve(saved_.size() + sizeof...(Ts));
    (save_one(static_cast<const Tensor&>(tensors)), ...);
    saved_any_ = true;
  }
  /// \brief Copies of the saved tensors, in order (`ctx.saved_tensors`).
  /// \throws AutogradError once freed by a backward without retain_graph.
  std::vector<Tensor> saved() const;
  /// \brief The `i`-th saved tensor (no copy).
  /// \throws AutogradError once freed by a backward without retain_graph.
  const Tensor& saved(std::size_t i) const;
  /// \brief Whether forward argument `i` (counting every argument, as in
  /// Python) needs a gradient: false for non-tensors and constants.
  bool needs_input_grad(std::size_t i) const;
  /// \brief Non-tensor state for backward (LibTorch's `saved_data`), e.g.
  /// `ctx.saved_data["k"] = 3.0`, read with `std::any_cast<double>`.
  std::map<std::string, std::any> saved_data;
  // [context-class]

  /// \brief Frees the saved tensors (the engine calls it).
  void release();
  /// \brief Throws PyTorch's in-place error if a saved input changed.
  /// \param function  the node's name, for the message
  void check_versions(const std::string& function) const;
  /// \brief Set by Function<T>::apply before forward runs.
  std::vector<bool> needs_input_grad_;
  /// \brief The Variable arguments, by argument position (undefined for
  /// non-tensors), so save_for_backward can recognise inputs.
  std::vector<Variable> inputs_;

 private:
  void save_one(const Tensor& t);
  bool any_input_needs_grad() const;
  // One saved tensor. An input is kept as its Variable (sharing its value,
  // no copy) with the version it had; anything else is copied, since no
  // Variable owns it.
  struct Saved {
    Variable input;
    std::uint64_t version = 0;
    std::optional<Tensor> copy;
  };
  std::vector<Saved> saved_;
  bool saved_any_ = false;
  bool released_ = false;
};

namespace detail {

// The name of a Function: T::name if it declares one, else the type's
// name without namespaces ("LinearFunction").
template <class T, class = void>
struct has_name : std::false_type {};
template <class T>
struct has_name<T, std::void_t<decltype(T::name)>> : std::true_type {};
std::string demangle(const char* mangled);
template <class T>
std::string function_name() {
  if constexpr (has_name<T>::value) {
    return T::name;
  } else {
    return demangle(typeid(T).name());
  }
}
// "<name>Backward", worked out once per Function type: demangling on every
// apply() cost a fifth of a small training step.
template <class T>
const std::string& backward_node_name() {
  static const std::string name = function_name<T>() + "Backward";
  return name;
}

// The node behind a Function<T>'s result: the Context, the inputs' shapes,
// and the checks on what T::backward returns.
class FunctionNode : public Node {
 public:
  using Backward = std::vector<Tensor> (*)(Context&,
                                           const std::vector<Tensor>&);
  // `name` must outlive the node: it is backward_node_name<T>()'s static,
  // so no node copies it.
  FunctionNode(const std::string& name, Backward backward);
  std::string name() const override { return *name_; }
  std::size_t num_inputs() const override { return output_shapes_.size(); }
  Shape input_shape(std::size_t i) const override;
  std::vector<Tensor> apply(const std::vector<Tensor>& grads) override;
  void release() override { ctx_.release(); }

  // Set up by wire().
  Context ctx_;
  std::vector<bool> is_variable_;
  std::vector<Shape> input_shapes_;
  std::vector<Shape> output_shapes_;
  void set_edges(std::vector<Edge> edges) { next_edges_ = std::move(edges); }

 private:
  const std::string* name_;
  Backward backward_;
};

// Lets forward take either `const Tensor&` or `const Variable&` for a
// Variable argument.
struct ArgView {
  const Variable& v;
  operator const Tensor&() const { return v.value(); }
  operator const Variable&() const { return v; }
};

template <class A>
decltype(auto) unwrap(A&& a) {
  if constexpr (std::is_same_v<std::decay_t<A>, Variable>) {
    return ArgView{a};
  } else {
    return std::forward<A>(a);
  }
}

template <class A>
bool requires_grad(const A& a) {
  if constexpr (std::is_same_v<std::decay_t<A>, Variable>) {
    return a.requires_grad();
  } else {
    return false;
  }
}

template <class A>
Variable as_variable(const A& a) {
  if constexpr (std::is_same_v<std::decay_t<A>, Variable>) {
    return a;
  } else {
    return Variable();
  }
}

// After forward, when recording: connects the `count` wrapped outputs at
// `results` to a FunctionNode owning ctx.
void wire(Context&& ctx, Variable* results, std::size_t count,
          const std::string& name, FunctionNode::Backward backward);

// The Context of a recorded call: which arguments need a gradient, and
// the Variable arguments themselves.
Context make_context(std::initializer_list<Variable> args);

// A result whose value `make(forward)` builds in place, inside the new
// Variable: returning a Tensor and moving it in would copy its shape and
// strides, which costs as much as adding two small tensors.
Variable make_result(Tensor (*make)(void*), void* forward);
template <class F>
Tensor call_forward(void* forward) {
  return (*static_cast<F*>(forward))();
}

}  // namespace detail

// [function-apply]
/// \brief Base for an operation with a hand-written backward, in the shape
/// of LibTorch's `torch::autograd::Function<T>`. `T` provides
/// `static Tensor forward(Context&, args...)` (or returning
/// `std::vector<Tensor>` for several outputs) and
/// `static std::vector<Tensor> backward(Context&, const
/// std::vector<Tensor>& grad_outputs)` returning one gradient per forward
/// argument (undefined() where there is none).
template <class T>
struct Function {
  /// \brief Runs `T::forward` with grad mode off, then records a node whose
  /// backward is `T::backward` (`MyFn.apply(...)`). Variable arguments
  /// reach forward as `const Tensor&` (or `const Variable&`); any other
  /// argument is passed through unchanged.
  /// \return the output: a Variable, or a `std::vector<Variable>` when
  ///         forward returns several tensors
  template <class... Args>
  static auto apply(Args&&... args) {
    // Recorded only with grad mode on and an input that requires grad.
    // Otherwise (under NoGradGuard, or on constants) the Context stays
    // empty, every needs_input_grad(i) is false, and no node is made: the
    // whole cost of the bookkeeping is this test.
    const bool record =
        is_grad_enabled() && (detail::requires_grad(args) || ...);
    Context ctx = record ? detail::make_context({detail::as_variable(args)...})
                         : Context();
    using Out = decltype(T::forward(ctx, detail::unwrap(args)...));
    const std::string& name = detail::backward_node_name<T>();
    if constexpr (std::is_same_v<Out, std::vector<Tensor>>) {
      std::vector<Variable> results;
      {
        NoGradGuard no_grad;  // forward's own operations are not recorded
        for (Tensor& t : T::forward(ctx, detail::unwrap(args)...)) {
          results.emplace_back(std::move(t), false);
        }
      }
      if (record) {
        detail::wire(std::move(ctx), results.data(), results.size(), name,
                     &T::backward);
      }
      return results;
    } else {
      // One output, the common case: made in place, no vector in between.
      auto run_forward = [&]() -> Tensor {
        NoGradGuard no_grad;
        return T::forward(ctx, detail::unwrap(args)...);
      };
      Variable result = detail::make_result(
          &detail::call_forward<decltype(run_forward)>, &run_forward);
      if (record) detail::wire(std::move(ctx), &result, 1, name, &T::backward);
      return result;
    }
  }
};
// [function-apply]

}  // namespace blocks::autograd
