// RandomState against NumPy 1.24 (goldens from make_ch05_goldens.py).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "blocks/data/random_state.hpp"
#include "blocks/error.hpp"
#include "ch05_goldens.hpp"

using blocks::data::RandomState;
namespace g = ch05_goldens;

namespace {

// Bit equality, also telling apart -0.0 and 0.0.
bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

}  // namespace

// Replays, for each seed, the exact call sequence of the golden script.
TEST(RandomState, StreamsMatchNumPyBitForBit) {
  std::map<std::int64_t, RandomState> states;
  std::size_t checked = 0;
  for (const auto& line : g::lines("random_state.txt")) {
    const auto w = g::words(line);
    const std::int64_t seed = g::to_int(w[0]);
    const std::string call = w[1];
    auto [it, fresh] = states.try_emplace(seed, seed);
    RandomState& rs = it->second;
    for (std::size_t i = 2; i < w.size(); ++i, ++checked) {
      SCOPED_TRACE("seed " + w[0] + " " + call + " #" + std::to_string(i - 2));
      if (call == "random_sample") {
        EXPECT_TRUE(same_bits(rs.random_sample(), g::to_double(w[i])));
      } else if (call == "standard_normal") {
        EXPECT_TRUE(same_bits(rs.standard_normal(), g::to_double(w[i])));
      } else if (call == "uniform_-3_7") {
        EXPECT_TRUE(same_bits(rs.uniform(-3, 7), g::to_double(w[i])));
      } else if (call == "randint_-5_5") {
        EXPECT_EQ(rs.randint(-5, 5), g::to_int(w[i]));
      } else if (call.rfind("randint_", 0) == 0) {
        EXPECT_EQ(rs.randint(std::stoll(call.substr(8))), g::to_int(w[i]));
      } else if (call.rfind("permutation_", 0) == 0) {
        const auto perm = rs.permutation(std::stoll(call.substr(12)));
        ASSERT_EQ(perm.size(), w.size() - 2);
        for (std::size_t k = 0; k < perm.size(); ++k) {
          EXPECT_EQ(perm[k], g::to_int(w[k + 2]));
        }
        checked += perm.size() - 1;
        break;
      } else {
        FAIL() << "unknown call " << call;
      }
    }
  }
  EXPECT_GT(checked, 6u * 100u);
}

TEST(RandomState, SeedOutOfRangeIsValueError) {
  EXPECT_THROW(RandomState(-1), blocks::ValueError);
  EXPECT_THROW(RandomState(std::int64_t{1} << 32), blocks::ValueError);
  EXPECT_NO_THROW(RandomState((std::int64_t{1} << 32) - 1));
  try {
    RandomState rs(-5);
  } catch (const blocks::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("Seed must be between 0 and 2**32"),
              std::string::npos);
  }
}

TEST(RandomState, ReseedingForgetsTheCachedNormal) {
  RandomState a(7), b(7);
  a.standard_normal();  // leaves one normal in the cache
  a.seed(7);
  EXPECT_EQ(a.standard_normal(), b.standard_normal());
}

TEST(RandomState, EmptyRangesDrawNothing) {
  RandomState a(3), b(3);
  EXPECT_EQ(a.randint(5, 6), 5);        // one value: no draw
  EXPECT_EQ(a.random_interval(0), 0u);  // no draw
  a.permutation(1);                     // length 1: no draw
  EXPECT_EQ(a.next32(), b.next32());
  EXPECT_THROW(a.randint(0), blocks::ValueError);
  EXPECT_THROW(a.randint(3, 3), blocks::ValueError);
  EXPECT_THROW(a.uniform(-1e308, 1e308), blocks::ValueError);
}

// The bulk paths make exactly the draws of the one-value methods: the same
// words, the same normals, the cache handed over in both directions.
TEST(RandomState, BulkNormalsEqualOneAtATime) {
  for (std::size_t count : {0u, 1u, 2u, 7u, 255u, 512u, 513u, 3001u}) {
    RandomState bulk(11), single(11);
    bulk.standard_normal(), single.standard_normal();  // a cached value
    std::vector<double> matrix(count * 3, -1.0);
    bulk.standard_normal(matrix.data(), count, 2, 3);  // 2 of 3 columns
    for (std::size_t i = 0; i < count; ++i) {
      SCOPED_TRACE("count " + std::to_string(count));
      EXPECT_TRUE(same_bits(matrix[i * 3], single.standard_normal()));
      EXPECT_TRUE(same_bits(matrix[i * 3 + 1], single.standard_normal()));
      EXPECT_EQ(matrix[i * 3 + 2], -1.0);  // the stride is left alone
    }
    for (std::size_t odd : {1u, 4u, 5u}) {  // leftover caches carry on
      const auto values = bulk.standard_normal(odd);
      for (double v : values)
        EXPECT_TRUE(same_bits(v, single.standard_normal()));
    }
    EXPECT_EQ(bulk.next32(), single.next32());
  }
}

