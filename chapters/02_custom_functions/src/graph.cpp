#include <sys/single_threaded.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "add_into.hpp"
#include "blocks/autograd/detail/small_vector.hpp"
#include "blocks/autograd/graph.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

namespace {
// Per thread, as PyTorch counts them (at::sequence_number is thread-local):
// a shared atomic counter cost a locked add, some 20 cycles, per node.
thread_local std::uint64_t next_sequence_nr = 0;
}  // namespace

Node::Node() : sequence_nr_(next_sequence_nr++) {}

Node::~Node() {
  // Destroying a node would destroy its inputs' nodes, recursively: a graph
  // of 100 000 operations would overflow the stack. Unlink the nodes we
  // hold the last reference to and release them one at a time instead
  // (the others outlive us: there is nothing to unlink, nor to allocate).
  // A node with no edges of its own (a leaf's AccumulateGrad) ends no
  // chain: it is freed on the spot, and a training step's graph, whose
  // chains are short, seldom needs the list at all. The list keeps its
  // first entries inline: even a block from the per-thread caches cost
  // more than the unlinking.
  blocks::detail::SmallVector<std::shared_ptr<Node>, 4> doomed;
  auto unlink_last_owned = [&doomed](EdgeList& edges) {
    for (auto& e : edges) {
      if (!e.function || e.function.use_count() != 1) continue;
      if (e.function->next_edges_.empty()) {
        e.function.reset();
      } else {
        doomed.push_back(std::move(e.function));
      }
    }
  };
  unlink_last_owned(next_edges_);
  while (!doomed.empty()) {
    std::shared_ptr<Node> node = std::move(doomed.back());
    doomed.pop_back();
    unlink_last_owned(node->next_edges_);
  }
}

std::vector<std::optional<Tensor>> Node::apply_from(Tensor* const* grads,
                                                    std::size_t count) {
  std::vector<std::optional<Tensor>> moved(count);
  for (std::size_t k = 0; k < count; ++k) {
    if (grads[k]) moved[k].emplace(std::move(*grads[k]));
  }
  return apply(std::move(moved));
}

AccumulateGrad::AccumulateGrad(
    const std::shared_ptr<detail::VariableImpl>& variable)
    : variable_(variable), leaf_(variable.get()) {}

std::vector<std::optional<Tensor>> AccumulateGrad::apply(
    std::vector<std::optional<Tensor>>&& grads) {
  return accumulate(grads.at(0) ? &*grads.at(0) : nullptr);
}

std::vector<std::optional<Tensor>> AccumulateGrad::apply_from(
    Tensor* const* grads, std::size_t count) {
  return accumulate(count > 0 ? grads[0] : nullptr);
}

std::vector<std::optional<Tensor>> AccumulateGrad::accumulate(
    Tensor* gradient) {
  // A leaf frozen after the graph was built gets nothing, as in PyTorch;
  // nor does one whose gradient is absent (an empty one is added), nor one
  // already freed: no one can read its grad() any more.
  // weak_ptr::lock() takes its reference by an atomic compare-and-swap
  // even in a program with one thread (some 20 cycles, twice a training
  // step). With one thread, nothing can free the leaf while we add into
  // it: seeing that it has not expired is enough.
  std::shared_ptr<detail::VariableImpl> locked;
  detail::VariableImpl* leaf = nullptr;
  if (__libc_single_threaded) {
    if (!variable_.expired()) leaf = leaf_;
  } else {
    locked = variable_.lock();
    leaf = locked.get();
  }
  if (!leaf || !leaf->requires_grad || !gradient) return {};
  // Accumulate, never overwrite: this is what makes fan-out and repeated
  // backward calls add up, and why training loops call zero_grad().
  if (leaf->grad) {
    detail::add_into(*leaf->grad, *gradient);
  } else {
    leaf->grad = std::move(*gradient);
  }
  return {};
}

Variable AccumulateGrad::variable() const {
  return Variable(variable_.lock());
}

}  // namespace blocks::autograd
