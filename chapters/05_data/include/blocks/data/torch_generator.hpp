#pragma once
/// \file
/// \brief PyTorch 1.13's CPU random generator, as far as data loading and
/// parameter initialisation need it.

#include <cstdint>
#include <vector>
#include "blocks/data/mt19937.hpp"

namespace blocks::data {

/// \brief `torch.Generator()` on the CPU: MT19937 seeded like
/// `manual_seed`, bit-exact with PyTorch 1.13 for the draws below.
class TorchGenerator {
 public:
  /// \brief PyTorch's default seed (`torch.initial_seed()` of a fresh
  /// process).
  static constexpr std::uint64_t kDefaultSeed = 67280421310721ULL;

  /// \brief `Generator().manual_seed(seed)`.
  explicit TorchGenerator(std::uint64_t seed = kDefaultSeed);
  /// \brief `manual_seed(seed)`: only the low 32 bits seed MT19937.
  void manual_seed(std::uint64_t seed);
  /// \brief The seed given last (`initial_seed()`).
  std::uint64_t initial_seed() const { return seed_; }

  /// \brief What `get_state()` holds, as plain values.
  struct State {
    std::uint64_t seed = kDefaultSeed;  ///< initial_seed()
    Mt19937::State mt;                  ///< the MT19937 words and position
  };
  /// \brief `get_state()`: set_state() of it continues the same draws.
  State get_state() const { return {seed_, mt_.get_state()}; }
  /// \brief `set_state(state)`.
  /// \throws ValueError, with the generator unchanged, for a state that
  /// MT19937 cannot be in (see Mt19937::set_state()).
  void set_state(const State& state);

  /// \brief One 32-bit word.
  std::uint32_t random();
  /// \brief Two words, the first the high half.
  std::uint64_t random64();
  /// \brief `torch.empty((), dtype=torch.int64).random_()`: a
  /// non-negative 63-bit integer (how DataLoader draws its seeds).
  std::int64_t random_();
  /// \brief `torch.randperm(n, generator=g)`: Fisher–Yates from the
  /// first element up, with `random() % (n - i)`.
  std::vector<std::int64_t> randperm(std::int64_t n);
  /// \brief One value of `torch.randint(high, size, generator=g)` (int64):
  /// `random() % high`, or `random64() % high` when \f$high \ge 2^{32}\f$
  /// (modulo-biased, no rejection). \throws ValueError when `high <= 0`.
  std::int64_t randint(std::int64_t high);
  /// \brief `uniform_(from, to)` of a float64 tensor, one value.
  double uniform(double from, double to);
  /// \brief `uniform_(from, to)` of a float32 tensor, one value.
  float uniform_float(float from, float to);

 private:
  std::uint64_t seed_ = kDefaultSeed;
  Mt19937 mt_;
};

/// \brief The process-wide generator (`torch.default_generator`), used
/// when no generator is given.
TorchGenerator& default_generator();

/// \brief `torch.manual_seed(seed)`: re-seeds default_generator().
void manual_seed(std::uint64_t seed);

}  // namespace blocks::data
