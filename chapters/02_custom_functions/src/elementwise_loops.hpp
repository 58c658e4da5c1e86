#pragma once
// Element-wise arithmetic as plain loops over a tensor's elements, for the
// elementary operations' forwards and backwards. An xtensor expression
// first works out a shape, strides and an iterator per operand, which on
// a small batch costs more than its arithmetic. A loop that does the same
// arithmetic on each element gives the same bits: tests/test_ops_loops.cpp
// checks every operation against the expressions.
#include <cstddef>
#include <optional>
#include <vector>

#include "blocks/detail/same_shape.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd::detail {

// f(a[i]) for each element, into `out` (a's shape).
template <class F>
void map_into(const Tensor& a, F f, Tensor& out) {
  for (std::size_t i = 0; i < a.size(); ++i) out.data()[i] = f(a.data()[i]);
}

// The same, in a new tensor of a's shape.
template <class F>
Tensor map(const Tensor& a, F f) {
  Tensor out = Tensor::from_shape(a.shape());
  map_into(a, f, out);
  return out;
}

// Whether b can be read beside a by a loop over a's elements: b has a's
// shape, or is a scalar (0-d), read at every step. Broadcasting anything
// else is left to xtensor.
inline bool loops_over(const Tensor& a, const Tensor& b) {
  return b.dimension() == 0 || blocks::detail::same_shape(b.shape(), a.shape());
}

// f(a[i], b[i]) for each element of a, into `out` (a's shape), with b as
// loops_over allows.
template <class F>
void zip_into(const Tensor& a, const Tensor& b, F f, Tensor& out) {
  const std::size_t step = b.dimension() == 0 ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    out.data()[i] = f(a.data()[i], b.data()[i * step]);
  }
}

// The same, in a new tensor of a's shape.
template <class F>
Tensor zip(const Tensor& a, const Tensor& b, F f) {
  Tensor out = Tensor::from_shape(a.shape());
  zip_into(a, b, f, out);
  return out;
}

// f(a[i], b[i]) into a gradient's place in a backward's list, built there
// when a loop can read b beside a; otherwise `expression()` (which
// broadcasts) fills it.
template <class F, class Expression>
void zip_into(std::optional<Tensor>& slot, const Tensor& a, const Tensor& b,
              F f, Expression expression) {
  if (loops_over(a, b)) {
    zip_into(a, b, f, slot.emplace(a.shape()));
  } else {
    slot = expression();
  }
}

// What the backward of a one-argument operation returns: one gradient,
// f(g[i], s[i]) for its output's gradient g and a tensor s of g's shape
// that forward saved, built in its place in the list.
template <class F>
std::vector<std::optional<Tensor>> one_gradient(const Tensor& g,
                                                const Tensor& s, F f) {
  std::vector<std::optional<Tensor>> grads(1);
  zip_into(g, s, f, grads[0].emplace(g.shape()));
  return grads;
}

}  // namespace blocks::autograd::detail
