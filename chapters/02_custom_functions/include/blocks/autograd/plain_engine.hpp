#pragma once
/// \file
/// \brief The backward pass as you would write it first: a depth-first walk
/// with a visited set, and the gradients waiting for each node in a map.
/// The engine the programs use (engine.hpp) computes the same gradients,
/// bit for bit, faster; the chapter's "Making it fast" says how.

#include <vector>

#include "blocks/autograd/graph.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd::plain {

/// \brief Every node reachable from `root`, each one before every node it
/// sends a gradient to: the reverse of a depth-first post-order.
/// Recursive, so a graph deeper than the call stack overflows it.
std::vector<Node*> topological_order(Node* root);

/// \brief `root.backward(gradient)`: the vector–Jacobian products of every
/// node, in topological order, accumulated into the leaves' `grad()`.
/// The saved tensors are freed afterwards (no `retain_graph`).
/// \throws AutogradError when `root` does not require grad.
/// \throws ShapeError when `gradient` is not the shape of `root`.
void backward(const Variable& root, const Tensor& gradient);

}  // namespace blocks::autograd::plain
