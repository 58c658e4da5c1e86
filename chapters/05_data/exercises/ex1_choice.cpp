// Exercise 1 — choice without replacement. See ch05_exercises.hpp.
#include <stdexcept>

#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::int64_t> choice_without_replacement(data::RandomState& rng,
                                                     std::int64_t n,
                                                     std::int64_t k) {
  // TODO(exercise 1): check k against n, then keep the head of a
  // permutation drawn from rng.
  (void)rng;
  (void)n;
  (void)k;
  throw std::logic_error("exercise 1: not implemented");
}

}  // namespace blocks::exercises
