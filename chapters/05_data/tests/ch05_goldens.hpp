#pragma once
// Reading the goldens that tests/goldens/make_ch05_goldens.py wrote with
// NumPy, scikit-learn and PyTorch. Text lines are "key...: values" or
// "key values"; doubles are float.hex(), which strtod reads exactly.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "blocks/testing/golden_lines.hpp"

namespace ch05_goldens {

inline std::string path(const std::string& name) {
  return blocks::testing::golden_path("ch05", name);
}

/// Every non-comment line of a golden text file.
inline std::vector<std::string> lines(const std::string& name) {
  std::ifstream in(path(name));
  if (!in) throw std::runtime_error("missing golden " + path(name));
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') out.push_back(line);
  }
  return out;
}

/// The whitespace-separated words of a line.
inline std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

inline double to_double(const std::string& w) {
  return std::strtod(w.c_str(), nullptr);
}

inline std::int64_t to_int(const std::string& w) {
  return std::stoll(w);
}

/// The integers after the ':' of a "key: values" line.
inline std::vector<std::int64_t> ints_after_colon(const std::string& line) {
  std::vector<std::int64_t> out;
  for (const auto& w : words(line.substr(line.find(':') + 1))) {
    out.push_back(to_int(w));
  }
  return out;
}

/// The part before the ':' of a "key: values" line.
inline std::string key(const std::string& line) {
  return line.substr(0, line.find(':'));
}

}  // namespace ch05_goldens
