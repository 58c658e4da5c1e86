// Element-wise functions of one argument: f(a) with gradient g * f'(a).
#include <optional>
#include <vector>

#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "blocks/autograd/ops.hpp"

namespace blocks::autograd {

namespace {

// What a backward receives, one gradient per output, and what it returns,
// one per argument, each a tensor or std::nullopt ("no gradient").
using Grads = std::vector<Tensor>;
using GradsOrNone = std::vector<std::optional<Tensor>>;

// Exp, Sigmoid and Relu save their output: f' is cheaper from it.
struct Exp : Function<Exp> {
  static constexpr const char* name = "Exp";
  static Tensor forward(Context& ctx, const Tensor& a) {
    Tensor y = xt::exp(a);
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    return {g[0] * ctx.saved(0)};
  }
};

struct Log : Function<Log> {
  static constexpr const char* name = "Log";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return xt::log(a);
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    return {g[0] / ctx.saved(0)};
  }
};

struct Log1p : Function<Log1p> {
  static constexpr const char* name = "Log1p";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return xt::log1p(a);
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    return {g[0] / (1.0 + ctx.saved(0))};
  }
};

struct Abs : Function<Abs> {
  static constexpr const char* name = "Abs";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return xt::abs(a);
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // PyTorch's sgn(): 0 at NaN (xt::sign gives NaN there).
    const Tensor& a = ctx.saved(0);
    return {g[0] * xt::where(a > 0.0, 1.0, xt::where(a < 0.0, -1.0, 0.0))};
  }
};

struct Sigmoid : Function<Sigmoid> {
  static constexpr const char* name = "Sigmoid";
  static Tensor forward(Context& ctx, const Tensor& a) {
    Tensor y = 1.0 / (1.0 + xt::exp(-a));
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const Tensor& y = ctx.saved(0);
    return {g[0] * y * (1.0 - y)};
  }
};

struct Relu : Function<Relu> {
  static constexpr const char* name = "Relu";
  static Tensor forward(Context& ctx, const Tensor& a) {
    // Only negatives become 0: NaN stays NaN and -0 stays -0, as in
    // PyTorch (xt::maximum turned NaN into 0).
    Tensor y = xt::where(a < 0.0, 0.0, a);
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // PyTorch's threshold_backward on the output: the gradient passes
    // unless y <= 0, so it also passes at NaN.
    return {xt::where(ctx.saved(0) <= 0.0, 0.0, g[0])};
  }
};

}  // namespace

Variable exp(const Variable& a) {
  return Exp::apply(a);
}
Variable log(const Variable& a) {
  return Log::apply(a);
}
Variable log1p(const Variable& a) {
  return Log1p::apply(a);
}
Variable abs(const Variable& a) {
  return Abs::apply(a);
}
Variable sigmoid(const Variable& a) {
  return Sigmoid::apply(a);
}
Variable relu(const Variable& a) {
  return Relu::apply(a);
}

}  // namespace blocks::autograd
