// Tests of Chapter 7's exercise (it passes with the solution; run
// `ctest -L exercise` after writing yours). Its own main: Kokkos.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "blocks/device/fused_kernel.hpp"
#include "ch07_exercises.hpp"

namespace {

namespace device = blocks::device;

TEST(Exercise1, CountCorrectEqualsTheFusedKernel) {
  blocks::Tensor X = blocks::Tensor::from_shape({40, 3});
  blocks::Tensor y = blocks::Tensor::from_shape({40, 1});
  for (std::size_t i = 0; i < 40; ++i) {
    for (std::size_t j = 0; j < 3; ++j) X(i, j) = std::sin(1.0 + i * 3 + j);
    y(i, 0) = (i % 3 == 0) ? 1.0 : 0.0;
  }
  std::vector<std::int64_t> rows(40);
  std::iota(rows.begin(), rows.end(), 0);
  const auto data = device::to_device<double>(X, y, rows);
  const auto params = device::params_to_device<double>({0.5, -1.0, 0.3, 0.1});
  device::FusedKernel<double> kernel(3, device::KernelKind::simple);
  auto sums = Kokkos::create_mirror_view(kernel(data, params, 5, 33));
  Kokkos::deep_copy(sums, kernel(data, params, 5, 33));
  EXPECT_EQ(device::exercises::count_correct(data, params, 5, 33),
            static_cast<std::size_t>(sums(kernel.layout().correct())));
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
