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

/// \brief `text` from a file, made fit for an error message: control
/// bytes as `\xNN` (a terminal would act on an escape sequence), and text
/// past `max_chars` cut, its length said (a 10 MB "line" made a 10 MB
/// message).
inline std::string printable(const std::string& text,
                             std::size_t max_chars = 80) {
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < max_chars; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > max_chars) {
    out += "... (" + std::to_string(text.size()) + " bytes)";
  }
  return out;
}

/// \brief printable(text) in single quotes, `'text'`; a cut text's length
/// follows the quotes.
inline std::string single_quoted(const std::string& text,
                                 std::size_t max_chars = 80) {
  if (text.size() <= max_chars) return "'" + printable(text, max_chars) + "'";
  return "'" + printable(text.substr(0, max_chars), max_chars) + "'... (" +
         std::to_string(text.size()) + " bytes)";
}

}  // namespace blocks
