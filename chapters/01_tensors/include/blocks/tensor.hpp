#pragma once
/// \file
/// \brief The course's tensor type and the shape rules every later chapter
/// relies on.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include <xtensor/xarray.hpp>

#include "blocks/detail/recycling_allocator.hpp"

namespace blocks {

// [tensor-type]
/// n-D doubles, row-major, like float64: `xt::xarray<double>`, whose
/// elements come from a cache of recycled blocks (the third argument; the
/// chapter's "Making it fast" says why).
using Tensor = xt::xarray<double, xt::layout_type::row_major,
                          detail::RecyclingAllocator<double>>;
using Shape = Tensor::shape_type;  ///< one extent per dimension
// [tensor-type]

/// \brief The shape of `a op b` under NumPy/PyTorch broadcasting.
///
/// Shapes are aligned at their last dimension; a missing dimension counts
/// as 1; two extents fit when they are equal or one of them is 1.
/// \param a, b  the operands' shapes
/// \param op    the operation's name, used in the error message
/// \throws ShapeError naming the operation, both shapes and the dimension
///         that does not fit.
Shape broadcast_shape(const Shape& a, const Shape& b, std::string_view op);

/// \brief A column, shape \f$(n, 1)\f$, from its values.
///
/// Written as nested braces, `Tensor{{1.0}, {2.0}}` is ambiguous in C++
/// (the inner braces may also be read as plain numbers), so columns such as
/// the notebook's `(m, 1)` labels are made with this helper.
Tensor column(std::initializer_list<double> values);

/// \brief Throws a ShapeError unless `t` has exactly `rank` dimensions.
/// \param t     the tensor to check
/// \param rank  the number of dimensions it must have
/// \param what  the operation and argument, e.g. `"matmul: a"`
void require_rank(const Tensor& t, std::size_t rank, std::string_view what);

/// \brief Throws a ShapeError unless `a` and `b` have the same shape.
/// \param a, b  the tensors to compare
/// \param op    the operation's name, used in the error message
void require_same_shape(const Tensor& a, const Tensor& b, std::string_view op);

}  // namespace blocks
