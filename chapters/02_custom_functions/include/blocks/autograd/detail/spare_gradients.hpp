#pragma once
/// \file
/// \brief The vectors a backward returns its gradients in, kept per thread
/// from one training step to the next with their small gradient tensors.
/// Part of the tuned code ("Making it fast" in \ref ch02_custom_functions);
/// nothing the reader's own Functions need.
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <vector>

#include "blocks/tensor.hpp"

namespace blocks::autograd::detail {

/// \brief A vector of `count` entries for a backward to fill and return:
/// one the engine gave back after an earlier walk when this thread has
/// one, else a new one. Its entries may still hold that walk's gradient
/// tensors, so the backward must set every entry: gradient_in() for each
/// gradient it returns, `reset()` for the others. A new vector cost a
/// malloc and a free per node of every training step, and a new tensor
/// its shape and stride arithmetic.
std::vector<std::optional<Tensor>> spare_gradients(std::size_t count);

/// \brief Takes back a vector a backward returned, once the walk no longer
/// reads its gradients. Up to a few small ones per thread are kept with
/// their tensors for spare_gradients(); the rest is freed.
void give_back_gradients(std::vector<std::optional<Tensor>>&& spent);

/// \brief Whether `t` is a whole tensor of these extents (a moved-from one
/// is not, whatever its shape says).
template <class Extents>
bool holds_extents(const Tensor& t, const Extents& extents) {
  const Shape& shape = t.shape();
  std::size_t count = 1, rank = 0;
  for (auto e = std::begin(extents); e != std::end(extents); ++e, ++rank) {
    if (rank >= shape.size() || shape[rank] != *e) return false;
    count *= *e;
  }
  return rank == shape.size() && t.storage().size() == count;
}

/// \brief The tensor in `slot`, of shape `extents`, for a gradient whose
/// every element the caller then writes: the one already there when it
/// has that shape, else a new one (its elements are left as they were).
inline Tensor& gradient_in(std::optional<Tensor>& slot, const Shape& shape) {
  if (slot && holds_extents(*slot, shape)) return *slot;
  return slot.emplace(shape);  // built in place: moving one costs as much
}
/// \brief gradient_in() for extents written out, `{batch, in}`.
inline Tensor& gradient_in(std::optional<Tensor>& slot,
                           std::initializer_list<std::size_t> extents) {
  if (slot && holds_extents(*slot, extents)) return *slot;
  return slot.emplace(Shape(extents.begin(), extents.end()));
}

}  // namespace blocks::autograd::detail
