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
