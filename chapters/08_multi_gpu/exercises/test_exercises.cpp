// Tests of Chapter 8's exercise (it passes with the solution; run
// `ctest -L exercise` after writing yours). Its own main: MPI and Kokkos.
#include <gtest/gtest.h>

#include "ch08_exercises.hpp"

namespace {

namespace dist = blocks::dist;
const dist::Communicator* g_world = nullptr;

TEST(Exercise1, GlobalMeanWeighsRowsNotRanks) {
  const auto& world = *g_world;
  // Rank r holds r + 1 rows of value r: unequal shards.
  const double r = world.rank();
  const double mean = dist::exercises::global_mean(world, r * (r + 1), r + 1);
  double sum = 0.0, count = 0.0;
  for (int k = 0; k < world.size(); ++k) {
    sum += double(k) * (k + 1);
    count += k + 1;
  }
  EXPECT_DOUBLE_EQ(mean, sum / count);
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  g_world = &env.world();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
