#pragma once
// What a Variable handle points to. Private to the chapter's sources: the
// engine and Function<T> reach it only through Variable's methods.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "blocks/autograd.hpp"
#include "blocks/detail/recycling_allocator.hpp"

namespace blocks::autograd::detail {

struct VariableImpl {
  // Built around its value: a default Tensor would allocate one element
  // only to be replaced, and a Variable is made for every operation. A
  // value is copied or moved once, straight into place: moving an xarray
  // copies its shape and strides, some 250 instructions.
  VariableImpl(const Tensor& v, bool requires)
      : value(v), requires_grad(requires) {}
  VariableImpl(Tensor&& v, bool requires) noexcept
      : value(std::move(v)), requires_grad(requires) {}
  // A result: the value is built right here (see make_result).
  VariableImpl(Tensor (*make)(void*), void* forward) : value(make(forward)) {}
  Tensor value;
  std::optional<Tensor> grad;
  bool requires_grad = false;
  // Set for results of recorded operations; null for leaves.
  std::shared_ptr<Node> grad_fn;
  std::size_t output_nr = 0;
  // A leaf's sink is created on first use and shared by every graph that
  // uses the leaf. The leaf keeps it, so that a training step does not
  // make and free one per parameter; the sink points back weakly, so
  // there is no cycle.
  std::shared_ptr<AccumulateGrad> grad_accumulator;
  std::uint64_t version = 0;
  std::string name;
};

// gradient_edge() for the handle's impl, inline: wire() asks it for every
// input of every recorded operation, and a call into another file cost
// more than the answer.
inline Edge edge_to(const std::shared_ptr<VariableImpl>& impl) {
  if (!impl || !impl->requires_grad) {
    return {};
  }
  if (impl->grad_fn) {
    return {impl->grad_fn, impl->output_nr};
  }
  if (!impl->grad_accumulator) {
    impl->grad_accumulator = std::allocate_shared<AccumulateGrad>(
        blocks::detail::RecyclingAllocator<AccumulateGrad>(), impl);
  }
  return {impl->grad_accumulator, 0};
}

// set_history()'s work on the result's impl, inline for wire(), which
// sets the history of every result of every recorded operation.
inline void record_history(VariableImpl& result, std::shared_ptr<Node> fn,
                           std::size_t output_nr) {
  result.grad_fn = std::move(fn);
  result.output_nr = output_nr;
  result.requires_grad = true;
}

}  // namespace blocks::autograd::detail
