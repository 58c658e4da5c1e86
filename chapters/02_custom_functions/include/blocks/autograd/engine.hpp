#pragma once
/// \file
/// \brief The backward engine: `backward()` and `grad()` over several roots
/// (`torch.autograd.backward`, `torch.autograd.grad`).

#include <vector>

#include "blocks/autograd/variable.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

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

namespace detail {
/// \brief backward() from one root, for Variable::backward: the same
/// checks and walk, without a vector of roots to build each step.
/// \param gradient  the root's gradient, or null for ones
void backward_from(const Variable& root, const Tensor* gradient,
                   bool retain_graph);
}  // namespace detail

/// \brief PyTorch's text for a walk through a freed graph.
extern const char* const kSecondBackwardMessage;

}  // namespace blocks::autograd
