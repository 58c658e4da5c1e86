// The two Jacobians gradcheck compares: one measured, one from backward.
#include <utility>

#include <xtensor/xbuilder.hpp>

#include "blocks/autograd/gradcheck.hpp"
#include "blocks/format.hpp"
#include "gradcheck_detail.hpp"

namespace blocks::autograd {

namespace {

// The outputs' values only: the numerical side needs no graph, so grad
// mode is off and no backward nodes are built for the many evaluations.
std::vector<Tensor> evaluate(const MultiOutputFunction& function,
                             const std::vector<Variable>& inputs) {
  NoGradGuard no_grad;
  std::vector<Tensor> values;
  for (const auto& out : function(inputs)) values.push_back(out.value());
  return values;
}

// Puts the original value back even when the function throws.
struct RestoreElement {
  Variable x;
  std::size_t k;
  double original;
  ~RestoreElement() { x.value().flat(k) = original; }
};

[[noreturn]] void shape_changed(std::size_t input, std::size_t argument,
                                std::size_t k, const Tensor& a,
                                const Tensor& b) {
  GradcheckResult r;
  r.passed = false;
  r.failure = GradcheckFailure::kOutputShapeChanged;
  r.input = input;
  r.argument = argument;
  r.worst.input_element = k;
  r.report =
      "Expected `func` to return outputs with the same shape when "
      "inputs are perturbed on index " +
      std::to_string(k) + " of input " + std::to_string(input) +
      ", but got: shapes " + shape_string(a.shape()) + " and " +
      shape_string(b.shape()) + ".\n";
  throw GradcheckError(std::move(r));
}

// A perturbed input must not change any output's shape: output by output,
// the evaluation below x_k, then the one above.
void check_shapes(const std::vector<Tensor>& base,
                  const std::vector<Tensor>& below,
                  const std::vector<Tensor>& above, std::size_t input,
                  std::size_t argument, std::size_t k) {
  for (std::size_t o = 0; o < base.size(); ++o) {
    if (below[o].shape() != base[o].shape()) {
      shape_changed(input, argument, k, base[o], below[o]);
    }
    if (above[o].shape() != base[o].shape()) {
      shape_changed(input, argument, k, base[o], above[o]);
    }
  }
}

}  // namespace

// [numerical-jacobian]
std::vector<std::vector<Tensor>> numerical_jacobian(
    const MultiOutputFunction& function, const std::vector<Variable>& inputs,
    double eps) {
  const std::vector<Tensor> base = evaluate(function, inputs);
  std::vector<std::vector<Tensor>> jacobians;
  for (std::size_t arg = 0; arg < inputs.size(); ++arg) {
    if (!inputs[arg].requires_grad()) continue;  // labels stay fixed
    Variable x = inputs[arg];  // a handle: writes reach the caller's value
    const std::size_t n = x.value().size();
    std::vector<Tensor> per_output;
    for (const auto& y : base) {
      per_output.push_back(xt::zeros<double>({n, y.size()}));
    }
    for (std::size_t k = 0; k < n; ++k) {
      // Restore the saved value exactly; x + eps - eps may not round back.
      RestoreElement restore{x, k, x.value().flat(k)};
      x.value().flat(k) = restore.original - eps;
      const std::vector<Tensor> below = evaluate(function, inputs);
      x.value().flat(k) = restore.original + eps;
      const std::vector<Tensor> above = evaluate(function, inputs);
      check_shapes(base, below, above, jacobians.size(), arg, k);
      for (std::size_t o = 0; o < base.size(); ++o) {
        // Row k of J: how every element of output o moves with x_k.
        for (std::size_t j = 0; j < base[o].size(); ++j) {
          per_output[o](k, j) =
              (above[o].flat(j) - below[o].flat(j)) / (2.0 * eps);
        }
      }
    }
    jacobians.push_back(std::move(per_output));
  }
  return jacobians;
}
// [numerical-jacobian]

namespace detail {

namespace {

// A gradient must have one value per element of its input (one row of
// the input's Jacobian, `rows` in all).
void require_size(const Tensor& gradient, std::size_t rows,
                  const Variable& input, std::size_t i) {
  if (gradient.size() == rows) return;
  throw ShapeError("analytical_jacobian: the gradient for input " +
                   std::to_string(i) + " has shape " +
                   shape_string(gradient.shape()) + ", expected " +
                   shape_string(input.shape()));
}

}  // namespace

// [analytical-rows]
std::vector<Tensor> analytical_rows(const Variable& output,
                                    const std::vector<Variable>& inputs,
                                    const RowHook& after_row) {
  const std::size_t m = output.value().size();
  std::vector<Tensor> jacobians;
  for (const auto& x : inputs) {
    jacobians.push_back(xt::zeros<double>({x.value().size(), m}));
  }
  Tensor one_hot = xt::zeros<double>(output.shape());
  for (std::size_t j = 0; j < m; ++j) {
    one_hot.fill(0.0);
    one_hot.flat(j) = 1.0;
    // retain_graph: one graph answers every row; allow_unused: an input
    // this output ignores gets a zero row instead of an error.
    const std::vector<Tensor> grads =
        grad({output}, inputs, {one_hot}, /*retain_graph=*/true,
             /*allow_unused=*/true);
    if (after_row) after_row(j, grads);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      require_size(grads[i], jacobians[i].shape(0), inputs[i], i);
      // The vector-Jacobian product with e_j is column j: d out_j / d x.
      for (std::size_t k = 0; k < grads[i].size(); ++k) {
        jacobians[i](k, j) = grads[i].flat(k);
      }
    }
  }
  return jacobians;
}
// [analytical-rows]

}  // namespace detail

std::vector<Tensor> analytical_jacobian(const Variable& output,
                                        const std::vector<Variable>& inputs) {
  return detail::analytical_rows(output, inputs, nullptr);
}

}  // namespace blocks::autograd
