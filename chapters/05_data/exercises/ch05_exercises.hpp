#pragma once
// Chapter 5 exercises: the functions you write. The stubs in this folder
// throw until you fill them in; solutions/ holds the tested answers.
#include <cstdint>
#include <vector>

#include "blocks/data/random_state.hpp"
#include "blocks/data/torch_generator.hpp"

namespace blocks::exercises {

// Exercise 1: NumPy's legacy `rng.choice(n, size=k, replace=False)`, which
// is `rng.permutation(n)[:k]`. Throws ValueError when k > n.
std::vector<std::int64_t> choice_without_replacement(data::RandomState& rng,
                                                     std::int64_t n,
                                                     std::int64_t k);

// Exercise 2: the batch order of one epoch of PyTorch 1.13's
// DataLoader(range(n), batch_size, shuffle=True, generator=g): one
// random_() for the base seed, randperm(n), one discarded randperm(n),
// then consecutive batches (the last one may be smaller).
std::vector<std::vector<std::int64_t>> shuffled_batches(data::TorchGenerator& g,
                                                        std::int64_t n,
                                                        std::size_t batch_size);

}  // namespace blocks::exercises
