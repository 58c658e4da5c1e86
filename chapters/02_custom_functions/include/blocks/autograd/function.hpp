#pragma once
/// \file
/// \brief `Function<T>`: an operation with a hand-written backward
/// (`torch.autograd.Function`), and the gradient helper its backward
/// uses (`sum_to()`).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "blocks/autograd/context.hpp"
#include "blocks/autograd/detail/function_node.hpp"
#include "blocks/autograd/grad_mode.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

/// \brief `grad` summed down to `shape` over broadcast dimensions
/// (`Tensor.sum_to_size`): the adjoint of broadcasting `shape` to
/// `grad.shape()`.
/// \throws ShapeError when `shape` does not broadcast to `grad.shape()`.
Tensor sum_to(const Tensor& grad, const Shape& shape);

/// \brief Base for an operation with a hand-written backward, in the shape
/// of LibTorch's `torch::autograd::Function<T>`. `T` provides
/// `static Tensor forward(Context&, args...)` (or returning
/// `std::vector<Tensor>` for several outputs) and
/// `static std::vector<std::optional<Tensor>> backward(Context&, const
/// std::vector<Tensor>& grad_outputs)`, which gets one gradient per output
/// (zeros for an output no gradient reached) and returns one per forward
/// argument: a tensor, or `std::nullopt` where there is none (Python's
/// `None`), e.g. `{gx, std::nullopt}`. An empty tensor is a gradient, the
/// real one of an empty argument, never "none".
// [function-apply]
template <class T>
struct Function {
  /// \brief Runs `T::forward` with grad mode off, then records a node whose
  /// backward is `T::backward` (`MyFn.apply(...)`). Variable arguments
  /// reach forward as `const Tensor&` (or `const Variable&`); any other
  /// argument is passed through unchanged.
  /// \return the output: a Variable, or a `std::vector<Variable>` when
  ///         forward returns several tensors
  template <class... Args>
  static auto apply(Args&&... args) {
    // Record only with grad mode on and an input that requires grad.
    const bool record =
        is_grad_enabled() && (detail::requires_grad(args) || ...);
    Context ctx =
        record ? detail::make_context({detail::variable_or_null(args)...})
               : Context();
    auto run_forward = [&] {
      NoGradGuard no_grad;  // forward's own operations are not recorded
      return T::forward(ctx, detail::unwrap(args)...);
    };
    auto results = detail::wrap_outputs(run_forward);  // Variable(s)
    if (record) {
      detail::wire(std::move(ctx), results, detail::backward_node_name<T>(),
                   &T::backward);
    }
    return results;
  }
};
// [function-apply]

}  // namespace blocks::autograd
