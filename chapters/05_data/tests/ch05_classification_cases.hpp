#pragma once
// The make_classification golden cases as options, and a bit-for-bit
// comparison, shared by the tests of the tuned and the plain generator.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "blocks/data/make_classification.hpp"
#include "ch05_goldens.hpp"

namespace ch05_goldens {

inline std::vector<double> doubles(const std::string& text) {
  std::vector<double> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    out.push_back(to_double(text.substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

inline bool flag(const std::string& v) {
  return v == "True";
}

// The golden case line "name key=value ..." as options.
inline blocks::data::ClassificationOptions parse_case(
    const std::vector<std::string>& words) {
  blocks::data::ClassificationOptions o;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const auto eq = words[i].find('=');
    const std::string k = words[i].substr(0, eq), v = words[i].substr(eq + 1);
    if (k == "n_samples")
      o.n_samples = std::stoll(v);
    else if (k == "n_features")
      o.n_features = std::stoll(v);
    else if (k == "n_informative")
      o.n_informative = std::stoll(v);
    else if (k == "n_redundant")
      o.n_redundant = std::stoll(v);
    else if (k == "n_repeated")
      o.n_repeated = std::stoll(v);
    else if (k == "n_classes")
      o.n_classes = std::stoll(v);
    else if (k == "n_clusters_per_class")
      o.n_clusters_per_class = std::stoll(v);
    else if (k == "weights")
      o.weights = doubles(v);
    else if (k == "flip_y")
      o.flip_y = std::stod(v);
    else if (k == "class_sep")
      o.class_sep = std::stod(v);
    else if (k == "hypercube")
      o.hypercube = flag(v);
    else if (k == "shuffle")
      o.shuffle = flag(v);
    else if (k == "random_state")
      o.random_state = std::stoll(v);
    else if (k == "shift")
      o.shift = v == "none" ? std::nullopt : std::optional(doubles(v));
    else if (k == "scale")
      o.scale = v == "none" ? std::nullopt : std::optional(doubles(v));
    else
      ADD_FAILURE() << "unknown parameter " << k;
  }
  return o;
}

// How many values of a and b differ in their bits (-0.0 differs from 0.0).
inline std::size_t bits_differ(const blocks::Tensor& a,
                               const blocks::Tensor& b) {
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double u = a.flat(i), v = b.flat(i);
    differ += std::memcmp(&u, &v, sizeof u) != 0;
  }
  return differ;
}

}  // namespace ch05_goldens
