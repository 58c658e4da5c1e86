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

// Exercise 3: the indices rank `rank` of `num_replicas` gets in epoch
// `epoch` from PyTorch 1.13's DistributedSampler(range(n), num_replicas,
// rank, shuffle, seed, drop_last) after set_epoch(epoch). Every rank gets
// the same number of indices (ceil(n / R), or floor with drop_last).
std::vector<std::int64_t> rank_share(std::int64_t n, std::int64_t num_replicas,
                                     std::int64_t rank, bool shuffle,
                                     std::uint64_t seed, std::uint64_t epoch,
                                     bool drop_last);

}  // namespace blocks::exercises
