// Tests of Chapter 7's exercises (they pass with the solutions; run
// `ctest -L exercise` after writing yours). Its own main: MPI and Kokkos.
#include <numeric>

#include <gtest/gtest.h>

#include "blocks/dist/fused_kernel.hpp"
#include "ch07_exercises.hpp"

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

TEST(Exercise2, CountCorrectEqualsTheFusedKernel) {
  blocks::Tensor X = blocks::Tensor::from_shape({40, 3});
  blocks::Tensor y = blocks::Tensor::from_shape({40, 1});
  for (std::size_t i = 0; i < 40; ++i) {
    for (std::size_t j = 0; j < 3; ++j) X(i, j) = std::sin(1.0 + i * 3 + j);
    y(i, 0) = (i % 3 == 0) ? 1.0 : 0.0;
  }
  std::vector<std::int64_t> rows(40);
  std::iota(rows.begin(), rows.end(), 0);
  const auto data = dist::to_device<double>(X, y, rows);
  const auto params = dist::params_to_device<double>({0.5, -1.0, 0.3, 0.1});
  dist::FusedKernel<double> kernel(3, dist::KernelKind::simple);
  auto sums = Kokkos::create_mirror_view(kernel(data, params, 5, 33));
  Kokkos::deep_copy(sums, kernel(data, params, 5, 33));
  EXPECT_EQ(dist::exercises::count_correct(data, params, 5, 33),
            static_cast<std::size_t>(sums(kernel.layout().correct())));
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  g_world = &env.world();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
