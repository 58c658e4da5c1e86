#pragma once
/// \file
/// \brief `gradcheck`: proves a backward pass right by comparing the
/// Jacobian it implies with one measured by central differences, as
/// `torch.autograd.gradcheck` does (PyTorch 1.13, slow mode).

#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "blocks/autograd.hpp"
#include "blocks/error.hpp"

namespace blocks::autograd {

/// \brief A function under test with several outputs: it maps the inputs
/// to a list of Variables (a Python function returning a tuple).
using MultiOutputFunction =
    std::function<std::vector<Variable>(const std::vector<Variable>&)>;
/// \brief A function under test with one output.
using SingleOutputFunction =
    std::function<Variable(const std::vector<Variable>&)>;

// [gradcheck-options]
/// \brief The knobs of gradcheck(), with PyTorch's defaults.
struct GradcheckOptions {
  /// \brief The step \f$\varepsilon\f$ of the central difference.
  double eps = 1e-6;
  /// \brief Absolute tolerance of \f$|a - n| \le atol + rtol\,|n|\f$.
  double atol = 1e-5;
  /// \brief Relative tolerance, relative to the numerical value \f$n\f$.
  double rtol = 1e-3;
  /// \brief Throw a GradcheckError on failure (true) or return the
  /// failing result (false).
  bool raise_exception = true;
  /// \brief How far two backward passes with the same inputs may differ
  /// (0: they must agree exactly).
  double nondet_tol = 0.0;
};
// [gradcheck-options]

/// \brief What went wrong, one value per check gradcheck() makes.
enum class GradcheckFailure {
  kNone,                       ///< every check passed
  kJacobianMismatch,           ///< analytical and numerical disagree
  kNotReentrant,               ///< two backward passes differ
  kBackwardError,              ///< backward threw (e.g. a wrong shape)
  kIncorrectSize,              ///< a gradient has the wrong size
  kModifiedInput,              ///< backward wrote into an input
  kNotMultipliedByGradOutput,  ///< zero grad_output, non-zero gradient
  kOutputShapeChanged,         ///< a perturbed input changed the shape
  kNonzeroNumerical            ///< no differentiable output, yet f moves
};

/// \brief A short name for a failure, such as `"Jacobian mismatch"`.
std::string to_string(GradcheckFailure failure);

/// \brief One element of a Jacobian, at flat positions \f$k\f$ of the
/// input and \f$j\f$ of the output:
/// \f$J_{kj} = \partial y_j / \partial x_k\f$.
struct JacobianElement {
  /// \brief Flat (row-major) index into the input.
  std::size_t input_element = 0;
  /// \brief Flat (row-major) index into the output.
  std::size_t output_element = 0;
  /// \brief The central-difference value \f$n\f$.
  double numerical = 0.0;
  /// \brief The value from the backward pass \f$a\f$.
  double analytical = 0.0;
  /// \brief The tolerance the element had to meet:
  /// \f$atol + rtol\,|n|\f$ (or `nondet_tol` for reentrancy).
  double tolerance = 0.0;
};

/// \brief The outcome of gradcheck(): pass or fail, and on failure which
/// check, which input and output, the worst element and a report.
struct GradcheckResult {
  /// \brief The value of `input` and `argument` when the failure is not
  /// about one input (or is about one that does not require grad).
  static constexpr std::size_t kNoIndex =
      std::numeric_limits<std::size_t>::max();
  /// \brief True when every check passed.
  bool passed = true;
  /// \brief Which check failed.
  GradcheckFailure failure = GradcheckFailure::kNone;
  /// \brief The input, counting only those that require grad (PyTorch's
  /// numbering).
  std::size_t input = 0;
  /// \brief The same input's position in the `inputs` list.
  std::size_t argument = 0;
  /// \brief The output, counting only differentiable outputs.
  std::size_t output = 0;
  /// \brief The element that broke its tolerance by the most. For
  /// kModifiedInput: the input element written, `numerical` its value
  /// before backward and `analytical` after.
  JacobianElement worst;
  /// \brief How many elements broke their tolerance.
  std::size_t mismatches = 0;
  /// \brief The numerical Jacobian of the failing pair, shape
  /// (input numel, output numel); empty when not computed.
  Tensor numerical;
  /// \brief The analytical Jacobian of the same pair.
  Tensor analytical;
  /// \brief The report a person reads; empty when passed.
  std::string report;
  /// \brief `passed`, so `if (gradcheck(...))` reads naturally.
  explicit operator bool() const { return passed; }
};

/// \brief Thrown by gradcheck() when a check fails and
/// `raise_exception` is set; what() is the report.
class GradcheckError : public Error {
 public:
  /// \brief The error for a failed result.
  explicit GradcheckError(GradcheckResult result);
  /// \brief The failed result, with the same fields a returned one has.
  const GradcheckResult& result() const { return result_; }

 private:
  GradcheckResult result_;
};

/// \brief Checks the backward pass of `function` at `inputs`.
///
/// For every input that requires grad and every differentiable output it
/// compares the numerical Jacobian (central differences, perturbing one
/// element in place at a time) with the analytical one (one
/// vector–Jacobian product per output element, run twice to check that
/// backward is reentrant), element-wise with
/// \f$|a - n| \le atol + rtol\,|n|\f$. It also checks that backward leaves
/// the inputs alone and gives zero for a zero `grad_output`.
/// \param function  the function under test; called many times
/// \param inputs    its arguments; those that do not require grad (labels)
///                  are held fixed. Values are restored on return.
/// \param options   step, tolerances and failure mode
/// \return the result; on failure only with `raise_exception == false`
/// \throws GradcheckError on failure when `raise_exception` is set
/// \throws ValueError when no input requires grad, or an input is
///         undefined, empty or not finite
GradcheckResult gradcheck(const MultiOutputFunction& function,
                          const std::vector<Variable>& inputs,
                          const GradcheckOptions& options = {});

/// \brief gradcheck() for a function with one output.
/// \param function  the function under test
/// \param inputs    its arguments
/// \param options   step, tolerances and failure mode
GradcheckResult gradcheck(const SingleOutputFunction& function,
                          const std::vector<Variable>& inputs,
                          const GradcheckOptions& options = {});

/// \brief The numerical Jacobians by central differences:
/// \f$J_{ij} = (f_j(x + \varepsilon e_i) - f_j(x - \varepsilon e_i)) /
/// 2\varepsilon\f$.
/// \param function  the function; evaluated with grad mode off
/// \param inputs    its arguments; each one that requires grad is
///                  perturbed in place, one element at a time, then
///                  restored exactly
/// \param eps       the step \f$\varepsilon\f$
/// \return `J[i][o]` for the i-th input that requires grad and the o-th
///         output (every output), shape (input numel, output numel)
/// \throws GradcheckError when a perturbation changes an output's shape
std::vector<std::vector<Tensor>> numerical_jacobian(
    const MultiOutputFunction& function, const std::vector<Variable>& inputs,
    double eps);

/// \brief The analytical Jacobians of one output from the backward pass,
/// one vector–Jacobian product per output element (`autograd.grad` with a
/// one-hot `grad_outputs` and `retain_graph`).
/// \param output  a result that requires grad
/// \param inputs  what to differentiate with respect to (all must
///                require grad)
/// \return one (input numel, output numel) Tensor per input
std::vector<Tensor> analytical_jacobian(const Variable& output,
                                        const std::vector<Variable>& inputs);

}  // namespace blocks::autograd
