#pragma once
// Shared by Chapter 7's tests (and Chapter 8's): small data sets.
#include <cstddef>
#include <cstdint>

#include "blocks/data.hpp"

namespace ch07_test {

// A make_classification problem split in three (train, valid, test).
inline blocks::data::NotebookData small_problem(std::int64_t n, std::int64_t d,
                                                std::int64_t seed) {
  blocks::data::ClassificationOptions o;
  o.n_samples = n;
  o.n_features = d;
  o.n_informative = d;
  o.n_redundant = 0;
  o.random_state = seed;
  const auto c = blocks::data::make_classification(o);
  const auto n_train = static_cast<std::size_t>(n) * 3 / 5;
  const auto n_valid = (static_cast<std::size_t>(n) - n_train) / 2;
  const auto parts = blocks::data::split_rows(
      c.X, c.y,
      {n_train, n_valid, static_cast<std::size_t>(n) - n_train - n_valid},
      seed);
  return {parts[0], parts[1], parts[2]};
}

}  // namespace ch07_test
