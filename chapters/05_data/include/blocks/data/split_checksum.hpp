#pragma once
/// \file
/// \brief A split's fingerprint: what ranks compare to know they hold the
/// same data, and what a checkpoint records to know it is resumed on the
/// data it was made from.

#include <cstdint>

#include "blocks/checksum.hpp"
#include "blocks/data/dataset_folder.hpp"

namespace blocks::data {

/// \brief The checksum (FNV-1a, blocks/checksum.hpp) of the features' and
/// the labels' shapes and values, continuing from `hash`.
std::uint64_t checksum(const Split& split, std::uint64_t hash = kChecksumStart);

}  // namespace blocks::data
