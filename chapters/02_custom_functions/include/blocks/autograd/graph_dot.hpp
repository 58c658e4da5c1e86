#pragma once
/// \file
/// \brief The backward graph behind a Variable, written in Graphviz's DOT
/// language (what the `torchviz` package draws for PyTorch).

#include <string>

#include "blocks/autograd/variable.hpp"

namespace blocks::autograd {

/// \brief The graph that `root.backward()` would walk, as DOT text.
///
/// Arrows follow the forward computation: leaves that require grad (blue,
/// labelled with set_name() and their shape) feed backward nodes (grey,
/// named like PyTorch's `grad_fn`s), which feed `root` (green). Node ids
/// follow a breadth-first walk from the root, so the text is the same on
/// every run. Render it with `dot -Tsvg`.
/// \param root   the output, typically the loss
/// \param title  the graph's label (empty: none)
std::string to_dot(const Variable& root, const std::string& title = "");

}  // namespace blocks::autograd
