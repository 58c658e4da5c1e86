// PyTorch 1.13's CPU generator (aten/src/ATen/core/MT19937RNGEngine.h and
// the CPU kernels of random_, randperm and uniform_).
#include "blocks/data/torch_generator.hpp"

#include <cmath>
#include <string>

#include "blocks/error.hpp"

namespace blocks::data {

TorchGenerator::TorchGenerator(std::uint64_t seed) {
  manual_seed(seed);
}

void TorchGenerator::manual_seed(std::uint64_t seed) {
  seed_ = seed;
  // The reference init_genrand on the low 32 bits: std::mt19937's seeding.
  mt_.seed(static_cast<std::uint32_t>(seed & 0xFFFFFFFFu));
}

void TorchGenerator::set_state(const State& state) {
  mt_.set_state(state.mt, "TorchGenerator::set_state");
  seed_ = state.seed;
}

std::uint32_t TorchGenerator::random() {
  return static_cast<std::uint32_t>(mt_());
}

std::uint64_t TorchGenerator::random64() {
  const std::uint64_t high = random();
  return (high << 32) | random();
}

std::int64_t TorchGenerator::random_() {
  return static_cast<std::int64_t>(random64() & 0x7FFFFFFFFFFFFFFFull);
}

// [torch-randperm]
std::vector<std::int64_t> TorchGenerator::randperm(std::int64_t n) {
  if (n < 0) {
    throw ValueError("randperm: n must be non-negative, got " +
                     std::to_string(n));
  }
  std::vector<std::int64_t> r(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) r[i] = i;
  // Ascending and modulo-biased, unlike NumPy's descending shuffle.
  for (std::int64_t i = 0; i + 1 < n; ++i) {
    const auto z = static_cast<std::int64_t>(random() % (n - i));
    std::swap(r[i], r[i + z]);
  }
  return r;
}
// [torch-randperm]

std::int64_t TorchGenerator::randint(std::int64_t high) {
  if (high <= 0) {
    throw ValueError(
        "randint: random_ expects 'from' to be less than 'to', but got "
        "from=0 >= to=" +
        std::to_string(high));
  }
  // random_from_to: one 32-bit word while the range fits in 32 bits.
  const auto range = static_cast<std::uint64_t>(high);
  const std::uint64_t word =
      range >= (std::uint64_t{1} << 32) ? random64() : random();
  return static_cast<std::int64_t>(word % range);
}

double TorchGenerator::uniform(double from, double to) {
  const double x =
      static_cast<double>(random64() & ((std::uint64_t{1} << 53) - 1)) *
      (1.0 / 9007199254740992.0);
  // PyTorch's AVX2 build fuses x * (to - from) + from: one rounding.
  return std::fma(x, to - from, from);
}

float TorchGenerator::uniform_float(float from, float to) {
  const float x =
      static_cast<float>(random() & ((1u << 24) - 1)) * (1.0f / 16777216.0f);
  return std::fma(x, to - from, from);
}

TorchGenerator& default_generator() {
  static TorchGenerator generator;
  return generator;
}

void manual_seed(std::uint64_t seed) {
  default_generator().manual_seed(seed);
}

}  // namespace blocks::data
