#pragma once
// A shape as a graph node keeps it: a node keeps one per argument and one
// per result, for the checks on what backward returns and for the zeros
// of a gradient that never arrived. Copying a Shape (xtensor's svector)
// calls memmove, which costs more than copying a training step's two or
// three extents one at a time, and a KeptShape keeps four or fewer
// extents in place.
#include <array>
#include <cstddef>
#include <vector>

#include "blocks/tensor.hpp"

namespace blocks::autograd::detail {

class KeptShape {
 public:
  // No shape: the argument was not a Variable.
  KeptShape() noexcept = default;
  explicit KeptShape(const Shape& shape)
      : rank_(shape.size()), has_value_(true) {
    if (rank_ > kInline) {
      large_.assign(shape.begin(), shape.end());
      return;
    }
    // Four fixed steps, each copying an extent the shape has: the compiler
    // unrolls them into compares and moves. A loop up to the rank would
    // become a call to memmove, and a switch on it an indirect jump.
    for (std::size_t i = 0; i < kInline; ++i) {
      if (i < rank_) small_[i] = shape[i];
    }
  }

  bool has_value() const noexcept { return has_value_; }
  std::size_t size() const noexcept { return rank_; }
  std::size_t operator[](std::size_t i) const noexcept {
    return rank_ > kInline ? large_[i] : small_[i];
  }
  // As a Shape again, for the rare paths that build a tensor from it.
  Shape shape() const {
    const std::size_t* first = rank_ > kInline ? large_.data() : small_.data();
    return Shape(first, first + rank_);
  }

 private:
  static constexpr std::size_t kInline = 4;
  std::array<std::size_t, kInline> small_{};
  std::size_t rank_ = 0;
  bool has_value_ = false;
  std::vector<std::size_t> large_;  // used past kInline extents only
};

}  // namespace blocks::autograd::detail
