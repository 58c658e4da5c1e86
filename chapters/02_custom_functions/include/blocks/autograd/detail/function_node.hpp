#pragma once
/// \file
/// \brief The glue between `Function<T>` and the graph: the node that runs
/// `T::backward`, and how `apply()` wires its results to it. Nothing here
/// is meant to be called by user code.

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <vector>

#include "blocks/autograd/context.hpp"
#include "blocks/autograd/detail/kept_shape.hpp"
#include "blocks/autograd/graph.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

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
  using Backward = std::vector<std::optional<Tensor>> (*)(
      Context&, const std::vector<Tensor>&);
  // `name` must outlive the node: it is backward_node_name<T>()'s static,
  // so no node copies it. The Context is moved in as the node is built:
  // building an empty one and assigning over it cost twice.
  FunctionNode(const std::string& name, Backward backward, Context&& ctx);
  std::string name() const override { return *name_; }
  std::size_t num_inputs() const override { return output_shapes_.size(); }
  std::vector<std::optional<Tensor>> apply(
      std::vector<std::optional<Tensor>>&& grads) override;
  // apply() with each gradient moved straight from where the engine keeps
  // it into the vector backward reads.
  std::vector<std::optional<Tensor>> apply_from(Tensor* const* grads,
                                                std::size_t count) override;
  void release() override { ctx_.release(); }

  // Set up by wire().
  Context ctx_;
  // Each argument's shape; none for an argument that is not a Variable.
  blocks::detail::SmallVector<KeptShape, 3> input_shapes_;
  blocks::detail::SmallVector<KeptShape, 1> output_shapes_;
  // Built in place, one per argument, in order.
  void add_edge(Edge edge) { next_edges_.push_back(std::move(edge)); }

 private:
  std::vector<Tensor> with_zeros_for_missing(
      std::vector<std::optional<Tensor>>&& grads) const;
  // The same, into `grad_outputs`, from the gradients `grads` points to
  // (null: none reached that output).
  void fill_with_zeros_for_missing(Tensor* const* grads, std::size_t count,
                                   std::vector<Tensor>& grad_outputs) const;
  std::vector<std::optional<Tensor>> checked(
      std::vector<std::optional<Tensor>> out) const;
  void check_gradient_count(
      const std::vector<std::optional<Tensor>>& out) const;
  void fit_to_input(std::size_t i, Tensor& g) const;

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

// The argument itself if it is a Variable, else null: the Context points
// to its Variable arguments while apply() runs, instead of copying them.
template <class A>
const Variable* variable_or_null(const A& a) {
  if constexpr (std::is_same_v<std::decay_t<A>, Variable>) {
    return &a;
  } else {
    return nullptr;
  }
}

// After forward, when recording: connects the `count` wrapped outputs at
// `results` to a FunctionNode owning ctx.
void wire(Context&& ctx, Variable* results, std::size_t count,
          const std::string& name, FunctionNode::Backward backward);

// The Context of a recorded call: which arguments need a gradient, and
// where the Variable arguments are (null for the others).
Context make_context(std::initializer_list<const Variable*> args);

// A result whose value `make(forward)` builds in place, inside the new
// Variable: returning a Tensor and moving it in would copy its shape and
// strides, which costs as much as adding two small tensors.
Variable make_result(Tensor (*make)(void*), void* forward);
template <class F>
Tensor call_forward(void* forward) {
  return (*static_cast<F*>(forward))();
}

// Runs forward (a callable returning one Tensor or a std::vector of them)
// and wraps what it returns: one Variable, or a vector of Variables.
template <class F>
auto wrap_outputs(F& forward) {
  if constexpr (std::is_same_v<decltype(forward()), std::vector<Tensor>>) {
    std::vector<Variable> results;
    for (Tensor& t : forward()) results.emplace_back(std::move(t), false);
    return results;
  } else {
    return make_result(&call_forward<F>, &forward);
  }
}

// wire() for one output and for several.
inline void wire(Context&& ctx, Variable& result, const std::string& name,
                 FunctionNode::Backward backward) {
  wire(std::move(ctx), &result, 1, name, backward);
}
inline void wire(Context&& ctx, std::vector<Variable>& results,
                 const std::string& name, FunctionNode::Backward backward) {
  wire(std::move(ctx), results.data(), results.size(), name, backward);
}

}  // namespace detail

}  // namespace blocks::autograd
