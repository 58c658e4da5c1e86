#pragma once
/// \file
/// \brief A large two-class problem that each rank generates for its own
/// rows only: row \f$i\f$ depends on the seed and \f$i\f$ alone, so any
/// number of ranks sees the same data set.

#include <cstddef>
#include <cstdint>

#include "blocks/device/device_data.hpp"

namespace blocks::device {

/// \brief Rows `[first, first + count)` of a `make_classification`-style
/// problem with `d` features: label \f$y_i\f$ a fair coin, features
/// \f$x_{ij} = (2y_i - 1)\,s_j + \varepsilon_{ij}\f$ with centroid signs
/// \f$s_j = \pm 1\f$ and standard normal noise, all drawn from counters
/// (SplitMix64 of seed, row, column).
template <class S>
DeviceData<S> synthetic_shard(std::size_t d, std::uint64_t seed,
                              std::size_t first, std::size_t count);

}  // namespace blocks::device
