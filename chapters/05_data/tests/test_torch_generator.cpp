// TorchGenerator against PyTorch 1.13 (goldens from make_ch05_goldens.py).
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <random>
#include <string>

#include "blocks/data/torch_generator.hpp"
#include "blocks/error.hpp"
#include "ch05_goldens.hpp"

using blocks::data::TorchGenerator;
namespace g = ch05_goldens;

TEST(TorchGenerator, MatchesPyTorchBitForBit) {
  std::map<std::uint64_t, TorchGenerator> gens;
  std::size_t checked = 0;
  for (const auto& line : g::lines("torch_generator.txt")) {
    const auto w = g::words(line);
    const auto seed = std::stoull(w[0]);
    auto& gen = gens.try_emplace(seed, seed).first->second;
    const std::string call = w[1];
    SCOPED_TRACE("seed " + w[0] + " " + call);
    if (call == "random_") {
      for (std::size_t i = 2; i < w.size(); ++i, ++checked) {
        EXPECT_EQ(gen.random_(), g::to_int(w[i]));
      }
    } else if (call.rfind("randperm_", 0) == 0) {
      const auto perm = gen.randperm(std::stoll(call.substr(9)));
      ASSERT_EQ(perm.size(), w.size() - 2);
      for (std::size_t i = 0; i < perm.size(); ++i, ++checked) {
        EXPECT_EQ(perm[i], g::to_int(w[i + 2]));
      }
    } else if (call == "uniform_f32") {
      for (std::size_t i = 2; i < w.size(); ++i, ++checked) {
        const float expected = static_cast<float>(g::to_double(w[i]));
        EXPECT_EQ(gen.uniform_float(-2.0f, 3.0f), expected);
      }
    } else if (call.rfind("uniform_f64", 0) == 0) {
      const bool unit = call == "uniform_f64_01";
      for (std::size_t i = 2; i < w.size(); ++i, ++checked) {
        const double got = unit ? gen.uniform(0.0, 1.0) : gen.uniform(-2, 3);
        const double expected = g::to_double(w[i]);
        EXPECT_EQ(std::memcmp(&got, &expected, sizeof got), 0)
            << got << " vs " << expected;
      }
    } else {
      FAIL() << "unknown call " << call;
    }
  }
  EXPECT_GT(checked, 5u * 1000u);
}

TEST(TorchGenerator, SameAsStdMt19937AndManualSeedResets) {
  TorchGenerator gen(123);
  std::mt19937 reference(123);
  for (int i = 0; i < 2000; ++i) ASSERT_EQ(gen.random(), reference());
  gen.manual_seed(123);
  EXPECT_EQ(gen.random(), std::mt19937(123)());
  EXPECT_EQ(gen.initial_seed(), 123u);
}

TEST(TorchGenerator, GlobalManualSeed) {
  blocks::data::manual_seed(5);
  const auto a = blocks::data::default_generator().random_();
  blocks::data::manual_seed(5);
  EXPECT_EQ(blocks::data::default_generator().random_(), a);
  EXPECT_TRUE(blocks::data::TorchGenerator(0).randperm(0).empty());
}

// Draw k, save, draw m, restore into another generator, draw m again: the
// same values, the seed carried along.
TEST(TorchGenerator, StateRoundTripContinuesTheStream) {
  for (std::size_t k : {0u, 1u, 623u, 624u, 1000u}) {
    SCOPED_TRACE("k " + std::to_string(k));
    TorchGenerator gen(123);
    for (std::size_t i = 0; i < k; ++i) gen.random();
    const TorchGenerator::State saved = gen.get_state();
    const auto perm = gen.randperm(50);
    const auto seed = gen.random_();
    const double u = gen.uniform(-1.0, 1.0);
    TorchGenerator other(7);
    other.set_state(saved);
    EXPECT_EQ(other.initial_seed(), 123u);
    EXPECT_EQ(other.randperm(50), perm);
    EXPECT_EQ(other.random_(), seed);
    EXPECT_EQ(other.uniform(-1.0, 1.0), u);
  }
}

TEST(TorchGenerator, ImpossibleStatesAreRefused) {
  TorchGenerator gen(3);
  TorchGenerator::State past = gen.get_state();
  past.mt.pos = 700;
  EXPECT_THROW(gen.set_state(past), blocks::ValueError);
  TorchGenerator::State zero;
  zero.seed = 99;
  try {
    gen.set_state(zero);
    ADD_FAILURE() << "an all-zero key was accepted";
  } catch (const blocks::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("TorchGenerator::set_state"),
              std::string::npos)
        << e.what();
  }
  // Refused whole: neither the seed nor the stream changed.
  EXPECT_EQ(gen.initial_seed(), 3u);
  EXPECT_EQ(gen.random(), TorchGenerator(3).random());
}
