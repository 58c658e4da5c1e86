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

// Exercise 3 (challenge), find the bug: torch.nn.functional.softplus,
//   softplus(z) = log(1 + e^{beta z}) / beta   where beta z <= threshold,
//   softplus(z) = z                            where beta z >  threshold
// (PyTorch's linear tail). ex3_softplus.cpp holds a version that compiles,
// runs and looks right, but is wrong: find where with gradcheck, then fix
// it so values and gradients match PyTorch's. beta and threshold are not
// tensors: their entries in backward's result are std::nullopt.
struct SoftplusFunction : autograd::Function<SoftplusFunction> {
  static Tensor forward(autograd::Context& ctx, const Tensor& z, double beta,
                        double threshold);
  static std::vector<std::optional<Tensor>> backward(
      autograd::Context& ctx, const std::vector<Tensor>& grad_outputs);
};

}  // namespace blocks::exercises
