// The custom Functions as loops over raw element pointers. Each xtensor
// expression in the taught code builds its shape, strides and an iterator
// per operand before it computes anything, which on the notebook's batch
// of five costs far more than the arithmetic. Every loop below does the
// taught code's operations in the taught code's order, so the results are
// equal to the bit; tests/test_custom_functions_fast.cpp checks it. Each
// gradient is built in its slot of the returned vector: moving a small
// tensor costs about as much as adding two.
#include "blocks/autograd/custom_functions_fast.hpp"

#include <cmath>
#include <cstddef>

#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/detail/spare_gradients.hpp"
#include "blocks/detail/same_shape.hpp"
#include "blocks/linalg.hpp"

namespace blocks::autograd::fast {

namespace {

using Gradients = std::vector<std::optional<Tensor>>;

// Whether x (batch, in), w (out, in) and b (out,) fit and their product is
// one that blocks::matmul computes with small_matmul's loop (none empty,
// at most kSmallProduct multiply-adds); otherwise the taught code runs.
bool small_linear(const Tensor& x, const Tensor& w, const Tensor& b) {
  if (x.dimension() != 2 || w.dimension() != 2 || b.dimension() != 1) {
    return false;
  }
  const std::size_t batch = x.shape(0), in = x.shape(1), out = w.shape(0);
  if (w.shape(1) != in || b.shape(0) != out) return false;
  const std::size_t product = batch * in * out;
  return product != 0 && product <= kSmallProduct;
}

// c (n, m) = a (n, k) times b (k, m), where a(i, p) = a[i * a_row + p *
// a_step] so that a transposed operand is read in place. Each c(i, j)
// adds its k terms in order from 0, as small_matmul does, but a whole row
// of c at a time: term p of every c(i, j) in the row comes from row p of
// b, read left to right, a loop the compiler runs two or four columns at
// a time. Every element still sees the same additions in the same order.
void small_product(const double* a, std::size_t a_row, std::size_t a_step,
                   const double* b, std::size_t n, std::size_t k, std::size_t m,
                   double* c) {
  for (std::size_t i = 0; i < n; ++i) {
    double* c_row = c + i * m;
    for (std::size_t j = 0; j < m; ++j) c_row[j] = 0.0;
    for (std::size_t p = 0; p < k; ++p) {
      const double a_ip = a[i * a_row + p * a_step];
      const double* b_row = b + p * m;
      for (std::size_t j = 0; j < m; ++j) c_row[j] += a_ip * b_row[j];
    }
  }
}

}  // namespace

Tensor LinearFunction::forward(Context& ctx, const Tensor& x, const Tensor& w,
                               const Tensor& b) {
  if (!small_linear(x, w, b)) {
    return autograd::LinearFunction::forward(ctx, x, w, b);
  }
  ctx.save_for_backward(x, w);
  const std::size_t batch = x.shape(0), in = x.shape(1), out = w.shape(0);
  Tensor z = Tensor::from_shape({batch, out});
  // The taught code multiplies by W transposed into a copy; W itself,
  // read down its rows, holds the same numbers.
  const double* xs = x.data();
  const double* ws = w.data();
  for (std::size_t i = 0; i < batch; ++i) {
    for (std::size_t j = 0; j < out; ++j) {
      double sum = 0.0;
      for (std::size_t p = 0; p < in; ++p) {
        sum += xs[i * in + p] * ws[j * in + p];
      }
      z.data()[i * out + j] = sum + b.data()[j];
    }
  }
  return z;
}

Gradients LinearFunction::backward(Context& ctx,
                                   const std::vector<Tensor>& grad_outputs) {
  const Tensor& g = grad_outputs[0];  // (batch, out)
  const Tensor& x = ctx.saved(0);
  const Tensor& w = ctx.saved(1);
  const std::size_t batch = x.shape(0), in = x.shape(1), out = w.shape(0);
  const std::size_t product = batch * in * out;
  if (product == 0 || product > kSmallProduct) {
    return autograd::LinearFunction::backward(ctx, grad_outputs);
  }
  // Every entry is set: a spare vector may hold an earlier step's tensors.
  Gradients grads = detail::spare_gradients(3);
  if (ctx.needs_input_grad(0)) {  // g W: (batch, out) (out, in)
    Tensor& gx = detail::gradient_in(grads[0], {batch, in});
    small_product(g.data(), out, 1, w.data(), batch, out, in, gx.data());
  } else {
    grads[0].reset();
  }
  if (ctx.needs_input_grad(1)) {  // g^T x: (out, batch) (batch, in)
    Tensor& gw = detail::gradient_in(grads[1], {out, in});
    small_product(g.data(), 1, out, x.data(), out, batch, in, gw.data());
  } else {
    grads[1].reset();
  }
  if (ctx.needs_input_grad(2)) {  // the sum of g's rows, each from 0
    Tensor& gb = detail::gradient_in(grads[2], {out});
    for (std::size_t j = 0; j < out; ++j) {
      double sum = 0.0;
      for (std::size_t i = 0; i < batch; ++i) sum += g.data()[i * out + j];
      gb.data()[j] = sum;
    }
  } else {
    grads[2].reset();
  }
  return grads;
}

// [fast-sigmoid]
namespace {
double sigmoid_of(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}
}  // namespace

// Saves its input, which costs a pointer, not a copy of its result: the
// notebook's loss reads the logits, so this backward never runs there.
// When it does run, it works y out again, the same bits as forward's.
Tensor SigmoidFunction::forward(Context& ctx, const Tensor& z) {
  Tensor y = Tensor::from_shape(z.shape());
  for (std::size_t i = 0; i < z.size(); ++i) {
    y.data()[i] = sigmoid_of(z.data()[i]);
  }
  ctx.save_for_backward(z);
  return y;
}

Gradients SigmoidFunction::backward(Context& ctx,
                                    const std::vector<Tensor>& grad_outputs) {
  const Tensor& g = grad_outputs[0];
  const Tensor& z = ctx.saved(0);
  Gradients grads = detail::spare_gradients(1);
  Tensor& gz = detail::gradient_in(grads[0], z.shape());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double yi = sigmoid_of(z.data()[i]);
    gz.data()[i] = g.data()[i] * yi * (1.0 - yi);
  }
  return grads;
}
// [fast-sigmoid]

