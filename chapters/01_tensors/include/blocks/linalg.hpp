#pragma once
/// \file
/// \brief Matrix products for `(batch, features)` data, checked before they
/// reach BLAS.

#include "blocks/tensor.hpp"

namespace blocks {

/// \brief The matrix product \f$A B\f$ of two 2-D tensors, computed by
/// `xt::linalg::dot` (BLAS `dgemm`).
///
/// \param a  shape \f$(n, k)\f$
/// \param b  shape \f$(k, m)\f$
/// \return   shape \f$(n, m)\f$; all zeros when \f$k = 0\f$
/// \throws ShapeError when either is not 2-D or the inner extents differ,
///         naming both shapes.
Tensor matmul(const Tensor& a, const Tensor& b);

}  // namespace blocks
