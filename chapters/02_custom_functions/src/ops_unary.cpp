// Element-wise functions of one argument: f(a) with gradient g * f'(a).
#include <cmath>
#include <optional>
#include <vector>

#include "blocks/autograd/ops.hpp"
#include "elementwise_loops.hpp"

namespace blocks::autograd {

namespace {

// What a backward receives, one gradient per output, and what it returns,
// one per argument, each a tensor or std::nullopt ("no gradient").
using Grads = std::vector<Tensor>;
using GradsOrNone = std::vector<std::optional<Tensor>>;

// Each is a loop over the elements (elementwise_loops.hpp), which gives
// the bits of the xtensor expression in its comment at a fraction of its
// cost on a small batch. Exp, Sigmoid and Relu save their output: f' is
// cheaper from it.
struct Exp : Function<Exp> {
  static constexpr const char* name = "Exp";
  static Tensor forward(Context& ctx, const Tensor& a) {
    // xt::exp(a)
    Tensor y = detail::map(a, [](double v) { return std::exp(v); });
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // g[0] * y
    return detail::one_gradient(g[0], ctx.saved(0),
                                [](double gi, double yi) { return gi * yi; });
  }
};

struct Log : Function<Log> {
  static constexpr const char* name = "Log";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return detail::map(a, [](double v) { return std::log(v); });  // xt::log
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // g[0] / a
    return detail::one_gradient(g[0], ctx.saved(0),
                                [](double gi, double ai) { return gi / ai; });
  }
};

struct Log1p : Function<Log1p> {
  static constexpr const char* name = "Log1p";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return detail::map(a, [](double v) { return std::log1p(v); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // g[0] / (1.0 + a)
    return detail::one_gradient(g[0], ctx.saved(0), [](double gi, double ai) {
      return gi / (1.0 + ai);
    });
  }
};

struct Abs : Function<Abs> {
  static constexpr const char* name = "Abs";
  static Tensor forward(Context& ctx, const Tensor& a) {
    ctx.save_for_backward(a);
    return detail::map(a, [](double v) { return std::abs(v); });
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // g[0] times PyTorch's sgn(a): 0 at NaN (xt::sign gives NaN there).
    return detail::one_gradient(g[0], ctx.saved(0), [](double gi, double ai) {
      return gi * (ai > 0.0 ? 1.0 : ai < 0.0 ? -1.0 : 0.0);
    });
  }
};

// [loop-sigmoid]
struct Sigmoid : Function<Sigmoid> {
  static constexpr const char* name = "Sigmoid";
  static Tensor forward(Context& ctx, const Tensor& a) {
    // 1.0 / (1.0 + xt::exp(-a))
    Tensor y =
        detail::map(a, [](double v) { return 1.0 / (1.0 + std::exp(-v)); });
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // g[0] * y * (1.0 - y)
    return detail::one_gradient(g[0], ctx.saved(0), [](double gi, double yi) {
      return gi * yi * (1.0 - yi);
    });
  }
};
// [loop-sigmoid]

struct Relu : Function<Relu> {
  static constexpr const char* name = "Relu";
  static Tensor forward(Context& ctx, const Tensor& a) {
    // Only negatives become 0: NaN stays NaN and -0 stays -0, as in
    // PyTorch (xt::maximum turned NaN into 0).
    Tensor y = detail::map(a, [](double v) { return v < 0.0 ? 0.0 : v; });
    ctx.save_for_backward(y);
    return y;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // PyTorch's threshold_backward on the output: the gradient passes
    // unless y <= 0, so it also passes at NaN.
    return detail::one_gradient(g[0], ctx.saved(0), [](double gi, double yi) {
      return yi <= 0.0 ? 0.0 : gi;
    });
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
