#pragma once
/// \file
/// \brief The values of the programs' text flags and arguments
/// (`blocks-train`, `blocks-train-distributed`, `blocks-bench-fused`), read
/// strictly: a value that does not parse whole is an error that names it.

#include <cstddef>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/error.hpp"

namespace blocks {

/// \brief The numbers of a comma-separated list such as `0.1,-2,3e-1`.
/// \throws ValueError "flag: 'item' is not a number" for an item that is
///         not a whole number text (`1.5x`, empty, `abc`).
inline std::vector<double> parse_number_list(const std::string& text,
                                             const std::string& flag) {
  std::vector<double> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::size_t used = 0;
    try {
      values.push_back(std::stod(item, &used));
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != item.size()) {
      throw ValueError(flag + ": '" + item + "' is not a number");
    }
  }
  return values;
}

/// \brief A count of at least one, written in decimal digits only (no
/// sign, no space, no exponent), as a program's positional argument.
/// \throws ValueError naming `what` and the text otherwise.
inline std::size_t parse_count(const std::string& text,
                               const std::string& what) {
  const bool digits = !text.empty() && text.size() <= 18 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
  const std::size_t value = digits ? std::stoull(text) : 0;
  if (value == 0) {
    throw ValueError(what + ": '" + text + "' is not a count of at least 1");
  }
  return value;
}

/// \brief `true` or `false`, nothing else.
/// \throws ValueError naming the flag and the text otherwise.
inline bool parse_true_false(const std::string& text, const std::string& flag) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw ValueError(flag + ": '" + text + "' is neither true nor false");
}

}  // namespace blocks
