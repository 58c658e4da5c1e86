#pragma once
// Gradient accumulation, shared by the engine's buffers and AccumulateGrad.
#include <cstddef>

#include <xtensor/xnoalias.hpp>

#include "blocks/detail/same_shape.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd::detail {

// sum += g in place. For equal shapes a plain loop: xtensor's assignment
// first works out how the shapes broadcast, which costs more than adding
// the few numbers of a small batch. The same additions, so the same bits.
// (A plain `sum += g` would be `sum = sum + g` in xtensor: a new tensor.)
inline void add_into(Tensor& sum, const Tensor& g) {
  if (blocks::detail::same_shape(sum.shape(), g.shape())) {
    double* out = sum.data();
    const double* in = g.data();
    for (std::size_t i = 0; i < sum.size(); ++i) out[i] += in[i];
    return;
  }
  xt::noalias(sum) += g;
}

}  // namespace blocks::autograd::detail
