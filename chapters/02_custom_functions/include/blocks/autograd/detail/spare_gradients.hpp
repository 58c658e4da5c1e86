#pragma once
/// \file
/// \brief The vectors a backward returns its gradients in, kept per thread
/// from one training step to the next. Part of the tuned code ("Making it
/// fast" in \ref ch02_custom_functions); nothing the reader's own
/// Functions need.
#include <cstddef>
#include <optional>
#include <vector>

#include "blocks/tensor.hpp"

namespace blocks::autograd::detail {

/// \brief A vector of `count` empty gradients (`std::nullopt`) for a
/// backward to fill and return: one the engine gave back after an earlier
/// walk when this thread has one, else a new one. A new vector cost a
/// malloc and a free per node of every training step.
std::vector<std::optional<Tensor>> spare_gradients(std::size_t count);

/// \brief Takes back a vector a backward returned, once the walk no longer
/// reads its gradients: they are freed now, its storage is kept for
/// spare_gradients() (up to a few small ones per thread; the rest is
/// freed).
void give_back_gradients(std::vector<std::optional<Tensor>>&& spent);

}  // namespace blocks::autograd::detail
