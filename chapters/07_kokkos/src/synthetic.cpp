// Counter-based synthetic data: no state, so shards need no coordination.
#include "blocks/device/synthetic.hpp"

#include <cmath>

namespace blocks::device {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// A uniform double in (0, 1) from a counter.
double uniform(std::uint64_t key) {
  return (static_cast<double>(splitmix64(key) >> 11) + 0.5) * 0x1.0p-53;
}

}  // namespace

template <class S>
DeviceData<S> synthetic_shard(std::size_t d, std::uint64_t seed,
                              std::size_t first, std::size_t count) {
  DeviceData<S> out;
  out.X = decltype(out.X)("synthetic.X", count, d);
  out.y = decltype(out.y)("synthetic.y", count);
  auto X = Kokkos::create_mirror_view(out.X);
  auto y = Kokkos::create_mirror_view(out.y);
  const std::uint64_t base = splitmix64(seed);
  const double two_pi = 6.283185307179586;
  for (std::size_t k = 0; k < count; ++k) {
    const std::uint64_t row = base ^ splitmix64(first + k);
    const double label = (splitmix64(row) & 1) ? 1.0 : 0.0;
    y(k) = static_cast<S>(label);
    for (std::size_t j = 0; j < d; ++j) {
      const double sign = (splitmix64(base + 977 * j) & 2) ? 1.0 : -1.0;
      // Box-Muller: one normal per (row, column).
      const std::uint64_t key = splitmix64(row + 2 * j + 1);
      const double r = std::sqrt(-2.0 * std::log(uniform(key)));
      const double noise = r * std::cos(two_pi * uniform(key + 1));
      X(k, j) = static_cast<S>((2.0 * label - 1.0) * sign + noise);
    }
  }
  Kokkos::deep_copy(out.X, X);
  Kokkos::deep_copy(out.y, y);
  return out;
}

template DeviceData<float> synthetic_shard<float>(std::size_t, std::uint64_t,
                                                  std::size_t, std::size_t);
template DeviceData<double> synthetic_shard<double>(std::size_t, std::uint64_t,
                                                    std::size_t, std::size_t);

}  // namespace blocks::device
