// The plain backward pass the chapter teaches; engine.cpp is the tuned one.
#include "blocks/autograd/plain_engine.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::autograd::plain {

namespace {

// The two mistakes backward() refuses (engine.cpp words them as PyTorch).
void check_root(const Variable& root, const Tensor& gradient) {
  if (!root.requires_grad()) {
    throw AutogradError("backward: the root does not require grad");
  }
  if (gradient.shape() != root.shape()) {
    throw ShapeError("backward: gradient of shape " +
                     shape_string(gradient.shape()) + " for a root of shape " +
                     shape_string(root.shape()));
  }
}

}  // namespace

// [plain-topological-order]
// A node joins `post_order` after every node below it, so reversing the
// list puts each node before all the nodes it feeds.
static void visit(Node* node, std::unordered_set<Node*>& visited,
                  std::vector<Node*>& post_order) {
  if (node == nullptr || !visited.insert(node).second) return;
  for (const Edge& edge : node->next_edges()) {
    visit(edge.function.get(), visited, post_order);
  }
  post_order.push_back(node);
}

std::vector<Node*> topological_order(Node* root) {
  std::unordered_set<Node*> visited;
  std::vector<Node*> post_order;
  visit(root, visited, post_order);
  std::reverse(post_order.begin(), post_order.end());
  return post_order;
}
// [plain-topological-order]

// [plain-backward]
void backward(const Variable& root, const Tensor& gradient) {
  check_root(root, gradient);
  // The gradients waiting for each node: one slot per output of its
  // operation, std::nullopt until a gradient arrives.
  std::unordered_map<Node*, std::vector<std::optional<Tensor>>> waiting;
  auto send = [&waiting](const Edge& edge, Tensor&& g) {
    auto& slots = waiting[edge.function.get()];
    if (slots.empty()) slots.resize(edge.function->num_inputs());
    auto& slot = slots[edge.input_nr];
    if (slot) {
      *slot += g;  // a value used twice: the contributions add up
    } else {
      slot = std::move(g);
    }
  };
  const Edge start = gradient_edge(root);
  send(start, Tensor(gradient));
  for (Node* node : topological_order(start.function.get())) {
    auto found = waiting.find(node);
    if (found == waiting.end()) continue;  // no gradient reached it
    auto grads = node->apply(std::move(found->second));  // the node's VJP
    node->release();  // free what forward saved
    const auto& edges = node->next_edges();
    for (std::size_t i = 0; i < edges.size() && i < grads.size(); ++i) {
      if (edges[i].valid() && grads[i]) send(edges[i], std::move(*grads[i]));
    }
  }
}
// [plain-backward]

}  // namespace blocks::autograd::plain