Tensor BCEWithLogitsFunction::forward(Context& ctx, const Tensor& z,
                                      const Tensor& y) {
  // xt::mean sums a 2-D tensor row by row, each row from 0, then adds the
  // rows' sums in order; the loop repeats that for one or two dimensions.
  if (!blocks::detail::same_shape(z.shape(), y.shape()) || z.size() == 0 ||
      z.dimension() == 0 || z.dimension() > 2) {
    return autograd::BCEWithLogitsFunction::forward(ctx, z, y);
  }
  ctx.save_for_backward(z, y);
  const std::size_t columns = z.shape(z.dimension() - 1);
  const std::size_t rows = z.size() / columns;
  double total = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    double row_sum = 0.0;
    for (std::size_t c = 0; c < columns; ++c) {
      const double zi = z.data()[r * columns + c];
      const double yi = y.data()[r * columns + c];
      const double loss = ((zi > 0.0 ? zi : 0.0) - zi * yi) +
                          std::log1p(std::exp(-std::abs(zi)));
      row_sum += loss;
    }
    total = r == 0 ? row_sum : total + row_sum;
  }
  return Tensor(total / static_cast<double>(z.size()));
}

Gradients BCEWithLogitsFunction::backward(
    Context& ctx, const std::vector<Tensor>& grad_outputs) {
  const double g = grad_outputs[0]();  // the loss is a scalar
  const Tensor& z = ctx.saved(0);
  const Tensor& y = ctx.saved(1);
  const double m = static_cast<double>(z.size());
  Gradients grads = detail::spare_gradients(2);  // each entry set below
  if (ctx.needs_input_grad(0)) {                 // g (sigma(z) - y) / m
    Tensor& gz = detail::gradient_in(grads[0], z.shape());
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double sigma = sigmoid_of(z.data()[i]);
      gz.data()[i] = g * (sigma - y.data()[i]) / m;
    }
  } else {
    grads[0].reset();
  }
  if (ctx.needs_input_grad(1)) {  // g (-z) / m
    Tensor& gy = detail::gradient_in(grads[1], z.shape());
    for (std::size_t i = 0; i < z.size(); ++i) {
      gy.data()[i] = g * -z.data()[i] / m;
    }
  } else {
    grads[1].reset();
  }
  return grads;
}

}  // namespace blocks::autograd::fast
