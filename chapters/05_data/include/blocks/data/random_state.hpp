#pragma once
/// \file
/// \brief NumPy's legacy `RandomState`, bit for bit: the generator behind
/// `np.random.seed`, `np.random.permutation` and scikit-learn's datasets.

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "blocks/data/mt19937.hpp"
#include "blocks/error.hpp"

namespace blocks::data {

/// \brief Refuses a seed `np.random.seed` refuses (NumPy's seeds are 32
/// bits), in NumPy's words after `what` (a flag's name, or `RandomState`).
/// A template, so that a flag read as unsigned is shown as given.
/// \throws ValueError "what: Seed must be between 0 and 2**32 - 1, got S".
template <class Int>
void require_numpy_seed(Int seed, const std::string& what) {
  static_assert(std::is_integral_v<Int>, "a seed is a whole number");
  bool negative = false;
  if constexpr (std::is_signed_v<Int>) negative = seed < 0;
  if (negative || static_cast<std::uint64_t>(seed) > 0xFFFFFFFFull) {
    throw ValueError(what + ": Seed must be between 0 and 2**32 - 1, got " +
                     std::to_string(seed));
  }
}

/// \brief NumPy 1.24's legacy `numpy.random.RandomState` for an integer
/// seed: the same MT19937 words, doubles, normals, integers and shuffles.
///
/// Every method draws exactly what NumPy draws, in the same order, so a
/// program that makes the same calls as a Python script gets the same
/// numbers to the last bit (compiled with `-ffp-contract=off`).
class RandomState {
 public:
  /// \brief `RandomState(seed)`; \throws ValueError unless
  /// \f$0 \le \text{seed} \le 2^{32}-1\f$ (NumPy's message).
  explicit RandomState(std::int64_t seed);

  /// \brief `seed(s)`: restart the stream and forget the cached normal.
  void seed(std::int64_t seed);

  /// \brief What `get_state()` returns, as plain values: the key and the
  /// position of `('MT19937', key, pos, has_gauss, cached_gaussian)`, then
  /// the cached normal.
  struct State {
    Mt19937::State mt;             ///< key and pos
    bool has_gauss = false;        ///< whether a normal is cached
    double cached_gaussian = 0.0;  ///< the normal the next call returns
  };
  /// \brief `get_state()`: set_state() of it continues the same stream,
  /// cached normal included.
  State get_state() const { return {mt_.get_state(), has_gauss_, gauss_}; }
  /// \brief `set_state(state)`.
  /// \throws ValueError, with the generator unchanged, for a state the
  /// stream cannot be in: see Mt19937::set_state(); or an infinite or NaN
  /// `cached_gaussian` (the polar method makes only finite normals, and
  /// the slot holds 0 when empty).
  void set_state(const State& state);

  /// \brief One tempered 32-bit MT19937 word.
  std::uint32_t next32() { return mt_(); }
  /// \brief Two words, the first one the high half.
  std::uint64_t next64();

  /// \brief `random_sample()`: a double in \f$[0, 1)\f$ with 53 random bits.
  double random_sample();
  /// \brief `uniform(low, high)` = `low + (high - low) * random_sample()`.
  double uniform(double low = 0.0, double high = 1.0);
  /// \brief `standard_normal()`: the legacy polar method, which makes two
  /// normals at a time and caches the second for the next call.
  double standard_normal();

  /// \brief `randint(low, high)`: uniform on \f$[low, high)\f$ by masked
  /// rejection. \throws ValueError when `low >= high` (NumPy's message).
  std::int64_t randint(std::int64_t low, std::int64_t high);
  /// \brief `randint(high)`: uniform on \f$[0, high)\f$.
  std::int64_t randint(std::int64_t high) { return randint(0, high); }
  /// \brief A uniform integer on \f$[0, max]\f$ (NumPy's `random_interval`,
  /// used by `shuffle`); draws nothing when `max == 0`.
  std::uint64_t random_interval(std::uint64_t max);

  /// \brief `shuffle(x)`: Fisher–Yates from the last element down.
  template <class T>
  void shuffle(std::vector<T>& values) {
    // [shuffle-loop]
    for (std::size_t i = values.size(); i-- > 1;) {
      const auto j = static_cast<std::size_t>(random_interval(i));
      std::swap(values[i], values[j]);
    }
    // [shuffle-loop]
  }
  /// \brief `permutation(n)`: `arange(n)` shuffled.
  std::vector<std::int64_t> permutation(std::int64_t n);

  /// \brief `random_sample(size=n)`.
  std::vector<double> random_sample(std::size_t n);
  /// \brief `standard_normal(size=n)` (row-major order for a matrix).
  std::vector<double> standard_normal(std::size_t n);
  /// \brief `standard_normal(size=(rows, cols))` written straight into a
  /// row-major matrix whose rows start `stride` doubles apart.
  ///
  /// The same values, cache included, as `rows * cols` calls to
  /// standard_normal(), but made a batch of points at a time: the words in
  /// bulk, the rejection test without branches, then one `std::log` per
  /// accepted point in a tight loop.
  void standard_normal(double* out, std::size_t rows, std::size_t cols,
                       std::size_t stride);

 private:
  Mt19937 mt_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace blocks::data
