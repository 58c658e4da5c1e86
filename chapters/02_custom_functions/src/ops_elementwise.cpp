// Element-wise binary operations. Each backward returns gradients of the
// broadcast shape; Function<T> sums them down to each input's shape.
#include <cmath>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "blocks/autograd/ops.hpp"
#include "elementwise_loops.hpp"

namespace blocks::autograd {

namespace {

// What a backward receives, one gradient per output, and what it returns,
// one per argument, each a tensor or std::nullopt ("no gradient").
using Grads = std::vector<Tensor>;
using GradsOrNone = std::vector<std::optional<Tensor>>;

// a op b by a loop where one side is a scalar or both have one shape
// (elementwise_loops.hpp: the expression's bits at a fraction of its cost
// on a small batch), else by the xtensor expression, which broadcasts.
template <class Op, class Expression>
Tensor elementwise(const Tensor& a, const Tensor& b, Op op,
                   Expression expression) {
  if (detail::loops_over(a, b)) return detail::zip(a, b, op);
  if (a.dimension() == 0) {
    return detail::zip(b, a, [op](double bi, double ai) { return op(ai, bi); });
  }
  return expression();
}

struct Add : Function<Add> {
  static constexpr const char* name = "Add";
  static Tensor forward(Context&, const Tensor& a, const Tensor& b) {
    broadcast_shape(a.shape(), b.shape(), "add");
    return elementwise(a, b, std::plus<>(), [&] { return Tensor(a + b); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // d(a+b)/da = d(a+b)/db = 1: the gradient passes through unchanged.
    GradsOrNone grads(2);  // None for an argument that needs none
    if (ctx.needs_input_grad(0)) grads[0] = g[0];
    if (ctx.needs_input_grad(1)) grads[1] = g[0];
    return grads;
  }
};

struct Mul : Function<Mul> {
  static constexpr const char* name = "Mul";
  static Tensor forward(Context& ctx, const Tensor& a, const Tensor& b) {
    broadcast_shape(a.shape(), b.shape(), "mul");
    ctx.save_for_backward(a, b);
    return elementwise(a, b, std::multiplies<>(),
                       [&] { return Tensor(a * b); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const Tensor& a = ctx.saved(0);
    const Tensor& b = ctx.saved(1);
    GradsOrNone grads(2);
    if (ctx.needs_input_grad(0)) {
      detail::zip_into(grads[0], g[0], b, std::multiplies<>(),
                       [&] { return Tensor(g[0] * b); });
    }
    if (ctx.needs_input_grad(1)) {
      detail::zip_into(grads[1], g[0], a, std::multiplies<>(),
                       [&] { return Tensor(g[0] * a); });
    }
    return grads;
  }
};

struct Sub : Function<Sub> {
  static constexpr const char* name = "Sub";
  static Tensor forward(Context&, const Tensor& a, const Tensor& b) {
    broadcast_shape(a.shape(), b.shape(), "sub");
    return elementwise(a, b, std::minus<>(), [&] { return Tensor(a - b); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    GradsOrNone grads(2);
    if (ctx.needs_input_grad(0)) grads[0] = g[0];
    if (ctx.needs_input_grad(1)) {  // -g[0]
      detail::map_into(g[0], std::negate<>(), grads[1].emplace(g[0].shape()));
    }
    return grads;
  }
};

struct Div : Function<Div> {
  static constexpr const char* name = "Div";
  static Tensor forward(Context& ctx, const Tensor& a, const Tensor& b) {
    broadcast_shape(a.shape(), b.shape(), "div");
    ctx.save_for_backward(a, b);
    return elementwise(a, b, std::divides<>(), [&] { return Tensor(a / b); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const Tensor& a = ctx.saved(0);
    const Tensor& b = ctx.saved(1);
    GradsOrNone grads(2);
    if (ctx.needs_input_grad(0)) grads[0] = g[0] / b;
    if (ctx.needs_input_grad(1)) grads[1] = -g[0] * a / (b * b);
    return grads;
  }
};

struct Neg : Function<Neg> {
  static constexpr const char* name = "Neg";
  static Tensor forward(Context&, const Tensor& a) {
    return detail::map(a, std::negate<>());  // -a
  }
  static GradsOrNone backward(Context&, const Grads& g) {
    GradsOrNone grads(1);  // -g[0]
    detail::map_into(g[0], std::negate<>(), grads[0].emplace(g[0].shape()));
    return grads;
  }
};

struct Maximum : Function<Maximum> {
  static constexpr const char* name = "Maximum";
  static Tensor forward(Context& ctx, const Tensor& a, const Tensor& b) {
    broadcast_shape(a.shape(), b.shape(), "maximum");
    ctx.save_for_backward(a, b);
    // A NaN on either side wins, and a tie returns a, as in PyTorch
    // (xt::maximum dropped a NaN in a).
    if (!detail::loops_over(a, b)) {
      return xt::where(xt::isnan(a) || a >= b, a, b);
    }
    return detail::zip(a, b, [](double ai, double bi) {
      return std::isnan(ai) || ai >= bi ? ai : bi;  // the same, looped
    });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const Tensor& a = ctx.saved(0);
    const Tensor& b = ctx.saved(1);
    // PyTorch's derivatives.yaml: a tie splits the gradient evenly, so
    // max(z, 0) has slope 1/2 at z = 0; a side gets nothing only where it
    // is strictly smaller. Comparisons with NaN are false, so both sides
    // get the whole gradient there.
    GradsOrNone grads(2);
    if (detail::loops_over(a, b) && !ctx.needs_input_grad(1)) {
      a_side_looped(a, b, g[0], grads[0].emplace(a.shape()));
      return grads;
    }
    const auto shared = xt::where(xt::equal(a, b), g[0] / 2.0, g[0]);
    if (ctx.needs_input_grad(0)) grads[0] = xt::where(a < b, 0.0, shared);
    if (ctx.needs_input_grad(1)) grads[1] = xt::where(a > b, 0.0, shared);
    return grads;
  }
  // a's gradient as the expressions above give it, by a loop into `ga`
  // (a model's max(z, 0) needs none for its constant 0).
  static void a_side_looped(const Tensor& a, const Tensor& b, const Tensor& g,
                            Tensor& ga) {
    const std::size_t step = b.dimension() == 0 ? 0 : 1;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const double ai = a.data()[i], bi = b.data()[i * step];
      const double shared = ai == bi ? g.data()[i] / 2.0 : g.data()[i];
      ga.data()[i] = ai < bi ? 0.0 : shared;
    }
  }
};

}  // namespace

Variable add(const Variable& a, const Variable& b) {
  return Add::apply(a, b);
}
Variable sub(const Variable& a, const Variable& b) {
  return Sub::apply(a, b);
}
Variable mul(const Variable& a, const Variable& b) {
  return Mul::apply(a, b);
}
Variable div(const Variable& a, const Variable& b) {
  return Div::apply(a, b);
}
Variable neg(const Variable& a) {
  return Neg::apply(a);
}
Variable maximum(const Variable& a, const Variable& b) {
  return Maximum::apply(a, b);
}
Variable maximum(const Variable& a, double c) {
  return Maximum::apply(a, scalar(c));
}
Variable scalar(double value) {
  return Variable(Tensor(value));
}

}  // namespace blocks::autograd
