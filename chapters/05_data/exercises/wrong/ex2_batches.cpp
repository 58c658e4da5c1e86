// Exercise 2 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it draws only the epoch's randperm(n), as the sampler's
// code alone suggests. PyTorch first draws the iterator's base seed and
// afterwards a second, discarded randperm(n), so both this epoch and the
// next start from the wrong place in the generator's stream.
#include <algorithm>

#include "ch05_exercises.hpp"

namespace blocks::exercises {

std::vector<std::vector<std::int64_t>> shuffled_batches(
    data::TorchGenerator& g, std::int64_t n, std::size_t batch_size) {
  const auto perm = g.randperm(n);
  std::vector<std::vector<std::int64_t>> batches;
  for (std::size_t i = 0; i < perm.size(); i += batch_size) {
    const std::size_t end = std::min(perm.size(), i + batch_size);
    batches.emplace_back(perm.begin() + static_cast<std::ptrdiff_t>(i),
                         perm.begin() + static_cast<std::ptrdiff_t>(end));
  }
  return batches;
}

}  // namespace blocks::exercises
