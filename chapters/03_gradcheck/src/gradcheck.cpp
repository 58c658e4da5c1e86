// gradcheck: PyTorch 1.13's slow mode, check by check, in its order.
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <utility>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xsort.hpp>

#include "blocks/autograd/gradcheck.hpp"
#include "blocks/cli/names.hpp"
#include "blocks/format.hpp"
#include "gradcheck_detail.hpp"

namespace blocks::autograd {

namespace {
constexpr cli::NameTable<GradcheckFailure, 9> kFailureNames{{
    {GradcheckFailure::kNone, "passed"},
    {GradcheckFailure::kJacobianMismatch, "Jacobian mismatch"},
    {GradcheckFailure::kNotReentrant, "backward not reentrant"},
    {GradcheckFailure::kBackwardError, "backward raised an error"},
    {GradcheckFailure::kIncorrectSize, "gradient of wrong size"},
    {GradcheckFailure::kModifiedInput, "backward modified input"},
    {GradcheckFailure::kNotMultipliedByGradOutput,
     "backward not multiplied by grad_output"},
    {GradcheckFailure::kOutputShapeChanged, "output shape changed"},
    {GradcheckFailure::kNonzeroNumerical, "non-zero numerical gradient"},
}};
}  // namespace

std::string to_string(GradcheckFailure failure) {
  return cli::name_of(kFailureNames, failure);
}

GradcheckError::GradcheckError(GradcheckResult result)
    : Error(result.report), result_(std::move(result)) {}

namespace {

using detail::element_name;
using detail::number;

// The inputs that require grad, with their positions and report names.
struct Differentiable {
  std::vector<Variable> inputs;
  std::vector<std::size_t> positions;
  std::vector<std::string> labels;
};

// Mistakes in the call itself are ValueErrors, thrown whatever
// raise_exception says: there is no gradient to judge yet.
Differentiable validate(const std::vector<Variable>& inputs) {
  Differentiable d;
  for (std::size_t a = 0; a < inputs.size(); ++a) {
    const Variable& x = inputs[a];
    const std::string where = "gradcheck: input #" + std::to_string(a);
    if (!x.defined()) throw ValueError(where + " is an undefined Variable");
    if (!x.requires_grad()) continue;
    if (x.value().size() == 0) {
      throw ValueError(where + " requires grad but has no elements (shape " +
                       shape_string(x.shape()) +
                       "): there is nothing to perturb, so nothing would "
                       "be checked");
    }
    for (std::size_t k = 0; k < x.value().size(); ++k) {
      if (!std::isfinite(x.value().flat(k))) {
        throw ValueError(where + " has the non-finite value " +
                         number(x.value().flat(k)) + " at " +
                         element_name("", x.shape(), k));
      }
    }
    d.inputs.push_back(x);
    d.positions.push_back(a);
    d.labels.push_back(x.name().empty() ? "input" + std::to_string(a)
                                        : x.name());
  }
  if (d.inputs.empty()) {
    throw ValueError(
        "gradcheck expects at least one input tensor to require gradient, "
        "but none of the them have requires_grad=True.");
  }
  return d;
}

[[noreturn]] void fail(GradcheckResult r) {
  r.passed = false;
  throw GradcheckError(std::move(r));
}

std::string describe_pair(const Differentiable& d, std::size_t i,
                          const std::string& out_label, const Variable& out,
                          std::size_t o) {
  return "  output " + std::to_string(o) + " (" + out_label + ", shape " +
         shape_string(out.shape()) + "), input " + std::to_string(i) + " (" +
         d.labels[i] + " = inputs[" + std::to_string(d.positions[i]) +
         "], shape " + shape_string(d.inputs[i].shape()) + ")\n";
}

// [compare-jacobians]
// allclose(analytical, numerical, rtol, atol): |a - n| <= atol + rtol*|n|,
// relative to the numerical value. Counts the misses, keeps the worst.
std::size_t compare(const Tensor& analytical, const Tensor& numerical,
                    double atol, double rtol, JacobianElement& worst) {
  std::size_t misses = 0;
  double worst_excess = -std::numeric_limits<double>::infinity();
  for (std::size_t r = 0; r < numerical.shape(0); ++r) {
    for (std::size_t c = 0; c < numerical.shape(1); ++c) {
      const double a = analytical(r, c), n = numerical(r, c);
      const double allowed = atol + rtol * std::abs(n);
      if (std::abs(a - n) <= allowed) continue;  // NaN falls through
      ++misses;
      double excess = std::abs(a - n) - allowed;
      if (std::isnan(excess)) excess = std::numeric_limits<double>::max();
      if (excess > worst_excess) {
        worst_excess = excess;
        worst = {r, c, n, a, allowed};
      }
    }
  }
  return misses;
}
// [compare-jacobians]

struct Output {
  Variable value;
  std::size_t index;  // among differentiable outputs
  std::string label;
  std::size_t column;  // its position among all the function's outputs
};

// The outputs that require grad, numbered among themselves as PyTorch
// numbers them.
std::vector<Output> differentiable_outputs(
    const std::vector<Variable>& results) {
  std::vector<Output> outputs;
  for (std::size_t o = 0; o < results.size(); ++o) {
    if (!results[o].requires_grad()) continue;
    const std::size_t index = outputs.size();
    outputs.push_back({results[o], index,
                       results[o].name().empty() ? "out" + std::to_string(index)
                                                 : results[o].name(),
                       o});
  }
  return outputs;
}

// One pass of vector–Jacobian products, watching every row: a backward
// that throws or returns a wrong size is reported, and one that writes
// into an input is caught by comparing the inputs with a snapshot.
std::vector<Tensor> checked_rows(const Differentiable& d, const Output& out,
                                 const std::vector<Variable>& all_inputs) {
  std::vector<Tensor> before;
  for (const auto& x : all_inputs) before.push_back(x.value());
  auto hook = [&](std::size_t j, const std::vector<Tensor>& grads) {
    for (std::size_t a = 0; a < all_inputs.size(); ++a) {
      Variable x = all_inputs[a];
      for (std::size_t k = 0; k < before[a].size(); ++k) {
        const double now = x.value().flat(k), was = before[a].flat(k);
        // NaN != NaN, so == alone would report an untouched NaN (a label
        // that needs no gradient, say) as changed.
        if (now == was || (std::isnan(now) && std::isnan(was))) continue;
        for (std::size_t b = 0; b < all_inputs.size(); ++b) {
          Variable y = all_inputs[b];
          y.value() = before[b];  // give the caller their values back
        }
        GradcheckResult r;
        r.failure = GradcheckFailure::kModifiedInput;
        r.argument = a;
        r.input = GradcheckResult::kNoIndex;
        for (std::size_t i = 0; i < d.positions.size(); ++i) {
          if (d.positions[i] == a) r.input = i;
        }
        r.output = out.index;
        r.worst = {k, j, was, now, 0.0};
        const std::string name =
            x.name().empty() ? "inputs[" + std::to_string(a) + "]" : x.name();
        r.report = "backward modified an input in place: " +
                   element_name(name, x.shape(), k) + " was " +
                   number(was, 10) + " before and " + number(now, 10) +
                   " after the backward for " +
                   element_name(out.label, out.value.shape(), j) +
                   ".\n  A backward must not write into its inputs (or "
                   "saved tensors); compute the gradient into a new "
                   "tensor.\n";
        fail(std::move(r));
      }
    }
    for (std::size_t i = 0; i < grads.size(); ++i) {
      if (grads[i].shape() == d.inputs[i].shape()) continue;
      GradcheckResult r;
      r.failure = GradcheckFailure::kIncorrectSize;
      r.input = i;
      r.argument = d.positions[i];
      r.output = out.index;
      r.worst.output_element = j;
      r.report =
          "Analytical gradient has incorrect size: the gradient "
          "for input " +
          std::to_string(i) + " (" + d.labels[i] + ") has shape " +
          shape_string(grads[i].shape()) + ", expected " +
          shape_string(d.inputs[i].shape()) + "\n";
      fail(std::move(r));
    }
  };
  try {
    return detail::analytical_rows(out.value, d.inputs, hook);
  } catch (const GradcheckError&) {
    throw;
  } catch (const std::exception& e) {
    GradcheckResult r;
    r.failure = GradcheckFailure::kBackwardError;
    r.input = r.argument = GradcheckResult::kNoIndex;
    r.output = out.index;
    r.report = "backward raised an error for output " +
               std::to_string(out.index) + " (" + out.label + ", shape " +
               shape_string(out.value.shape()) + "):\n  " + e.what() +
               "\n  (a gradient whose shape does not fit its input is the "
               "usual cause)\n";
    fail(std::move(r));
  }
}

// Backward twice with the same grad_outputs must agree within nondet_tol.
void check_reentrant(const std::vector<Tensor>& first,
                     const std::vector<Tensor>& second,
                     const std::vector<Tensor>& numerical,
                     const Differentiable& d, const Output& out,
                     double nondet_tol) {
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (first[i].size() == 0) continue;
    const Tensor diff = xt::abs(first[i] - second[i]);
    const auto k = static_cast<std::size_t>(xt::argmax(diff)());
    if (!(diff.flat(k) > nondet_tol)) continue;
    const std::size_t r_ = k / diff.shape(1), c = k % diff.shape(1);
    GradcheckResult r;
    r.failure = GradcheckFailure::kNotReentrant;
    r.input = i;
    r.argument = d.positions[i];
    r.output = out.index;
    r.worst = {r_, c, numerical[i](r_, c), first[i](r_, c), nondet_tol};
    r.numerical = numerical[i];
    r.analytical = first[i];
    r.report =
        "Backward is not reentrant, i.e., running backward with same input "
        "and grad_output multiple times gives different values, although "
        "analytical gradient matches numerical gradient. The tolerance for "
        "nondeterminism was " +
        number(nondet_tol) + ".\n" +
        describe_pair(d, i, out.label, out.value, out.index) +
        "  largest difference at d " +
        element_name(out.label, out.value.shape(), c) + " / d " +
        element_name(d.labels[i], d.inputs[i].shape(), r_) +
        ": first backward " + number(first[i](r_, c), 17) + ", second " +
        number(second[i](r_, c), 17) + "\n";
    fail(std::move(r));
  }
}

// [report-mismatch]
void report_mismatch(GradcheckResult& r, const Differentiable& d,
                     const Output& out, const GradcheckOptions& opt) {
  const std::size_t i = r.input;
  const JacobianElement& w = r.worst;
  detail::PairLabels labels{d.labels[i], out.label, d.inputs[i].shape(),
                            out.value.shape()};
  std::ostringstream s;
  s << "Jacobian mismatch for output " << out.index << " with respect to input "
    << i << ",\n"
    << describe_pair(d, i, out.label, out.value, out.index) << "  "
    << r.mismatches << " of " << r.numerical.size()
    << " elements fail |a - n| <= atol + rtol*|n|\n  (eps=" << number(opt.eps)
    << ", atol=" << number(opt.atol) << ", rtol=" << number(opt.rtol) << ")\n"
    << "  worst: d "
    << element_name(out.label, out.value.shape(), w.output_element) << " / d "
    << element_name(labels.input, labels.input_shape, w.input_element)
    << "\n    numerical  n = " << number(w.numerical, 10)
    << "\n    analytical a = " << number(w.analytical, 10)
    << "\n    |a - n| = " << number(std::abs(w.analytical - w.numerical))
    << " > atol + rtol*|n| = " << number(w.tolerance) << "\n"
    << detail::jacobian_table(r.numerical, r.analytical, labels, w, opt.atol,
                              opt.rtol);
  r.report = s.str();
}
// [report-mismatch]

// grad(roots, inputs, grad_outputs), a throw reported as a failure.
std::vector<Tensor> backward_or_fail(const std::vector<Variable>& roots,
                                     const Differentiable& d,
                                     const std::vector<Tensor>& grad_outputs) {
  try {
    return grad(roots, d.inputs, grad_outputs, /*retain_graph=*/false,
                /*allow_unused=*/true);
  } catch (const std::exception& e) {
    GradcheckResult r;
    r.failure = GradcheckFailure::kBackwardError;
    r.input = r.argument = GradcheckResult::kNoIndex;
    r.report = std::string(
                   "backward raised an error with zero "
                   "grad_outputs:\n  ") +
               e.what() + "\n";
    fail(std::move(r));
  }
}

// The failure for gradient element k of input i, non-zero at `value`.
[[noreturn]] void fail_not_scaled(const Differentiable& d, std::size_t i,
                                  std::size_t k, double value) {
  GradcheckResult r;
  r.failure = GradcheckFailure::kNotMultipliedByGradOutput;
  r.input = i;
  r.argument = d.positions[i];
  r.worst = {k, 0, 0.0, value, 0.0};
  r.report =
      "backward not multiplied by grad_output: with every "
      "grad_output zero, the gradient for " +
      element_name(d.labels[i], d.inputs[i].shape(), k) + " is " +
      number(value, 10) + " (it must be 0)\n";
  fail(std::move(r));
}

// [zero-grad-check]
// With every grad_output zero, every gradient must be zero: a backward
// that ignores grad_output is right only when grad_output is one.
void check_zero_grad_outputs(const Differentiable& d,
                             const std::vector<Output>& outputs) {
  std::vector<Variable> roots;
  std::vector<Tensor> zeros;
  for (const auto& o : outputs) {
    roots.push_back(o.value);
    zeros.push_back(xt::zeros<double>(o.value.shape()));
  }
  const std::vector<Tensor> grads = backward_or_fail(roots, d, zeros);
  for (std::size_t i = 0; i < grads.size(); ++i) {
    for (std::size_t k = 0; k < grads[i].size(); ++k) {
      if (grads[i].flat(k) != 0.0) fail_not_scaled(d, i, k, grads[i].flat(k));
    }
  }
}
// [zero-grad-check]

// No output requires grad: then the function must not depend on the
// inputs at all (PyTorch: allclose(numerical, 0)).
void check_constant(const std::vector<std::vector<Tensor>>& numerical,
                    const Differentiable& d) {
  for (std::size_t i = 0; i < numerical.size(); ++i) {
    for (std::size_t o = 0; o < numerical[i].size(); ++o) {
      const Tensor& n = numerical[i][o];
      for (std::size_t k = 0; k < n.size(); ++k) {
        if (std::abs(n.flat(k)) <= 1e-8) continue;
        GradcheckResult r;
        r.failure = GradcheckFailure::kNonzeroNumerical;
        r.input = i;
        r.argument = d.positions[i];
        r.output = o;
        r.worst = {k / n.shape(1), k % n.shape(1), n.flat(k), 0.0, 1e-8};
        r.report =
            "Numerical gradient for function expected to be zero: "
            "no output requires grad, yet output " +
            std::to_string(o) + " moves with " +
            element_name(d.labels[i], d.inputs[i].shape(),
                         r.worst.input_element) +
            " (d out / d in = " + number(n.flat(k), 10) + ")\n";
        fail(std::move(r));
      }
    }
  }
}

void validate(const GradcheckOptions& opt) {
  const auto bad = [](const char* name, double value) {
    throw ValueError(std::string("gradcheck: ") + name + " must be " +
                     (name[0] == 'e' ? "positive" : "non-negative") +
                     " and finite, got " + number(value));
  };
  if (!(opt.eps > 0.0) || !std::isfinite(opt.eps)) bad("eps", opt.eps);
  if (!(opt.atol >= 0.0) || !std::isfinite(opt.atol)) bad("atol", opt.atol);
  if (!(opt.rtol >= 0.0) || !std::isfinite(opt.rtol)) bad("rtol", opt.rtol);
  if (!(opt.nondet_tol >= 0.0) || !std::isfinite(opt.nondet_tol)) {
    bad("nondet_tol", opt.nondet_tol);
  }
}

// Input i's analytical Jacobian against its numerical one, for `out`.
void check_jacobian(const Tensor& analytical, const Tensor& numerical,
                    std::size_t i, const Differentiable& d, const Output& out,
                    const GradcheckOptions& opt) {
  GradcheckResult r;
  r.mismatches = compare(analytical, numerical, opt.atol, opt.rtol, r.worst);
  if (r.mismatches == 0) return;
  r.failure = GradcheckFailure::kJacobianMismatch;
  r.input = i;
  r.argument = d.positions[i];
  r.output = out.index;
  r.numerical = numerical;
  r.analytical = analytical;
  report_mismatch(r, d, out, opt);
  fail(std::move(r));
}

// [gradcheck-steps]
void run_checks(const MultiOutputFunction& function,
                const std::vector<Variable>& inputs,
                const GradcheckOptions& opt) {
  validate(opt);
  const Differentiable d = validate(inputs);
  const std::vector<Output> outputs = differentiable_outputs(function(inputs));
  const auto numerical = numerical_jacobian(function, inputs, opt.eps);
  if (outputs.empty()) return check_constant(numerical, d);

  for (const Output& out : outputs) {
    std::vector<Tensor> numerical_o;  // d out / d input_i, every i
    for (const auto& per_input : numerical) {
      numerical_o.push_back(per_input[out.column]);
    }
    const auto first = checked_rows(d, out, inputs);
    const auto second = checked_rows(d, out, inputs);
    check_reentrant(first, second, numerical_o, d, out, opt.nondet_tol);
    for (std::size_t i = 0; i < d.inputs.size(); ++i) {
      check_jacobian(first[i], numerical_o[i], i, d, out, opt);
    }
  }
  check_zero_grad_outputs(d, outputs);
}
// [gradcheck-steps]

}  // namespace

GradcheckResult gradcheck(const MultiOutputFunction& function,
                          const std::vector<Variable>& inputs,
                          const GradcheckOptions& options) {
  try {
    run_checks(function, inputs, options);
  } catch (const GradcheckError& failure) {
    if (options.raise_exception) throw;
    return failure.result();
  }
  return GradcheckResult{};
}

GradcheckResult gradcheck(const SingleOutputFunction& function,
                          const std::vector<Variable>& inputs,
                          const GradcheckOptions& options) {
  auto as_list = [&function](const std::vector<Variable>& args) {
    return std::vector<Variable>{function(args)};
  };
  return gradcheck(MultiOutputFunction(as_list), inputs, options);
}

}  // namespace blocks::autograd
