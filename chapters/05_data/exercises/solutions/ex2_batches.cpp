// Exercise 2 — solution.
#include <algorithm>

#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::vector<std::int64_t>> shuffled_batches(
    data::TorchGenerator& g, std::int64_t n, std::size_t batch_size) {
  g.random_();  // the iterator's _base_seed
  const auto perm = g.randperm(n);
  g.randperm(n);  // RandomSampler's tail permutation, discarded
  std::vector<std::vector<std::int64_t>> batches;
  for (std::size_t i = 0; i < perm.size(); i += batch_size) {
    batches.emplace_back(perm.begin() + static_cast<std::ptrdiff_t>(i),
                         perm.begin() + static_cast<std::ptrdiff_t>(std::min(
                                            perm.size(), i + batch_size)));
  }
  return batches;
}

}  // namespace blocks::exercises
