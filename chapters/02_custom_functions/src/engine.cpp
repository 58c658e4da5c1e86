#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "blocks/autograd.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

namespace {

// Every node reachable from the roots, parents before children: the
// reverse of a depth-first post-order. Iterative, so a long chain of
// operations cannot overflow the call stack.
// [topological-order]
std::vector<Node*> topological_order(const std::vector<Edge>& roots) {
  std::vector<Node*> post_order;
  std::unordered_set<Node*> seen;
  std::vector<std::pair<Node*, std::size_t>> stack;  // node, next edge
  for (const auto& root : roots) {
    if (!root.valid() || !seen.insert(root.function.get()).second) continue;
    stack.push_back({root.function.get(), 0});
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      const auto& edges = node->next_edges();
      if (next < edges.size()) {
        Node* child = edges[next++].function.get();
        if (child && seen.insert(child).second) stack.push_back({child, 0});
      } else {
        post_order.push_back(node);
        stack.pop_back();
      }
    }
  }
  std::reverse(post_order.begin(), post_order.end());
  return post_order;
}
// [topological-order]

Tensor zeros(const Shape& shape) {
  Tensor t = Tensor::from_shape(shape);
  t.fill(0.0);
  return t;
}

using Buffer = std::vector<std::optional<Tensor>>;

void accumulate(Buffer& slots, std::size_t slot, const Tensor& g) {
  if (slots[slot]) {
    *slots[slot] += g;
  } else {
    slots[slot] = g;
  }
}

// The one loop behind backward() and grad(). With `captures` set, it
// returns the gradients arriving at those edges instead of accumulating
// into leaves, and runs only the nodes that lead to them.
// [engine-loop]
std::vector<std::optional<Tensor>> run_backward(
    const std::vector<Edge>& roots, const std::vector<Tensor>& root_grads,
    bool retain_graph, const std::vector<Edge>* captures) {
  const auto order = topological_order(roots);
  std::unordered_map<Node*, Buffer> buffers;
  auto buffer_of = [&](Node* n) -> Buffer& {
    auto [it, fresh] = buffers.try_emplace(n);
    if (fresh) it->second.resize(n->num_inputs());
    return it->second;
  };
  for (std::size_t r = 0; r < roots.size(); ++r) {
    if (roots[r].valid()) {
      accumulate(buffer_of(roots[r].function.get()), roots[r].input_nr,
                 root_grads[r]);
    }
  }
  // In grad() mode, a node runs only if one of its inputs leads to a
  // captured edge (children come later in `order`, so walk it backwards).
  std::unordered_set<Node*> leads_to_capture;
  if (captures) {
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      for (const auto& e : (*it)->next_edges()) {
        const bool target = std::any_of(
            captures->begin(), captures->end(),
            [&](const Edge& c) { return c.function == e.function; });
        if (e.valid() && (target || leads_to_capture.count(e.function.get())))
          leads_to_capture.insert(*it);
      }
    }
  }
  std::vector<std::optional<Tensor>> captured(captures ? captures->size() : 0);
  for (Node* node : order) {
    auto found = buffers.find(node);
    if (found == buffers.end()) continue;  // no gradient reached it
    Buffer slots = std::move(found->second);
    buffers.erase(found);
    for (std::size_t c = 0; c < captured.size(); ++c) {
      const Edge& e = (*captures)[c];
      if (e.function.get() == node && slots[e.input_nr]) {
        captured[c] = slots[e.input_nr];
      }
    }
    if (captures && !leads_to_capture.count(node)) continue;
    // An output that received no gradient contributes zeros.
    std::vector<Tensor> grads;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      grads.push_back(slots[i] ? std::move(*slots[i])
                               : zeros(node->input_shape(i)));
    }
    const std::vector<Tensor> out = node->apply(grads);
    if (!retain_graph) node->release();
    const auto& edges = node->next_edges();
    for (std::size_t j = 0; j < edges.size() && j < out.size(); ++j) {
      if (!edges[j].valid() || is_undefined(out[j])) continue;
      accumulate(buffer_of(edges[j].function.get()), edges[j].input_nr, out[j]);
    }
  }
  return captured;
}
// [engine-loop]

// PyTorch's checks on the roots and their gradients (`_make_grads`).
std::vector<Tensor> root_gradients(const std::vector<Variable>& roots,
                                   const std::vector<Tensor>& given) {
  if (!given.empty() && given.size() != roots.size()) {
    throw ValueError("backward: " + std::to_string(roots.size()) +
                     " outputs but " + std::to_string(given.size()) +
                     " gradients");
  }
  std::vector<Tensor> grads;
  for (std::size_t i = 0; i < roots.size(); ++i) {
    const Variable& root = roots[i];
    if (!root.defined()) {
      throw AutogradError("backward: output " + std::to_string(i) +
                          " is an undefined Variable");
    }
    if (given.empty()) {
      if (root.requires_grad() && root.value().size() != 1) {
        throw AutogradError(
            "grad can be implicitly created only for "
            "scalar outputs");
      }
      Tensor ones = Tensor::from_shape(root.shape());
      ones.fill(1.0);
      grads.push_back(ones);
    } else {
      if (given[i].shape() != root.shape()) {
        throw ShapeError("Mismatch in shape: grad_output[" + std::to_string(i) +
                         "] has a shape of " + shape_string(given[i].shape()) +
                         " and output[" + std::to_string(i) +
                         "] has a shape of " + shape_string(root.shape()) +
                         ".");
      }
      grads.push_back(given[i]);
    }
    if (!root.requires_grad()) {
      throw AutogradError("element " + std::to_string(i) +
                          " of tensors does not require grad and does not "
                          "have a grad_fn");
    }
  }
  return grads;
}

std::vector<Edge> edges_of(const std::vector<Variable>& vars) {
  std::vector<Edge> edges;
  for (const auto& v : vars) edges.push_back(gradient_edge(v));
  return edges;
}

}  // namespace

void backward(const std::vector<Variable>& roots,
              const std::vector<Tensor>& grad_roots, bool retain_graph) {
  const auto grads = root_gradients(roots, grad_roots);
  run_backward(edges_of(roots), grads, retain_graph, nullptr);
}

std::vector<Tensor> grad(const std::vector<Variable>& outputs,
                         const std::vector<Variable>& inputs,
                         const std::vector<Tensor>& grad_outputs,
                         bool retain_graph, bool allow_unused) {
  const auto grads = root_gradients(outputs, grad_outputs);
  std::vector<Edge> targets;
  for (const auto& input : inputs) {
    if (!input.requires_grad()) {
      throw AutogradError(
          "One of the differentiated Tensors does not "
          "require grad");
    }
    targets.push_back(gradient_edge(input));
  }
  auto captured =
      run_backward(edges_of(outputs), grads, retain_graph, &targets);
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
