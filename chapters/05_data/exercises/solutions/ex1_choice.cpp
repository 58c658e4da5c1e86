// Exercise 1 — solution.
#include <string>

#include "blocks/error.hpp"
#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> choice_without_replacement(data::RandomState& rng,
                                                     std::int64_t n,
                                                     std::int64_t k) {
  if (k > n || k < 0) {
    throw ValueError(
        "choice: Cannot take a larger sample than population "
        "when replace=False (k=" +
        std::to_string(k) + ", n=" + std::to_string(n) + ")");
  }
  auto perm = rng.permutation(n);
  perm.resize(static_cast<std::size_t>(k));
  return perm;
}

}  // namespace blocks::exercises
