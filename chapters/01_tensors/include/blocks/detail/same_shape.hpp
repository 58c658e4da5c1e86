#pragma once
// Whether two shapes are equal, by a loop over their extents. A Shape's
// `==` compares through memcmp, a library call that costs more than the
// two or three extents a training step's tensors have; a recorded
// operation compares several shapes.
#include <cstddef>

namespace blocks::detail {

template <class ShapeA, class ShapeB>
bool same_shape(const ShapeA& a, const ShapeB& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace blocks::detail
