#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <optional>

#include <xtensor/xmanipulation.hpp>
#include <xtensor/xreducer.hpp>

#include "blocks/autograd/function.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/detail/same_shape.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "thread_spares.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

namespace {
// Whether `shape` broadcasts to exactly `target` (no exception).
bool broadcasts_to(const Shape& shape, const Shape& target) {
  if (shape.size() > target.size()) return false;
  const std::size_t lead = target.size() - shape.size();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] != 1 && shape[i] != target[lead + i]) return false;
  }
  return true;
}
}  // namespace

Tensor sum_to(const Tensor& grad, const Shape& shape) {
  if (grad.shape() == shape) {
    return grad;
  }
  if (!broadcasts_to(shape, grad.shape())) {
    throw ShapeError("sum_to: shape " + shape_string(shape) +
                     " does not broadcast to " + shape_string(grad.shape()));
  }
  // Broadcasting copied the input along the leading dimensions it lacked
  // and along its extent-1 dimensions; the adjoint adds those copies up.
  const std::size_t lead = grad.dimension() - shape.size();
  std::vector<std::size_t> axes(lead);
  std::iota(axes.begin(), axes.end(), std::size_t{0});
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && grad.shape(lead + i) != 1) {
      axes.push_back(lead + i);
    }
  }
  if (axes.size() == 1 && grad.size() == grad.shape(axes[0])) {
    // One axis summed into one number (a bias's gradient): the reducer's
    // own order, 0 plus each element in turn, without its set-up.
    double total = 0.0;
    for (const double v : grad) total = total + v;
    return Tensor(shape, total);
  }
  Tensor summed = xt::sum(grad, axes, xt::keep_dims);
  return xt::reshape_view(summed, shape);
}

namespace detail {

std::string demangle(const char* mangled) {
  int status = 0;
  char* plain = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && plain ? plain : mangled;
  std::free(plain);
  const auto colon = name.rfind("::");
  return colon == std::string::npos ? name : name.substr(colon + 2);
}

Context make_context(std::initializer_list<const Variable*> args) {
  Context ctx;
  ctx.needs_input_grad_.reserve(args.size());
  for (const Variable* a : args) {
    const VariableImpl* impl = a ? a->impl().get() : nullptr;
    ctx.needs_input_grad_.push_back(impl && impl->requires_grad ? 1 : 0);
  }
  ctx.inputs_.assign(args.begin(), args.end());
  return ctx;
}

FunctionNode::FunctionNode(const std::string& name, Backward backward,
                           Context&& ctx)
    : ctx_(std::move(ctx)), name_(&name), backward_(backward) {}

// [function-node-apply]
std::vector<std::optional<Tensor>> FunctionNode::apply(
    std::vector<std::optional<Tensor>>&& grads) {
  ctx_.check_versions(*name_);  // a saved input changed in place: throw
  return checked(backward_(ctx_, with_zeros_for_missing(std::move(grads))));
}

// What backward returned, checked and fitted to the forward's arguments.
std::vector<std::optional<Tensor>> FunctionNode::checked(
    std::vector<std::optional<Tensor>> out) const {
  check_gradient_count(out);
  out.resize(input_shapes_.size());  // drop tolerated trailing nullopts
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i]) fit_to_input(i, *out[i]);
  }
  return out;
}
// [function-node-apply]

namespace {
// After a backward, keeps a vector of small gradients as it is: the next
// node that gets gradients of the same shapes takes each one over by
// swapping elements (see fill_with_zeros_for_missing). A vector whose
// tensors are large together is emptied first, so a thread does not hold
// their memory; false for one too long to keep.
bool tidy_grad_outputs(std::vector<Tensor>& grad_outputs) {
  constexpr std::size_t kKeptOutputs = 16;
  constexpr std::size_t kKeptElements = 1024;
  std::size_t elements = 0;
  for (const Tensor& t : grad_outputs) elements += t.size();
  if (elements > kKeptElements) grad_outputs.clear();
  return grad_outputs.capacity() <= kKeptOutputs;
}
// The vector a backward reads, this thread's spare one: a new vector per
// node cost a malloc and a free, some 250 instructions. Keyed by the
// backward function, so that each finds the tensors its own last run
// left, of the right shapes: a gradient then comes in by a swap of
// element storage, not a move.
using GradOutputsLease = SpareLease<std::vector<Tensor>, tidy_grad_outputs>;
}  // namespace

std::vector<std::optional<Tensor>> FunctionNode::apply_from(
    Tensor* const* grads, std::size_t count) {
  ctx_.check_versions(*name_);
  GradOutputsLease grad_outputs(reinterpret_cast<const void*>(backward_));
  fill_with_zeros_for_missing(grads, count, *grad_outputs);
  return checked(backward_(ctx_, *grad_outputs));
}

