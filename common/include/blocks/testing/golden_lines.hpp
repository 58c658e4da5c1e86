#pragma once
/// \file
/// \brief Reading the text goldens that the scripts in `tests/goldens/`
/// write: one record per line, words separated by spaces, `#` comments.

#include <cstddef>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/cli/values.hpp"

namespace blocks::testing {

/// \brief The words of every line of a golden file, blank lines and
/// `#` comments skipped.
/// \param path       the file
/// \param generator  the script that writes it, named in the failure when
///                   the file is missing
/// \return one vector of words per record; empty (and a test failure) when
///         the file cannot be read
inline std::vector<std::vector<std::string>> golden_lines(
    const std::string& path, const std::string& generator) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "missing golden " << path << " (run tests/goldens/"
                  << generator << ")";
  }
  std::vector<std::vector<std::string>> lines;
  for (std::string text; std::getline(in, text);) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream words(text);
    std::vector<std::string> line;
    for (std::string w; words >> w;) line.push_back(w);
    lines.push_back(line);
  }
  return lines;
}

#ifdef BLOCKS_GOLDENS_DIR
/// \brief The path of chapter `chapter`'s golden `name` (`"ch04"`,
/// `"sgd_steps.txt"`): `tests/goldens/ch04/sgd_steps.txt`.
inline std::string golden_path(const std::string& chapter,
                               const std::string& name) {
  return std::string(BLOCKS_GOLDENS_DIR) + "/" + chapter + "/" + name;
}

/// \brief golden_lines() of chapter `chapter`'s golden `name`, which
/// `tests/goldens/make_<chapter>_goldens.py` writes.
inline std::vector<std::vector<std::string>> chapter_golden_lines(
    const std::string& chapter, const std::string& name) {
  return golden_lines(golden_path(chapter, name),
                      "make_" + chapter + "_goldens.py");
}
#endif

/// \brief Words `from`, `from + 1`, ... of a record, read as numbers by
/// the rule every stored number is read with (a word that is not one is an
/// error, not a silent 0).
/// \throws ValueError naming the word.
inline std::vector<double> numbers(const std::vector<std::string>& words,
                                   std::size_t from) {
  std::vector<double> out;
  for (std::size_t i = from; i < words.size(); ++i) {
    out.push_back(
        cli::parse_stored_number(words[i], "golden word " + std::to_string(i)));
  }
  return out;
}

}  // namespace blocks::testing
