#pragma once
/// \file
/// \brief Differentiable elementary operations on Variables: enough to
/// write logistic regression and its loss "off the shelf", with no
/// hand-written backward (the notebook's `LogisticRegressionLazy`).
///
/// Each is a Function<T> inside, so each appears in the graph as a node
/// named like PyTorch's (`AddBackward`, `MmBackward`, ...). Binary
/// element-wise operations broadcast as NumPy/PyTorch do and throw
/// ShapeError naming the operation and both shapes when they cannot.

#include <cstddef>

#include "blocks/autograd/function.hpp"
#include "blocks/autograd/variable.hpp"

namespace blocks::autograd {

/// \brief \f$a + b\f$, broadcasting (`torch.add`).
Variable add(const Variable& a, const Variable& b);
/// \brief \f$a - b\f$, broadcasting (`torch.sub`).
Variable sub(const Variable& a, const Variable& b);
/// \brief \f$a \odot b\f$, element-wise, broadcasting (`torch.mul`).
Variable mul(const Variable& a, const Variable& b);
/// \brief \f$a / b\f$, element-wise, broadcasting (`torch.div`).
Variable div(const Variable& a, const Variable& b);
/// \brief \f$-a\f$ (`torch.neg`).
Variable neg(const Variable& a);

/// \brief The matrix product of two 2-D Variables (`torch.mm`).
/// \throws ShapeError when either is not 2-D or the inner extents differ.
Variable matmul(const Variable& a, const Variable& b);
/// \brief The axes reversed: rows and columns swapped for a matrix
/// (`x.T`).
Variable transpose(const Variable& a);
/// \brief The same values in a new shape with as many elements
/// (`torch.reshape`).
/// \throws ShapeError when the element counts differ.
Variable reshape(const Variable& a, const Shape& shape);

/// \brief \f$e^{a}\f$ element-wise (`torch.exp`).
Variable exp(const Variable& a);
/// \brief \f$\ln a\f$ element-wise (`torch.log`).
Variable log(const Variable& a);
/// \brief \f$\ln(1 + a)\f$, accurate for small \f$a\f$ (`torch.log1p`).
Variable log1p(const Variable& a);
/// \brief \f$|a|\f$; the gradient at 0 is 0, as `torch.abs`'s.
Variable abs(const Variable& a);
/// \brief \f$\sigma(a) = 1/(1 + e^{-a})\f$ (`torch.sigmoid`).
Variable sigmoid(const Variable& a);
/// \brief \f$\max(a, 0)\f$; the gradient at 0 is 0 and NaN stays NaN, as
/// with `torch.relu`.
Variable relu(const Variable& a);
/// \brief Element-wise maximum, broadcasting (`torch.maximum`); a NaN on
/// either side gives NaN, and at a tie each side receives half the
/// gradient, as in PyTorch.
Variable maximum(const Variable& a, const Variable& b);
/// \brief Element-wise \f$\max(a, c)\f$ with a constant \f$c\f$; ties
/// split the gradient as maximum() does.
Variable maximum(const Variable& a, double c);

/// \brief The sum of all elements, shape `()` (`x.sum()`).
Variable sum(const Variable& a);
/// \brief The sum along `axis` (negative counts from the end), dropping it
/// unless `keepdims` (`x.sum(dim, keepdim)`).
/// \throws ShapeError when `axis` is out of range.
Variable sum(const Variable& a, std::ptrdiff_t axis, bool keepdims = false);
/// \brief The mean of all elements, shape `()` (`x.mean()`).
Variable mean(const Variable& a);
/// \brief The mean along `axis`, as sum(a, axis, keepdims) divided by the
/// axis' extent (`x.mean(dim, keepdim)`).
Variable mean(const Variable& a, std::ptrdiff_t axis, bool keepdims = false);

/// \brief A constant Variable holding one number, shape `()`.
Variable scalar(double value);

/// \brief add(a, b).
inline Variable operator+(const Variable& a, const Variable& b) {
  return add(a, b);
}
/// \brief sub(a, b).
inline Variable operator-(const Variable& a, const Variable& b) {
  return sub(a, b);
}
/// \brief mul(a, b).
inline Variable operator*(const Variable& a, const Variable& b) {
  return mul(a, b);
}
/// \brief div(a, b).
inline Variable operator/(const Variable& a, const Variable& b) {
  return div(a, b);
}
/// \brief neg(a).
inline Variable operator-(const Variable& a) {
  return neg(a);
}
/// \brief \f$a + c\f$ for a constant \f$c\f$.
inline Variable operator+(const Variable& a, double c) {
  return add(a, scalar(c));
}
/// \brief \f$c + a\f$ for a constant \f$c\f$.
inline Variable operator+(double c, const Variable& a) {
  return add(scalar(c), a);
}
/// \brief \f$a - c\f$ for a constant \f$c\f$.
inline Variable operator-(const Variable& a, double c) {
  return sub(a, scalar(c));
}
/// \brief \f$c - a\f$ for a constant \f$c\f$.
inline Variable operator-(double c, const Variable& a) {
  return sub(scalar(c), a);
}
/// \brief \f$a \cdot c\f$ for a constant \f$c\f$.
inline Variable operator*(const Variable& a, double c) {
  return mul(a, scalar(c));
}
/// \brief \f$c \cdot a\f$ for a constant \f$c\f$.
inline Variable operator*(double c, const Variable& a) {
  return mul(scalar(c), a);
}
/// \brief \f$a / c\f$ for a constant \f$c\f$.
inline Variable operator/(const Variable& a, double c) {
  return div(a, scalar(c));
}
/// \brief \f$c / a\f$ for a constant \f$c\f$.
inline Variable operator/(double c, const Variable& a) {
  return div(scalar(c), a);
}

}  // namespace blocks::autograd
