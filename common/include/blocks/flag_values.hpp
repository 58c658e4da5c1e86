#pragma once
/// \file
/// \brief The values of the training programs' text flags (`blocks-train`,
/// `blocks-train-distributed`), read strictly: a flag that does not parse
/// whole is an error that names it.

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

/// \brief `true` or `false`, nothing else.
/// \throws ValueError naming the flag and the text otherwise.
inline bool parse_true_false(const std::string& text, const std::string& flag) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw ValueError(flag + ": '" + text + "' is neither true nor false");
}

}  // namespace blocks
