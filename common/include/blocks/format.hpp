#pragma once
/// \file
/// \brief Formatting shapes and values for error messages and test reports.

#include <cstddef>
#include <sstream>
#include <string>

namespace blocks {

/// \brief A shape as NumPy prints it: `(2, 3)`, `(3,)` or `()`.
template <class Shape>
std::string shape_string(const Shape& shape) {
  std::ostringstream out;
  out << '(';
  std::size_t n = 0;
  for (auto extent : shape) {
    out << (n++ ? ", " : "") << extent;
  }
  out << (n == 1 ? ",)" : ")");
  return out.str();
}

/// \brief A double with enough digits to round-trip (17 significant).
inline std::string full_precision(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace blocks
