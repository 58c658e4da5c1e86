#include <algorithm>
#include <string>
#include <string_view>

#include "blocks/detail/same_shape.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/tensor.hpp"

namespace blocks {

// [broadcast-rule]
Shape broadcast_shape(const Shape& a, const Shape& b, std::string_view op) {
  const std::size_t rank = std::max(a.size(), b.size());
  Shape result(rank);
  // Walk from the last dimension; a dimension one shape lacks counts as 1.
  for (std::size_t i = 1; i <= rank; ++i) {
    const std::size_t ea = i <= a.size() ? a[a.size() - i] : 1;
    const std::size_t eb = i <= b.size() ? b[b.size() - i] : 1;
    if (ea != eb && ea != 1 && eb != 1) {
      throw ShapeError(std::string(op) + ": shapes " + shape_string(a) +
                       " and " + shape_string(b) +
                       " cannot be broadcast (dimension -" + std::to_string(i) +
                       ": " + std::to_string(ea) + " vs " + std::to_string(eb) +
                       ")");
    }
    result[rank - i] = ea == 1 ? eb : ea;
  }
  return result;
}
// [broadcast-rule]

Tensor column(std::initializer_list<double> values) {
  Tensor result = Tensor::from_shape({values.size(), std::size_t{1}});
  std::copy(values.begin(), values.end(), result.begin());
  return result;
}

// The names arrive as string_view: the checks run on every operation, and
// building a std::string from a literal allocated each time. Only an error
// builds a string.
void require_rank(const Tensor& t, std::size_t rank, std::string_view what) {
  if (t.dimension() != rank) {
    throw ShapeError(std::string(what) + " must be " + std::to_string(rank) +
                     "-D, got shape " + shape_string(t.shape()));
  }
}

void require_same_shape(const Tensor& a, const Tensor& b, std::string_view op) {
  if (!detail::same_shape(a.shape(), b.shape())) {
    throw ShapeError(std::string(op) + ": shapes " + shape_string(a.shape()) +
                     " and " + shape_string(b.shape()) + " must be equal");
  }
}

}  // namespace blocks