TEST(RandomState, BulkWordsEqualOneAtATime) {
  blocks::data::Mt19937 bulk(5), single(5);
  std::vector<std::uint32_t> words(2000);
  bulk();  // start mid-block
  single();
  for (std::size_t n : {0u, 1u, 623u, 624u, 752u}) {
    bulk.fill(words.data(), n);
    for (std::size_t i = 0; i < n; ++i) ASSERT_EQ(words[i], single());
  }
  EXPECT_EQ(bulk(), single());
}

// Draw k, save, draw m, restore, draw m again: the same values to the bit,
// for every k around a block's end, the cached normal included (an odd
// number of normals leaves one in the cache).
TEST(RandomState, StateRoundTripContinuesTheStream) {
  const auto draw = [](RandomState& r) {
    std::vector<double> out;
    for (int i = 0; i < 5; ++i) out.push_back(r.standard_normal());
    out.push_back(r.random_sample());
    out.push_back(static_cast<double>(r.randint(1000)));
    for (auto i : r.permutation(9)) out.push_back(static_cast<double>(i));
    return out;
  };
  for (std::size_t k : {0u, 1u, 311u, 623u, 624u, 625u}) {
    SCOPED_TRACE("k " + std::to_string(k));
    RandomState r(42);
    for (std::size_t i = 0; i < k; ++i) r.next32();
    r.standard_normal();  // one normal in the cache
    const RandomState::State saved = r.get_state();
    EXPECT_TRUE(saved.has_gauss);
    const auto first = draw(r);
    RandomState other(9);  // a different stream until set_state
    other.set_state(saved);
    const auto again = draw(other);
    ASSERT_EQ(first.size(), again.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
      EXPECT_TRUE(same_bits(first[i], again[i])) << i;
    }
    EXPECT_EQ(r.next32(), other.next32());
  }
}

// NumPy's get_state() of RandomState(0): key[:3] = [0, 1, 1812433255],
// pos 624, no cached normal.
TEST(RandomState, StateOfAFreshSeedIsNumPys) {
  const RandomState::State s = RandomState(0).get_state();
  EXPECT_EQ(s.mt.key[0], 0u);
  EXPECT_EQ(s.mt.key[1], 1u);
  EXPECT_EQ(s.mt.key[2], 1812433255u);
  EXPECT_EQ(s.mt.pos, 624u);
  EXPECT_FALSE(s.has_gauss);
  EXPECT_EQ(s.cached_gaussian, 0.0);
}

TEST(RandomState, ImpossibleStatesAreRefused) {
  const auto message = [](const RandomState::State& s) {
    RandomState r(5);
    const std::uint32_t expected = RandomState(5).next32();
    try {
      r.set_state(s);
    } catch (const blocks::ValueError& e) {
      // Refused whole: the stream is the one it was.
      EXPECT_EQ(r.next32(), expected);
      return std::string(e.what());
    }
    return std::string("no error");
  };
  RandomState::State past = RandomState(1).get_state();
  past.mt.pos = 625;
  EXPECT_NE(message(past).find("position 625"), std::string::npos)
      << message(past);
  RandomState::State zero;
  EXPECT_NE(message(zero).find("all zero"), std::string::npos);
  zero.mt.key[0] = 0x7FFFFFFFu;  // only the low bits of word 0: still zero
  EXPECT_NE(message(zero).find("all zero"), std::string::npos);
  zero.mt.key[0] = 0x80000000u;  // what NumPy's seeding by array sets
  EXPECT_EQ(message(zero), "no error");
  RandomState::State nan_cache = RandomState(1).get_state();
  nan_cache.has_gauss = true;
  nan_cache.cached_gaussian = std::nan("");
  EXPECT_NE(message(nan_cache).find("RandomState.set_state: the cached normal"),
            std::string::npos);
}
