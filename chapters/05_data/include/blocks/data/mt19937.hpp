#pragma once
/// \file
/// \brief The MT19937 generator that NumPy and PyTorch both use, with
/// 32-bit state words (libstdc++'s `std::mt19937` keeps 64-bit words and
/// is about twice as slow); the same outputs as `std::mt19937(seed)`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

#include "blocks/error.hpp"

namespace blocks::data {

/// \brief MT19937 seeded by the reference `init_genrand`.
class Mt19937 {
 public:
  /// \brief The number of 32-bit words in the state.
  static constexpr std::size_t kWords = 624;

  /// \brief The whole state, as NumPy's `get_state()` shows it: the key
  /// and the position.
  struct State {
    std::array<std::uint32_t, kWords> key{};  ///< the state words
    /// The next word to temper; kWords: the block is used up and the
    /// next draw twists a new one.
    std::size_t pos = kWords;
  };

  /// \brief `init_genrand(seed)`.
  explicit Mt19937(std::uint32_t seed = 5489u) { this->seed(seed); }

  /// \brief Restarts the stream; the next call regenerates the block.
  void seed(std::uint32_t seed) {
    state_[0] = seed;
    for (std::uint32_t i = 1; i < kN; ++i) {
      state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
    }
    next_ = kN;
  }

  /// \brief The state now: set_state() of it continues the same stream.
  State get_state() const {
    State s;
    for (std::size_t i = 0; i < kWords; ++i) s.key[i] = state_[i];
    s.pos = next_;
    return s;
  }

  /// \brief Continues the stream from `state`.
  /// \param state  a state from get_state(), maybe of another generator
  /// \param what   the operation, to begin the error messages with
  /// \throws ValueError, with the generator unchanged, when `state.pos` is
  /// past the key or when the 19937 bits that decide the stream are all
  /// zero.
  void set_state(const State& state,
                 const std::string& what = "Mt19937::set_state") {
    if (state.pos > kWords) {
      throw ValueError(what + ": position " + std::to_string(state.pos) +
                       " is past the key's " + std::to_string(kWords) +
                       " words");
    }
    // Twisting reads only the top bit of the first word: if it and the
    // other 623 words are zero, every later block is zero. No seed leads
    // there, and the generator would draw only zeros.
    bool degenerate = (state.key[0] & 0x80000000u) == 0;
    for (std::size_t i = 1; degenerate && i < kWords; ++i) {
      degenerate = state.key[i] == 0;
    }
    if (degenerate) {
      throw ValueError(what +
                       ": the key is all zero (words 1 to 623 and the top "
                       "bit of word 0), a state MT19937 never reaches");
    }
    for (std::size_t i = 0; i < kWords; ++i) state_[i] = state.key[i];
    next_ = static_cast<std::uint32_t>(state.pos);
  }

  /// \brief The next tempered 32-bit word.
  std::uint32_t operator()() {
    if (next_ >= kN) regenerate();
    return temper(state_[next_++]);
  }

  /// \brief The next `n` tempered words into `out`: the same words as `n`
  /// calls, but a whole block at a time, so the tempering vectorises.
  void fill(std::uint32_t* out, std::size_t n) {
    while (n > 0) {
      if (next_ >= kN) regenerate();
      const std::size_t left = kN - next_;
      const std::size_t take = n < left ? n : left;
      const std::uint32_t* words = state_ + next_;
      for (std::size_t i = 0; i < take; ++i) out[i] = temper(words[i]);
      next_ += static_cast<std::uint32_t>(take);
      out += take;
      n -= take;
    }
  }

 private:
  static constexpr std::uint32_t kN = kWords, kM = 397;

  static std::uint32_t temper(std::uint32_t y) {
    y ^= y >> 11;
    y ^= (y << 7) & 0x9D2C5680u;
    y ^= (y << 15) & 0xEFC60000u;
    return y ^ (y >> 18);
  }

  static std::uint32_t twist(std::uint32_t a, std::uint32_t b,
                             std::uint32_t c) {
    const std::uint32_t y = (a & 0x80000000u) | (b & 0x7FFFFFFFu);
    return c ^ (y >> 1) ^ ((0u - (y & 1u)) & 0x9908B0DFu);
  }

  // Three loops without wrap-around indices, so the compiler vectorises.
  void regenerate() {
    std::uint32_t i = 0;
    for (; i < kN - kM; ++i) {
      state_[i] = twist(state_[i], state_[i + 1], state_[i + kM]);
    }
    for (; i < kN - 1; ++i) {
      state_[i] = twist(state_[i], state_[i + 1], state_[i + kM - kN]);
    }
    state_[kN - 1] = twist(state_[kN - 1], state_[0], state_[kM - 1]);
    next_ = 0;
  }

  std::uint32_t state_[kN];
  std::uint32_t next_ = kN;
};

}  // namespace blocks::data
