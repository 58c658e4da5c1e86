#pragma once
// Chapter 3 exercises: the functions you write. The stubs in this folder
// throw until you fill them in; solutions/ holds the tested answers.
#include <cstddef>
#include <vector>

#include "blocks/autograd/gradcheck.hpp"

namespace blocks::exercises {

// Exercise 1: the numerical Jacobian by *forward* differences,
//   J[k, j] = (f_j(x + eps e_k) - f_j(x)) / eps,
// for inputs[argument] (which must require grad) and output `output` of
// `function`, in gradcheck's layout (input numel, output numel). Evaluate
// with grad mode off and restore every perturbed element exactly.
// Throws ValueError when `argument` or `output` is out of range.
Tensor forward_difference_jacobian(
    const autograd::MultiOutputFunction& function,
    const std::vector<autograd::Variable>& inputs, std::size_t argument,
    std::size_t output, double eps);

// Exercise 2: gradcheck's fast mode for a function with one output.
// Draw a direction u over all inputs that require grad (jointly of unit
// length) and v over the output (unit length), both from
// std::mt19937(seed) with a standard normal distribution, in that order.
// Compare n = v . (f(x + eps u) - f(x - eps u)) / (2 eps) with
// a = sum_i <g_i, u_i>, where g = grad(out, inputs, v) is one backward
// pass; return |a - n| <= atol + rtol * |n| (options' eps, atol, rtol).
// Inputs are restored exactly. Throws ValueError when no input requires
// grad.
bool fast_gradcheck(const autograd::SingleOutputFunction& function,
                    const std::vector<autograd::Variable>& inputs,
                    const autograd::GradcheckOptions& options,
                    unsigned seed = 0);

}  // namespace blocks::exercises
