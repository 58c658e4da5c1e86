// Operations that move values between positions: matrix product,
// transpose, reshape, and the reductions sum and mean.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include <xtensor/xbroadcast.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xreducer.hpp>

#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"

namespace blocks::autograd {

namespace {

// What a backward receives, one gradient per output, and what it returns,
// one per argument, each a tensor or std::nullopt ("no gradient").
using Grads = std::vector<Tensor>;
using GradsOrNone = std::vector<std::optional<Tensor>>;

// A copy with the axes reversed. Rank 2, the case of every matrix
// product, is a loop over 16 x 16 tiles: copying xtensor's transposed view
// walks it with a general stepper, which cost more than the small
// products; and a plain row-by-row loop writes a column whose addresses
// lie a row apart, which for 256 rows (2 KiB apart) fall into two of the
// L1 cache's sets and evict one another: transposing a 256 x 100 batch
// took about 120 us that way, three quarters of a builtin step. A tile's 16
// columns fit the cache however long the rows are.
Tensor transposed(const Tensor& t) {
  if (t.dimension() != 2) return xt::transpose(t);
  constexpr std::size_t kTile = 16;
  const std::size_t rows = t.shape(0), cols = t.shape(1);
  if (rows == 1 || cols == 1) {
    // A row or a column: its transpose has its elements in their order.
    Tensor out = Tensor::from_shape({cols, rows});
    std::copy(t.begin(), t.end(), out.begin());
    return out;
  }
  Tensor out = Tensor::from_shape({cols, rows});
  const double* from = t.data();
  double* to = out.data();
  for (std::size_t i0 = 0; i0 < rows; i0 += kTile) {
    const std::size_t i1 = std::min(rows, i0 + kTile);
    for (std::size_t j0 = 0; j0 < cols; j0 += kTile) {
      const std::size_t j1 = std::min(cols, j0 + kTile);
      for (std::size_t j = j0; j < j1; ++j) {
        for (std::size_t i = i0; i < i1; ++i)
          to[j * rows + i] = from[i * cols + j];
      }
    }
  }
  return out;
}

// \f$A^T G\f$, the gradient of B in C = A B. When G is one column (a model
// with one output, as ours) it is computed as \f$(G^T A)^T\f$: the
// transposes are of a column and a row, where \f$A^T\f$ would copy the
// whole batch first.
Tensor transposed_times(const Tensor& a, const Tensor& g) {
  if (g.shape(1) != 1) return blocks::matmul(transposed(a), g);
  Tensor row = blocks::matmul(transposed(g), a);
  row.reshape({a.shape(1), std::size_t{1}});
  return row;
}

struct Mm : Function<Mm> {
  static constexpr const char* name = "Mm";
  static Tensor forward(Context& ctx, const Tensor& a, const Tensor& b) {
    ctx.save_for_backward(a, b);
    return blocks::matmul(a, b);  // checks both shapes
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    // For C = A B: dL/dA = dL/dC Bᵀ and dL/dB = Aᵀ dL/dC.
    const Tensor& a = ctx.saved(0);
    const Tensor& b = ctx.saved(1);
    GradsOrNone grads(2);  // None for an argument that needs none
    if (ctx.needs_input_grad(0)) grads[0] = blocks::matmul(g[0], transposed(b));
    if (ctx.needs_input_grad(1)) grads[1] = transposed_times(a, g[0]);
    return grads;
  }
};

struct T : Function<T> {
  static constexpr const char* name = "T";
  static Tensor forward(Context&, const Tensor& a) { return transposed(a); }
  static GradsOrNone backward(Context&, const Grads& g) {
    return {transposed(g[0])};
  }
};

struct Reshape : Function<Reshape> {
  static constexpr const char* name = "Reshape";
  static Tensor forward(Context& ctx, const Tensor& a, const Shape& shape) {
    // Saturate rather than wrap: 4 * (2^62 + 1) must not pass for 4.
    std::size_t count = 1;
    for (auto extent : shape) {
      count =
          extent != 0 && count > SIZE_MAX / extent ? SIZE_MAX : count * extent;
    }
    if (count != a.size()) {
      throw ShapeError("reshape: shape " + shape_string(shape) +
                       " is invalid for input of shape " +
                       shape_string(a.shape()) + " (" +
                       std::to_string(a.size()) + " elements)");
    }
    ctx.saved_data["shape"] = a.shape();
    Tensor result = a;
    result.reshape(shape);
    return result;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    Tensor result = g[0];
    result.reshape(std::any_cast<Shape>(ctx.saved_data.at("shape")));
    return {std::move(result), std::nullopt};  // none for the shape
  }
};

std::size_t normalize_axis(std::ptrdiff_t axis, std::size_t rank,
                           const std::string& op) {
  const auto r = static_cast<std::ptrdiff_t>(rank);
  if (axis < -r || axis >= r) {
    throw ShapeError(op +
                     ": dimension out of range (expected "
                     "to be in range of [" +
                     std::to_string(-r) + ", " + std::to_string(r - 1) +
                     "], but got " + std::to_string(axis) + ")");
  }
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

constexpr std::ptrdiff_t kAll = PTRDIFF_MIN;  // "reduce every axis"

// What a reduction leaves for its backward: the shape the gradient is
// read as (the input's, with extent 1 on each reduced axis), the input's
// shape, and the weight of each element. One entry in saved_data: three
// cost more than a small mean itself.
struct Spread {
  Shape kept;
  Shape input;
  double scale;
};

// Sum and mean share one backward: every reduced element contributed with
// weight `scale` (1 for a sum, 1/n for a mean), so the gradient is copied
// back along the reduced axes and scaled.
template <bool Mean>
struct Reduce : Function<Reduce<Mean>> {
  static constexpr const char* name = Mean ? "Mean" : "Sum";
  static Tensor forward(Context& ctx, const Tensor& a, std::ptrdiff_t axis,
                        bool keepdims) {
    if (axis == kAll) {
      // A plain loop: xtensor's reducer costs more than the sum of a
      // small batch. Same order: element 0 first, row by row.
      double total = 0.0;
      for (const double v : a) total += v;
      return Tensor(total *
                    element_weight(ctx, a, Shape(a.dimension(), 1), a.size()));
    }
    if (a.dimension() == 0) {
      // PyTorch lets a scalar's dims range over [-1, 0], as if it had one
      // dimension of extent 1; reducing it changes nothing.
      normalize_axis(axis, 1, name);
      return Tensor(a() * element_weight(ctx, a, Shape{}, 1));
    }
    const std::size_t ax = normalize_axis(axis, a.dimension(), name);
    Shape kept = a.shape();
    kept[ax] = 1;
    const double scale = element_weight(ctx, a, kept, a.shape(ax));
    const Tensor sum = keepdims ? Tensor(xt::sum(a, {ax}, xt::keep_dims))
                                : Tensor(xt::sum(a, {ax}));
    return sum * scale;
  }
  static GradsOrNone backward(Context& ctx, const Grads& g) {
    const auto& spread =
        std::any_cast<const Spread&>(ctx.saved_data.at("spread"));
    // None for the axis and keepdims, which are not tensors.
    GradsOrNone grads(3);
    if (g[0].size() == 1) {
      // One gradient for every element (a mean of everything): a filled
      // tensor, the same products as broadcasting it.
      grads[0].emplace(spread.input, g[0].data()[0] * spread.scale);
    } else {
      Tensor copies =
          xt::broadcast(xt::reshape_view(g[0], spread.kept), spread.input);
      grads[0] = copies * spread.scale;
    }
    return grads;
  }

 private:
  // The weight of each of the `n` elements reduced into one, and, when a
  // backward will read it (not under NoGradGuard, say), what that
  // backward needs.
  static double element_weight(Context& ctx, const Tensor& a, const Shape& kept,
                               std::size_t n) {
    const double scale = Mean ? 1.0 / static_cast<double>(n) : 1.0;
    if (ctx.needs_input_grad(0)) {
      ctx.saved_data["spread"] = Spread{kept, a.shape(), scale};
    }
    return scale;
  }
};

}  // namespace

Variable matmul(const Variable& a, const Variable& b) {
  return Mm::apply(a, b);
}
Variable transpose(const Variable& a) {
  return T::apply(a);
}
Variable reshape(const Variable& a, const Shape& shape) {
  return Reshape::apply(a, shape);
}
Variable sum(const Variable& a) {
  return Reduce<false>::apply(a, kAll, false);
}
Variable sum(const Variable& a, std::ptrdiff_t axis, bool keepdims) {
  return Reduce<false>::apply(a, axis, keepdims);
}
Variable mean(const Variable& a) {
  return Reduce<true>::apply(a, kAll, false);
}
Variable mean(const Variable& a, std::ptrdiff_t axis, bool keepdims) {
  return Reduce<true>::apply(a, axis, keepdims);
}

}  // namespace blocks::autograd