// Backward gets a tensor for every output: zeros for one no gradient
// reached, as a Python custom Function gets them (`ctx.set_materialize_grads`,
// on by default). PyTorch's built-in nodes see an undefined tensor instead.
std::vector<Tensor> FunctionNode::with_zeros_for_missing(
    std::vector<std::optional<Tensor>>&& grads) const {
  blocks::detail::RecycledVector<Tensor*> present(grads.size(), nullptr);
  for (std::size_t k = 0; k < grads.size(); ++k) {
    if (grads[k]) present[k] = &*grads[k];
  }
  std::vector<Tensor> grad_outputs;
  fill_with_zeros_for_missing(present.data(), present.size(), grad_outputs);
  return grad_outputs;
}

void FunctionNode::fill_with_zeros_for_missing(
    Tensor* const* grads, std::size_t count,
    std::vector<Tensor>& grad_outputs) const {
  if (grad_outputs.size() > count) {
    grad_outputs.erase(grad_outputs.begin() + count, grad_outputs.end());
  }
  grad_outputs.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    Tensor* gradient = grads[k];
    if (k == grad_outputs.size()) {  // no tensor left from before: add one
      if (gradient) {
        grad_outputs.push_back(std::move(*gradient));
      } else {
        grad_outputs.emplace_back(output_shapes_[k].shape(), 0.0);
      }
    } else if (!gradient) {
      grad_outputs[k] = Tensor(output_shapes_[k].shape(), 0.0);
    } else if (blocks::detail::same_shape(grad_outputs[k].shape(),
                                          gradient->shape())) {
      // The previous backward's tensor takes the gradient over by swapping
      // element storage, two pointers, where moving a Tensor costs some
      // 180 instructions; the spent gradient gets the stale elements.
      grad_outputs[k].storage().swap(gradient->storage());
    } else {
      grad_outputs[k] = std::move(*gradient);
    }
  }
}

// Python's rule: one entry per forward argument; extra trailing entries
// are tolerated only when they are all None (std::nullopt).
void FunctionNode::check_gradient_count(
    const std::vector<std::optional<Tensor>>& out) const {
  const std::size_t expected = input_shapes_.size();
  bool count_ok = out.size() >= expected;
  for (std::size_t i = expected; count_ok && i < out.size(); ++i) {
    count_ok = !out[i].has_value();
  }
  if (!count_ok) {
    throw AutogradError("function " + *name_ +
                        " returned an incorrect number of gradients "
                        "(expected " +
                        std::to_string(expected) + ", got " +
                        std::to_string(out.size()) + ")");
  }
}

// Checks the gradient for argument i: only a Variable argument may have
// one, and it must be the input's shape or broadcast from it, in which
// case it is summed down in place, as PyTorch does. One of the right
// shape is left where it is (moving a tensor costs more than adding two
// small ones).
void FunctionNode::fit_to_input(std::size_t i, Tensor& g) const {
  if (!input_shapes_[i].has_value()) {
    throw AutogradError("function " + *name_ +
                        " returned a gradient different than None "
                        "at position " +
                        std::to_string(i + 1) +
                        ", but the "
                        "corresponding forward input was not a Variable");
  }
  if (blocks::detail::same_shape(g.shape(), input_shapes_[i])) return;
  const Shape shape = input_shapes_[i].shape();
  if (!broadcasts_to(shape, g.shape())) {
    throw ShapeError("Function " + *name_ +
                     " returned an invalid gradient "
                     "at index " +
                     std::to_string(i) + " - got " + shape_string(g.shape()) +
                     " but expected shape compatible with " +
                     shape_string(shape));
  }
  g = sum_to(g, shape);
}

void wire(Context&& ctx, Variable* results, std::size_t count,
          const std::string& name, FunctionNode::Backward backward) {
  auto node = std::allocate_shared<FunctionNode>(
      blocks::detail::RecyclingAllocator<FunctionNode>(), name, backward,
      std::move(ctx));
  // Sized once: a node is built for every operation of every step.
  auto& inputs = node->ctx_.inputs_;
  node->input_shapes_.reserve(inputs.size());
  for (const Variable* input : inputs) {
    if (input && input->defined()) {
      node->input_shapes_.emplace_back(input->impl()->value.shape());
      node->add_edge(edge_to(input->impl()));
    } else {
      node->input_shapes_.emplace_back();
      node->add_edge({});
    }
  }
  node->output_shapes_.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    node->output_shapes_.emplace_back(results[k].impl()->value.shape());
  }
  inputs.clear();  // apply()'s arguments: gone once it returns
  for (std::size_t k = 0; k < count; ++k) {
    record_history(*results[k].impl(), node, k);
  }
}

}  // namespace detail
}  // namespace blocks::autograd
