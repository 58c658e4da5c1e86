// Chapter 5 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page).
#include <gtest/gtest.h>

#include "blocks/error.hpp"
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
