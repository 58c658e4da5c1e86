#pragma once
/// \file
/// \brief The one grammar every program reads its values with: numbers,
/// whole numbers, counts, booleans and lists. A value either parses whole
/// or is an error that names where it came from and what was wrong.
///
/// - A number is decimal: an optional sign, digits with an optional point
///   (or a point and digits), an optional exponent: `0.1`, `-2`, `3e-1`,
///   `.5`. It is read correctly rounded (`strtod`); a subnormal such as
///   `1e-320` is a number, as in NumPy. `inf`, `nan`, hexadecimal, spaces
///   and the empty text are not, and a number too large for a double is
///   refused, not made infinite.
/// - A whole number is decimal digits only, below \f$2^{64}\f$; a count is
///   a whole number of at least 1 (a batch size, a number of rows).
/// - An integer is a whole number with an optional minus sign that fits
///   64 bits.
/// - A boolean is `true` or `false`; `True`, `False`, `1` and `0` are
///   accepted too, as Python users write them.
/// - A list is numbers separated by commas, with no empty item.

#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::cli {

namespace detail {

inline bool all_digits(const std::string& text, std::size_t from = 0) {
  return text.size() > from &&
         text.find_first_not_of("0123456789", from) == std::string::npos;
}

// Optional sign, digits/point/digits with at least one digit, optional
// exponent with at least one digit: the shape strtod must consume whole.
inline bool decimal_shape(const std::string& t) {
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    if (!all_digits(t.substr(i))) return false;
    i = t.size();
  }
  return i == t.size();
}

inline void refuse(const std::string& what, const std::string& why) {
  throw ValueError(what + ": " + why);
}

}  // namespace detail

/// \brief A number (see the file's grammar).
/// \throws ValueError "what: 'text' is not a number", or "... is too large
///         for a double".
inline double parse_number(const std::string& text, const std::string& what) {
  if (!detail::decimal_shape(text)) {
    detail::refuse(what, single_quoted(text) + " is not a number");
  }
  errno = 0;
  const double value = std::strtod(text.c_str(), nullptr);
  // strtod also sets ERANGE for a subnormal or zero result: only an
  // infinite one means the text was too large.
  if (errno == ERANGE && std::isinf(value)) {
    detail::refuse(what, single_quoted(text) + " is too large for a double");
  }
  return value;
}

/// \brief A number as a file stores it: the grammar's number, or the
/// `inf`, `-inf`, `nan` and `-nan` that C++ streams, NumPy and Python
/// write for those values (the reader decides whether it may hold them).
/// What the state dict, the checkpoint, a CSV table and the goldens are
/// read with.
/// \throws ValueError as parse_number().
inline double parse_stored_number(const std::string& text,
                                  const std::string& what) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return inf;
  if (text == "-inf") return -inf;
  if (text == "nan") return nan;
  if (text == "-nan") return -nan;
  return parse_number(text, what);
}

/// \brief Numbers separated by commas, such as `0.1,-2,3e-1`.
/// \throws ValueError naming the first item that is not a number.
inline std::vector<double> parse_number_list(const std::string& text,
                                             const std::string& what) {
  std::vector<double> values;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    values.push_back(parse_number(item, what));
  }
  // getline drops a last empty item ("1," or ""): it is not a number.
  if (text.empty() || text.back() == ',') parse_number("", what);
  return values;
}

/// \brief A whole number below \f$2^{64}\f$ (digits only).
/// \throws ValueError "what: must not be negative, got -1", "... must be a
///         whole number, got x" or "... must be below 2^64, got ...".
inline std::uint64_t parse_whole(const std::string& text,
                                 const std::string& what) {
  if (text.rfind('-', 0) == 0 && detail::decimal_shape(text)) {
    detail::refuse(what, "must not be negative, got " + text);
  }
  if (!detail::all_digits(text)) {
    detail::refuse(what, "must be a whole number, got " + single_quoted(text));
  }
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    detail::refuse(what, "must be below 2^64, got " + text);
  }
  return value;
}

/// \brief A whole number of at least 1 that fits `std::size_t`.
/// \throws ValueError as parse_whole() does, or "what: must be at least 1,
///         got 0".
inline std::size_t parse_count(const std::string& text,
                               const std::string& what) {
  const std::uint64_t value = parse_whole(text, what);
  if (value == 0) detail::refuse(what, "must be at least 1, got 0");
  if (value > SIZE_MAX) detail::refuse(what, text + " is too large");
  return static_cast<std::size_t>(value);
}

/// \brief A whole number with an optional minus sign that fits 64 bits.
/// \throws ValueError "what: 'text' is not a whole number" or "... does
///         not fit 64 bits".
inline std::int64_t parse_integer(const std::string& text,
                                  const std::string& what) {
  const std::size_t from = text.rfind('-', 0) == 0 ? 1 : 0;
  if (!detail::all_digits(text, from)) {
    detail::refuse(what, single_quoted(text) + " is not a whole number");
  }
  errno = 0;
  const long long value = std::strtoll(text.c_str(), nullptr, 10);
  if (errno == ERANGE) {
    detail::refuse(what, single_quoted(text) + " does not fit 64 bits");
  }
  return value;
}

/// \brief `true` or `false` (also `True`/`False`, `1`/`0`).
/// \throws ValueError "what: 'text' is neither true nor false".
inline bool parse_bool(const std::string& text, const std::string& what) {
  if (text == "true" || text == "True" || text == "1") return true;
  if (text == "false" || text == "False" || text == "0") return false;
  detail::refuse(what, single_quoted(text) + " is neither true nor false");
  return false;  // not reached
}

}  // namespace blocks::cli
