#pragma once
/// \file
/// \brief Matrix products for `(batch, features)` data, checked before they
/// reach BLAS.

#include <cstddef>

#include "blocks/tensor.hpp"

namespace blocks {

/// \brief The matrix product \f$A B\f$ of two 2-D tensors, computed by
/// `xt::linalg::dot` (BLAS `dgemm`), by small_matmul when the product
/// has at most kSmallProduct multiply-adds, or by matrix_vector when one
/// side is a single column or row.
///
/// \param a  shape \f$(n, k)\f$
/// \param b  shape \f$(k, m)\f$
/// \return   shape \f$(n, m)\f$; all zeros when \f$k = 0\f$
/// \throws ShapeError when either is not 2-D or the inner extents differ,
///         naming both shapes.
Tensor matmul(const Tensor& a, const Tensor& b);

/// \brief The largest product, in multiply-adds \f$n k m\f$, that matmul
/// computes with small_matmul instead of BLAS (the page's "Making it fast"
/// gives the measurements behind it).
inline constexpr std::size_t kSmallProduct = 1024;

/// \brief The textbook loop for \f$A B\f$: each \f$c_{ij}\f$ adds its
/// \f$k\f$ terms in order. No checks: matmul checks the shapes first.
///
/// \param a  shape \f$(n, k)\f$, \f$n, k > 0\f$
/// \param b  shape \f$(k, m)\f$, \f$m > 0\f$
/// \return   shape \f$(n, m)\f$; equal to BLAS's product within rounding
Tensor small_matmul(const Tensor& a, const Tensor& b);

/// \brief \f$A B\f$ when \f$B\f$ is one column or \f$A\f$ one row, by
/// BLAS's matrix-vector product (`dgemv`), which reads the matrix once
/// where `dgemm` first copies it into blocks. No checks: matmul checks the
/// shapes first.
/// \param a  shape \f$(n, k)\f$, or \f$(1, k)\f$
/// \param b  shape \f$(k, 1)\f$, or \f$(k, m)\f$
/// \return   shape \f$(n, 1)\f$ or \f$(1, m)\f$; equal to BLAS's
///           `dgemm` product within rounding
Tensor matrix_vector(const Tensor& a, const Tensor& b);

}  // namespace blocks
