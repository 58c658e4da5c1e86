// Exercise 1 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it never checks k against n. NumPy raises ValueError for
// k > n; this returns the whole permutation padded with zeros instead.
#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> choice_without_replacement(data::RandomState& rng,
                                                     std::int64_t n,
                                                     std::int64_t k) {
  auto perm = rng.permutation(n);
  perm.resize(static_cast<std::size_t>(k));
  return perm;
}

}  // namespace blocks::exercises
