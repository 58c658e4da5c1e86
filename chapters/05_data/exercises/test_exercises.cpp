// Chapter 5 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/testing/golden_lines.hpp"
#include "ch05_exercises.hpp"

using namespace blocks;

TEST(Exercise1, ChoiceIsThePermutationsHead) {
  // np.random.RandomState(123).permutation(8) is [0 1 3 7 4 2 5 6].
  data::RandomState rng(123);
  EXPECT_EQ(exercises::choice_without_replacement(rng, 8, 3),
            (std::vector<std::int64_t>{0, 1, 3}));
  EXPECT_THROW(exercises::choice_without_replacement(rng, 3, 4), ValueError);
}

TEST(Exercise2, BatchesOfTheFirstEpoch) {
  // PyTorch 1.13: g = torch.Generator().manual_seed(5);
  // [b.tolist() for b in DataLoader(range(12), 5, shuffle=True,
  // generator=g)] (tests/goldens/ch05/torch_loader.txt, generator_5_12_5).
  data::TorchGenerator g(5);
  const std::vector<std::vector<std::int64_t>> expected = {
      {7, 4, 8, 10, 1}, {2, 6, 11, 0, 9}, {5, 3}};
  EXPECT_EQ(exercises::shuffled_batches(g, 12, 5), expected);
}

TEST(Exercise2, TheNextCallIsTheNextEpoch) {
  // The same loader's second epoch continues g's stream
  // (torch_loader.txt, generator_5_12_5 epoch 1).
  data::TorchGenerator g(5);
  exercises::shuffled_batches(g, 12, 5);
  const std::vector<std::vector<std::int64_t>> expected = {
      {7, 6, 5, 1, 8}, {10, 11, 3, 2, 9}, {0, 4}};
  EXPECT_EQ(exercises::shuffled_batches(g, 12, 5), expected);
}

TEST(Exercise2, TheNotebooksSizeLeavesALastBatchOfTwo) {
  // DataLoader(range(1090), 64, shuffle=True, generator=g) with
  // g.manual_seed(123): 17 batches of 64, then one of 2
  // (torch_loader.txt, generator_123_1090_64 epoch 0).
  data::TorchGenerator g(123);
  const auto batches = exercises::shuffled_batches(g, 1090, 64);
  ASSERT_EQ(batches.size(), 18u);
  for (std::size_t b = 0; b < 17; ++b) EXPECT_EQ(batches[b].size(), 64u);
  const std::vector<std::int64_t> first = {
      452, 181, 350, 461,  328, 57,  861, 155, 763, 689, 256, 459, 480,
      388, 13,  941, 47,   230, 544, 974, 955, 23,  521, 184, 275, 766,
      810, 658, 25,  557,  253, 173, 144, 579, 873, 263, 28,  987, 926,
      895, 116, 612, 1003, 368, 966, 862, 442, 964, 105, 207, 264, 99,
      487, 556, 631, 641,  916, 288, 476, 889, 72,  614, 700, 151};
  EXPECT_EQ(batches.front(), first);
  EXPECT_EQ(batches.back(), (std::vector<std::int64_t>{852, 938}));
}

namespace {

// One line of tests/goldens/ch05/torch_distributed.txt (written by
// make_ch05_goldens.py with PyTorch 1.13's DistributedSampler):
// "n replicas shuffle seed drop_last epoch rank: indices...".
struct SamplerCase {
  std::int64_t n, replicas, rank;
  bool shuffle, drop_last;
  std::uint64_t seed, epoch;
  std::vector<std::int64_t> indices;
};

std::vector<SamplerCase> sampler_cases() {
  std::vector<SamplerCase> cases;
  for (const auto& w :
       blocks::testing::chapter_golden_lines("ch05", "torch_distributed.txt")) {
    SamplerCase c{
        std::stoll(w[0]), std::stoll(w[1]),  std::stoll(w[6]),  w[2] == "1",
        w[4] == "1",      std::stoull(w[3]), std::stoull(w[5]), {}};
    for (std::size_t i = 7; i < w.size(); ++i)
      c.indices.push_back(std::stoll(w[i]));
    cases.push_back(c);
  }
  return cases;
}

// Checks every golden case that `pick` selects; there must be some.
void expect_torchs_shares(const std::function<bool(const SamplerCase&)>& pick) {
  int checked = 0;
  for (const SamplerCase& c : sampler_cases()) {
    if (!pick(c)) continue;
    ++checked;
    EXPECT_EQ(exercises::rank_share(c.n, c.replicas, c.rank, c.shuffle, c.seed,
                                    c.epoch, c.drop_last),
              c.indices)
        << "n " << c.n << ", " << c.replicas << " ranks, rank " << c.rank
        << ", shuffle " << c.shuffle << ", seed " << c.seed << ", epoch "
        << c.epoch << ", drop_last " << c.drop_last;
  }
  ASSERT_GT(checked, 0);
}

}  // namespace

TEST(Exercise3, InOrderEqualsTorchsDistributedSampler) {
  expect_torchs_shares([](const SamplerCase& c) { return !c.shuffle; });
}

TEST(Exercise3, ShuffledEqualsTorchsDistributedSampler) {
  // Seeds 0, 1, 7 and 42, two epochs each, 1090 samples on 4 ranks too.
  expect_torchs_shares([](const SamplerCase& c) { return c.shuffle; });
}

TEST(Exercise3, FewerSamplesThanRanksRepeatsTheOrder) {
  // 3 samples on 8 ranks: the order is repeated more than once.
  expect_torchs_shares([](const SamplerCase& c) { return c.n < c.replicas; });
}

TEST(Exercise3, DropLastCutsTheTail) {
  expect_torchs_shares([](const SamplerCase& c) { return c.drop_last; });
}
