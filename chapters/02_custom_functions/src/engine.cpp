#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "add_into.hpp"
#include "blocks/autograd/detail/spare_gradients.hpp"
#include "blocks/autograd/engine.hpp"
#include "blocks/autograd/grad_mode.hpp"
#include "blocks/autograd/graph.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "thread_spares.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

const char* const kSecondBackwardMessage =
    "Trying to backward through the graph a second time (or directly access "
    "saved tensors after they have already been freed). Saved intermediate "
    "values of the graph are freed when you call .backward() or "
    "autograd.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or if you need to access saved tensors "
    "after calling backward.";

namespace {

// Every walk has its own id, so a mark left by an earlier walk never reads
// as "seen" in a later one, whichever thread made either walk. A thread
// takes its ids from the shared counter a million at a time: a locked add
// per walk cost some 20 cycles, more than a small walk's bookkeeping.
std::uint64_t new_walk_id() {
  constexpr std::uint64_t kIdsPerTake = std::uint64_t{1} << 20;
  static std::atomic<std::uint64_t> next_free{1};  // 0 means "no walk"
  thread_local std::uint64_t next = 0, end = 0;
  if (next == end) {
    next = next_free.fetch_add(kIdsPerTake);
    end = next + kIdsPerTake;
  }
  return next++;
}

using Buffer = std::vector<std::optional<Tensor>>;
// A node's gradient slots, one per input: where the gradient that reached
// it lies (in a node's output or among the roots' gradients), or null.
// Moving a small tensor into a slot cost as much as making it.
using Slots = std::vector<Tensor*>;
// Roots and captured edges, in storage from the block caches.
using Edges = blocks::detail::RecycledVector<Edge>;

// The vectors one walk needs. They are kept from one backward to the next
// (WalkScratchLease), so a training step, whose walk has the same size
// every time, does not allocate them again, nor each node's gradient
// slots. One that grew past kKeptNodes (a walk down a long chain) is
// freed instead, so a thread does not hold its memory.
struct WalkScratch {
  std::vector<Node*> order;
  std::vector<std::pair<Node*, std::size_t>> stack;  // node, next edge
  // One per node, at its position in order; emptied after a walk, their
  // storage kept up to kKeptSlots (never fewer than the walk has nodes).
  std::vector<Slots> slots;
  // What each node's apply returned, at its position in order: the slots
  // point into them, so they live until the walk ends.
  std::vector<Buffer> outputs;
  // The roots' gradients, kept with their tensors when small: a training
  // step's loss gets the same scalar of ones, refilled, every time.
  std::vector<Tensor> root_grads;
};

// Nodes whose order a kept WalkScratch may hold; one grown past it (a walk
// down a long chain) is freed instead.
constexpr std::size_t kKeptNodes = 4096;
// Nodes whose gradient slots keep their storage: a training step's few,
// not a long chain's thousands.
constexpr std::size_t kKeptSlots = 256;
// Root gradients kept with their tensors: a loss's one number, not a
// large gradient given to backward().
constexpr std::size_t kKeptRootElements = 64;

// Empties a WalkScratch after its walk, its capacity kept; false when it
// grew too large to keep.
bool tidy_walk_scratch(WalkScratch& scratch) {
  if (scratch.order.capacity() > kKeptNodes) return false;
  scratch.order.clear();
  scratch.stack.clear();
  // The vectors and their small gradients serve the next walk's backwards
  // (spare_gradients), given back last node first: the store hands out
  // the last one given, so a training step, whose walk is the same every
  // time, gives each node the vector, and tensors, of its own last run.
  for (auto spent = scratch.outputs.rbegin(); spent != scratch.outputs.rend();
       ++spent) {
    detail::give_back_gradients(std::move(*spent));
  }
  scratch.outputs.clear();
  if (scratch.slots.size() > kKeptSlots) {
    scratch.slots.clear();
  } else {
    for (Slots& slots : scratch.slots) slots.clear();
  }
  std::size_t root_elements = 0;
  for (const Tensor& g : scratch.root_grads) {
    root_elements += g.storage().size();
  }
  if (root_elements > kKeptRootElements) scratch.root_grads.clear();
  return true;
}

// A WalkScratch of this thread's, for one walk.
using WalkScratchLease = detail::SpareLease<WalkScratch, tidy_walk_scratch>;

// Every node reachable from the roots, parents before children, into
// `order`: the reverse of a depth-first post-order. Iterative, so a long
// chain of operations cannot overflow the call stack. "Seen" is a mark on
// the node rather than a hash set: a training step walks a handful of
// nodes, and hashing them cost more than the walk. At the end each node
// also learns its position, which indexes its gradient slots below.
// [topological-order]
void topological_order(const Edges& roots, WalkScratch& scratch) {
  const std::uint64_t walk = new_walk_id();
  auto first_visit = [walk](Node* node) {
    if (!node || node->walk_mark().walk == walk) return false;
    node->walk_mark().walk = walk;
    return true;
  };
  std::vector<Node*>& post_order = scratch.order;
  auto& stack = scratch.stack;
  for (const auto& root : roots) {
    if (!first_visit(root.function.get())) continue;
    stack.push_back({root.function.get(), 0});
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& edges = node->next_edges();
      if (next < edges.size()) {
        Node* child = edges[next++].function.get();
        if (first_visit(child)) stack.push_back({child, 0});
      } else {
        post_order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::reverse(post_order.begin(), post_order.end());
  for (std::size_t i = 0; i < post_order.size(); ++i) {
    post_order[i]->walk_mark().position = i;
  }
}
// [topological-order]

Tensor zeros(const Shape& shape) {
  Tensor t = Tensor::from_shape(shape);
  t.fill(0.0);
  return t;
}

// A gradient reaching a slot stays where it lies; a second one is added
// into the first, in place (both belong to the walk).
void accumulate(Slots& slots, std::size_t slot, Tensor& g) {
  if (slots[slot]) {
    detail::add_into(*slots[slot], g);
  } else {
    slots[slot] = &g;
  }
}

// The one loop behind backward() and grad(). With `captures` set, it
// returns the gradients arriving at those edges instead of accumulating
// into leaves, and runs only the nodes that lead to them.
std::vector<std::optional<Tensor>> run_backward(WalkScratchLease& lease,
                                                const Edges& roots,
                                                bool retain_graph,
                                                const Edges* captures) {
  std::vector<Tensor>& root_grads = (*lease).root_grads;
  topological_order(roots, *lease);
  const std::vector<Node*>& order = (*lease).order;
  // One set of slots per node, at the node's position in `order`; they
  // stay empty until a gradient reaches the node.
  std::vector<Slots>& all_slots = (*lease).slots;
  if (all_slots.size() < order.size()) all_slots.resize(order.size());
  std::vector<Buffer>& outputs = (*lease).outputs;
  outputs.resize(order.size());
  auto slots_of = [&](Node* n) -> Slots& {
    Slots& slots = all_slots[n->walk_mark().position];
    if (slots.empty()) slots.assign(n->num_inputs(), nullptr);
    return slots;
  };
  for (std::size_t r = 0; r < roots.size(); ++r) {
    if (roots[r].valid()) {
      accumulate(slots_of(roots[r].function.get()), roots[r].input_nr,
                 root_grads[r]);
    }
  }
  // In grad() mode, a node runs only if one of its inputs leads to a
  // captured edge (children come later in `order`, so walk it backwards).
  std::vector<bool> leads_to_capture(captures ? order.size() : 0);
  if (captures) {
    for (std::size_t i = order.size(); i-- > 0;) {
      for (const auto& e : order[i]->next_edges()) {
        if (!e.valid()) continue;
        const bool target = std::any_of(
            captures->begin(), captures->end(),
            [&](const Edge& c) { return c.function == e.function; });
        if (target || leads_to_capture[e.function->walk_mark().position]) {
          leads_to_capture[i] = true;
        }
      }
    }
  }
  std::vector<std::optional<Tensor>> captured(captures ? captures->size() : 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    Node* node = order[i];
    const Slots& slots = all_slots[i];
    if (slots.empty()) continue;  // no gradient reached it
    for (std::size_t c = 0; c < captured.size(); ++c) {
      const Edge& e = (*captures)[c];
      if (e.function.get() == node && slots[e.input_nr]) {
        captured[c] = *slots[e.input_nr];
      }
    }
    if (captures && !leads_to_capture[i]) continue;
    // A slot no gradient reached stays null: the node decides what that
    // means (a Function's backward gets zeros in its place).
    Buffer& out = outputs[i] = node->apply_from(slots.data(), slots.size());
    if (!retain_graph) node->release();
    const auto& edges = node->next_edges();
    for (std::size_t j = 0; j < edges.size() && j < out.size(); ++j) {
      const Edge& e = edges[j];
      // No gradient is skipped; an empty tensor (an empty input's) is not.
      if (!out[j]) continue;
      if (e.valid()) {
        accumulate(slots_of(e.function.get()), e.input_nr, *out[j]);
      } else {
        out[j].reset();  // nothing will read it: free it now
      }
    }
  }
  return captured;
}

// PyTorch's checks on the roots and their gradients (`_make_grads`), for
// `count` roots and `given_count` given gradients (none: ones), into
// `grads`, one per root. A tensor kept there from an earlier walk of the
// same shape is refilled, not rebuilt: a training step's loss gets the
// same scalar of ones every time.
void root_gradients(const Variable* roots, std::size_t count,
                    const Tensor* given, std::size_t given_count,
                    std::vector<Tensor>& grads) {
  if (given_count != 0 && given_count != count) {
    throw ValueError("backward: " + std::to_string(count) + " outputs but " +
                     std::to_string(given_count) + " gradients");
  }
  if (grads.size() > count) grads.erase(grads.begin() + count, grads.end());
  for (std::size_t i = 0; i < count; ++i) {
    const Variable& root = roots[i];
    if (!root.defined()) {
      throw AutogradError("backward: output " + std::to_string(i) +
                          " is an undefined Variable");
    }
    // The impl itself: Variable's accessors are calls into another file.
    const detail::VariableImpl& impl = *root.impl();
    if (given_count == 0) {
      if (impl.requires_grad && impl.value.size() != 1) {
        throw AutogradError(
            "grad can be implicitly created only for "
            "scalar outputs");
      }
      const Shape& shape = impl.value.shape();
      if (i < grads.size() && detail::holds_extents(grads[i], shape)) {
        for (double& v : grads[i].storage()) v = 1.0;
      } else if (i < grads.size()) {
        grads[i] = Tensor(shape, 1.0);
      } else {
        // Made in place: moving a tensor in costs as much as making it.
        grads.emplace_back(shape, 1.0);
      }
    } else {
      if (given[i].shape() != root.shape()) {
        throw ShapeError("Mismatch in shape: grad_output[" + std::to_string(i) +
                         "] has a shape of " + shape_string(given[i].shape()) +
                         " and output[" + std::to_string(i) +
                         "] has a shape of " + shape_string(root.shape()) +
                         ".");
      }
      if (i < grads.size()) {
        grads[i] = given[i];
      } else {
        grads.push_back(given[i]);
      }
    }
    if (!impl.requires_grad) {
      throw AutogradError("element " + std::to_string(i) +
                          " of tensors does not require grad and does not "
                          "have a grad_fn");
    }
  }
}

Edges edges_of(const Variable* vars, std::size_t count) {
  Edges edges;
  edges.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    edges.push_back(detail::edge_to(vars[i].impl()));
  }
  return edges;
}

}  // namespace

void backward(const std::vector<Variable>& roots,
              const std::vector<Tensor>& grad_roots, bool retain_graph) {
  WalkScratchLease lease;
  root_gradients(roots.data(), roots.size(), grad_roots.data(),
                 grad_roots.size(), (*lease).root_grads);
  run_backward(lease, edges_of(roots.data(), roots.size()), retain_graph,
               nullptr);
}

namespace detail {

void backward_from(const Variable& root, const Tensor* gradient,
                   bool retain_graph) {
  WalkScratchLease lease;
  root_gradients(&root, 1, gradient, gradient ? 1 : 0, (*lease).root_grads);
  run_backward(lease, edges_of(&root, 1), retain_graph, nullptr);
}

}  // namespace detail

std::vector<Tensor> grad(const std::vector<Variable>& outputs,
                         const std::vector<Variable>& inputs,
                         const std::vector<Tensor>& grad_outputs,
                         bool retain_graph, bool allow_unused) {
  WalkScratchLease lease;
  root_gradients(outputs.data(), outputs.size(), grad_outputs.data(),
                 grad_outputs.size(), (*lease).root_grads);
  Edges targets;
  for (const auto& input : inputs) {
    if (!input.requires_grad()) {
      throw AutogradError(
          "One of the differentiated Tensors does not "
          "require grad");
    }
    targets.push_back(gradient_edge(input));
  }
  auto captured = run_backward(lease, edges_of(outputs.data(), outputs.size()),
                               retain_graph, &targets);
  std::vector<Tensor> result;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (captured[i]) {
      result.push_back(std::move(*captured[i]));
    } else if (allow_unused) {
      result.push_back(zeros(inputs[i].shape()));
    } else {
      throw AutogradError(
          "One of the differentiated Tensors appears to not "
          "have been used in the graph. Set "
          "allow_unused=True if this is the desired "
          "behavior.");
    }
  }
  return result;
}

}  // namespace blocks::autograd
