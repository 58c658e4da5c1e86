// NumPy 1.24's legacy RandomState (numpy/random/_legacy and mt19937.c).
// The stream is only reproducible without fused multiply-adds: this file is
// compiled with -ffp-contract=off like all of the course's code.
#include "blocks/data/random_state.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "blocks/error.hpp"

namespace blocks::data {

RandomState::RandomState(std::int64_t seed) {
  this->seed(seed);
}

void RandomState::seed(std::int64_t seed) {
  require_numpy_seed(seed, "RandomState");
  // NumPy's init_genrand is the reference MT19937 seeding, which is what
  // std::mt19937's integer constructor does (not std::seed_seq).
  mt_.seed(static_cast<std::uint32_t>(seed));
  has_gauss_ = false;
  gauss_ = 0.0;
}

void RandomState::set_state(const State& state) {
  if (!std::isfinite(state.cached_gaussian)) {
    throw ValueError("RandomState.set_state: the cached normal is " +
                     std::to_string(state.cached_gaussian) +
                     ", not a finite number");
  }
  mt_.set_state(state.mt, "RandomState.set_state");
  has_gauss_ = state.has_gauss;
  gauss_ = state.cached_gaussian;
}

std::uint64_t RandomState::next64() {
  const std::uint64_t high = next32();
  return (high << 32) | next32();
}

// [random-double]
double RandomState::random_sample() {
  // 27 + 26 random bits make a 53-bit integer, scaled by 2^-53: exact.
  const std::int32_t a = static_cast<std::int32_t>(next32() >> 5);
  const std::int32_t b = static_cast<std::int32_t>(next32() >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}
// [random-double]

double RandomState::uniform(double low, double high) {
  const double range = high - low;
  if (!std::isfinite(range)) {
    throw ValueError("RandomState.uniform: Range exceeds valid bounds (low=" +
                     std::to_string(low) + ", high=" + std::to_string(high) +
                     ")");
  }
  return low + range * random_sample();
}

// [polar-gauss]
double RandomState::standard_normal() {
  if (has_gauss_) {
    has_gauss_ = false;
    const double cached = gauss_;
    gauss_ = 0.0;
    return cached;
  }
  double x1, x2, r2;
  do {  // a point uniform in the unit disc, without its centre
    x1 = 2.0 * random_sample() - 1.0;
    x2 = 2.0 * random_sample() - 1.0;
    r2 = x1 * x1 + x2 * x2;  // an FMA here would change the stream
  } while (r2 >= 1.0 || r2 == 0.0);
  const double f = std::sqrt(-2.0 * std::log(r2) / r2);
  // Two normals per point: keep f*x1 for the next call, return f*x2.
  gauss_ = f * x1;
  has_gauss_ = true;
  return f * x2;
}
// [polar-gauss]

std::uint64_t RandomState::random_interval(std::uint64_t max) {
  if (max == 0) return 0;
  std::uint64_t mask = max;  // smallest all-ones mask >= max
  for (int shift : {1, 2, 4, 8, 16, 32}) mask |= mask >> shift;
  std::uint64_t value;
  if (max <= 0xFFFFFFFFu) {
    while ((value = (next32() & mask)) > max) {
    }
  } else {
    while ((value = (next64() & mask)) > max) {
    }
  }
  return value;
}

std::int64_t RandomState::randint(std::int64_t low, std::int64_t high) {
  if (low >= high) {
    throw ValueError(std::string("RandomState.randint: ") +
                     (low == 0 ? "high <= 0" : "low >= high") +
                     " (low=" + std::to_string(low) +
                     ", high=" + std::to_string(high) + ")");
  }
  // The closed range [0, rng] by masked rejection; a range of one value
  // draws nothing, and the full 32- and 64-bit ranges take a word as is.
  const std::uint64_t rng =
      static_cast<std::uint64_t>(high - 1) - static_cast<std::uint64_t>(low);
  std::uint64_t value;
  if (rng == 0) {
    value = 0;
  } else if (rng == 0xFFFFFFFFu) {
    value = next32();
  } else if (rng == std::numeric_limits<std::uint64_t>::max()) {
    value = next64();
  } else {
    value = random_interval(rng);
  }
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + value);
}

std::vector<std::int64_t> RandomState::permutation(std::int64_t n) {
  if (n < 0) {
    throw ValueError("RandomState.permutation: negative length " +
                     std::to_string(n));
  }
  std::vector<std::int64_t> values(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<std::int64_t>(i);
  }
  shuffle(values);
  return values;
}

std::vector<double> RandomState::random_sample(std::size_t n) {
  std::vector<double> out(n);
  for (auto& v : out) v = random_sample();
  return out;
}

std::vector<double> RandomState::standard_normal(std::size_t n) {
  std::vector<double> out(n);
  standard_normal(out.data(), 1, n, n);
  return out;
}

void RandomState::standard_normal(double* out, std::size_t rows,
                                  std::size_t cols, std::size_t stride) {
  std::size_t wanted = rows * cols, row = 0, col = 0;
  auto put = [&](const double* values, std::size_t count) {
    while (count > 0) {  // row by row into the strided matrix
      const std::size_t take = std::min(count, cols - col);
      double* to = out + row * stride + col;
      for (std::size_t k = 0; k < take; ++k) to[k] = values[k];
      values += take, count -= take, col += take;
      if (col == cols) col = 0, ++row;
    }
  };
  if (wanted > 0 && has_gauss_) {
    const double cached = standard_normal();
    put(&cached, 1), --wanted;
  }
  // [polar-batch]
  // One point per 4 words; at most as many tries as points still needed,
  // so that no word is drawn beyond the last point NumPy would accept.
  constexpr std::size_t kBatch = 256;
  std::uint32_t words[4 * kBatch];
  double x1[kBatch], x2[kBatch], r2[kBatch], z[2 * kBatch];
  while (wanted > 0) {
    const std::size_t tries = std::min((wanted + 1) / 2, kBatch);
    mt_.fill(words, 4 * tries);
    // random_sample() twice and the disc test for every try, without a
    // branch (this loop vectorises); then keep the points inside the disc.
    for (std::size_t t = 0; t < tries; ++t) {
      const std::uint32_t* w = words + 4 * t;
      const double u1 = (static_cast<std::int32_t>(w[0] >> 5) * 67108864.0 +
                         static_cast<std::int32_t>(w[1] >> 6)) /
                        9007199254740992.0;
      const double u2 = (static_cast<std::int32_t>(w[2] >> 5) * 67108864.0 +
                         static_cast<std::int32_t>(w[3] >> 6)) /
                        9007199254740992.0;
      x1[t] = 2.0 * u1 - 1.0;
      x2[t] = 2.0 * u2 - 1.0;
      r2[t] = x1[t] * x1[t] + x2[t] * x2[t];
    }
    std::size_t kept = 0;
    for (std::size_t t = 0; t < tries; ++t) {
      x1[kept] = x1[t], x2[kept] = x2[t], r2[kept] = r2[t];
      kept += (r2[t] < 1.0) & (r2[t] != 0.0);
    }
    for (std::size_t k = 0; k < kept; ++k) z[2 * k] = std::log(r2[k]);
    for (std::size_t k = 0; k < kept; ++k) {
      const double f = std::sqrt(-2.0 * z[2 * k] / r2[k]);
      z[2 * k] = f * x2[k];  // returned first
      z[2 * k + 1] = f * x1[k];
    }
    const std::size_t made = std::min(2 * kept, wanted);
    put(z, made);
    wanted -= made;
    if (made < 2 * kept) {  // an odd count: the partner waits in the cache
      gauss_ = z[made];
      has_gauss_ = true;
    }
  }
  // [polar-batch]
}

}  // namespace blocks::data
