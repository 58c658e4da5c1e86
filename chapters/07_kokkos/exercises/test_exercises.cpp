// Tests of Chapter 7's exercises (they pass with the solutions; see the
// page's Exercises for how to test yours). Its own main: Kokkos.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>
#include <xtensor/xview.hpp>

#include "blocks/device/fused_kernel.hpp"
#include "blocks/nn.hpp"
#include "ch07_exercises.hpp"

namespace {

namespace device = blocks::device;
using blocks::Tensor;

// A small data set with d = 3 and labels of both kinds.
struct Rows {
  explicit Rows(std::size_t n)
      : X(Tensor::from_shape({n, 3})), y(Tensor::from_shape({n, 1})) {
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < 3; ++j) X(i, j) = std::sin(1.0 + i * 3 + j);
      y(i, 0) = (i % 3 == 0) ? 1.0 : 0.0;
    }
    std::vector<std::int64_t> rows(n);
    std::iota(rows.begin(), rows.end(), 0);
    data = device::to_device<double>(X, y, rows);
  }
  Tensor X, y;
  device::DeviceData<double> data;
};

const std::vector<double> kParams = {0.5, -1.0, 0.3, 0.1};  // w, then b

// The library's fused kernel (tested against autograd and PyTorch): the
// d + 4 sums of rows [begin, end), on the host.
std::vector<double> fused_sums(const Rows& rows, std::size_t begin,
                               std::size_t end) {
  const auto params = device::params_to_device<double>(kParams);
  device::FusedKernel<double> kernel(3, device::KernelKind::simple);
  const auto& sums = kernel(rows.data, params, begin, end);
  auto host = Kokkos::create_mirror_view(sums);
  Kokkos::deep_copy(host, sums);
  return std::vector<double>(host.data(), host.data() + host.extent(0));
}

TEST(Exercise1, ProbabilitiesEqualChapter6sModel) {
  const Rows rows(40);
  const auto params = device::params_to_device<double>(kParams);
  const auto p = device::exercises::probabilities(rows.data, params, 5, 33);
  // Chapter 6's model on the host, on the same rows 5..32.
  auto model = blocks::nn::make_model(blocks::nn::Flavour::custom,
                                      Tensor{{0.5, -1.0, 0.3}}, 0.1);
  const Tensor X = xt::view(rows.X, xt::range(5, 33), xt::all());
  const Tensor expected =
      model->forward(blocks::autograd::Variable(X)).probabilities.value();
  ASSERT_EQ(p.size(), 28u);
  for (std::size_t k = 0; k < p.size(); ++k) {
    EXPECT_NEAR(p[k], expected(k, 0), 1e-15) << "row " << 5 + k;
  }
}

TEST(Exercise1, AnEmptyRangeGivesNoValue) {
  const Rows rows(40);
  const auto params = device::params_to_device<double>(kParams);
  EXPECT_TRUE(
      device::exercises::probabilities(rows.data, params, 7, 7).empty());
}

TEST(Exercise2, CountCorrectEqualsTheFusedKernel) {
  const Rows rows(40);
  const auto params = device::params_to_device<double>(kParams);
  const device::SumLayout at{3};
  EXPECT_EQ(device::exercises::count_correct(rows.data, params, 5, 33),
            static_cast<std::size_t>(fused_sums(rows, 5, 33)[at.correct()]));
}

TEST(Exercise3, LossSumEqualsTheFusedKernel) {
  // Ranges of fewer rows than a team takes, of many teams with a partial
  // last one, and starting past row 0.
  const Rows rows(1000);
  const auto params = device::params_to_device<double>(kParams);
  const device::SumLayout at{3};
  for (const auto& [begin, end] :
       std::vector<std::pair<std::size_t, std::size_t>>{
           {5, 33}, {0, 1000}, {3, 1000}, {130, 131}}) {
    const double expected = fused_sums(rows, begin, end)[at.loss()];
    EXPECT_NEAR(device::exercises::loss_sum_team(rows.data, params, begin, end),
                expected, 1e-12 * expected)
        << "rows " << begin << " to " << end;
  }
}

TEST(Exercise3, AnEmptyRangeSumsToZero) {
  const Rows rows(40);
  const auto params = device::params_to_device<double>(kParams);
  EXPECT_EQ(device::exercises::loss_sum_team(rows.data, params, 9, 9), 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
