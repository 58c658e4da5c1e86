// The fused kernels against Chapter 6's autograd gradient.
#include <numeric>

#include <gtest/gtest.h>

#include "blocks/device/fused_kernel.hpp"
#include "blocks/nn.hpp"
#include "ch07_test_support.hpp"

namespace {

using blocks::Tensor;
namespace device = blocks::device;
namespace nn = blocks::nn;

struct Reference {
  std::vector<double> grad;  // dW then db, of the mean loss
  double loss = 0.0;         // mean loss
};

// Chapter 6: forward, loss, backward on the whole split.
Reference chapter6(const blocks::data::Split& s, const Tensor& w, double b) {
  auto model = nn::make_model(nn::Flavour::custom, w, b);
  blocks::autograd::Variable x(s.features), y(s.labels);
  auto loss = nn::make_loss(nn::Flavour::custom)(model->forward(x).logits, y);
  loss.backward();
  Reference r;
  for (double g : model->weight().grad()) r.grad.push_back(g);
  r.grad.push_back(model->bias().grad().flat(0));
  r.loss = loss.value().flat(0);
  return r;
}

class FusedKernel : public ::testing::TestWithParam<device::KernelKind> {};

// [test-fused-kernel]
void expect_chapter6_gradient(device::KernelKind kind, std::int64_t n,
                              std::int64_t features) {
  const auto problem = ch07_test::small_problem(n, features, 5);
  const auto& s = problem.train;
  const std::size_t m = s.features.shape(0), d = s.features.shape(1);
  Tensor w = Tensor::from_shape({1, d});
  for (std::size_t j = 0; j < d; ++j) w(0, j) = 0.3 * std::sin(1.0 + j);
  const double b = -0.2;
  const Reference ref = chapter6(s, w, b);

  std::vector<std::int64_t> rows(m);
  std::iota(rows.begin(), rows.end(), 0);
  const auto data = device::to_device<double>(s.features, s.labels, rows);
  std::vector<double> wb(w.begin(), w.end());
  wb.push_back(b);
  const auto params = device::params_to_device<double>(wb);
  device::FusedKernel<double> kernel(d, kind);
  auto sums = Kokkos::create_mirror_view(kernel(data, params, 0, m));
  Kokkos::deep_copy(sums, kernel(data, params, 0, m));

  const device::SumLayout at = kernel.layout();
  const double count = sums(at.count());
  EXPECT_EQ(count, static_cast<double>(m));
  for (std::size_t j = 0; j <= d; ++j) {
    EXPECT_NEAR(sums(j) / count, ref.grad[j], 1e-12) << "j = " << j;
  }
  EXPECT_NEAR(sums(at.loss()) / count, ref.loss, 1e-12);
}

TEST_P(FusedKernel, EqualsChapter6Gradient) {
  expect_chapter6_gradient(GetParam(), 1000, 7);
}
// [test-fused-kernel]

// 265 = 8 x 32 + 2 x 4 + 1 features: eight of the blocked kernel's
// 32-column gradient groups, two four-column packs and one column alone;
// its logits take 66 packs and one column alone. 183 training rows: the
// last block's 55 rows end with three taken one at a time.
TEST_P(FusedKernel, EqualsChapter6GradientWithManyFeatures) {
  expect_chapter6_gradient(GetParam(), 305, 265);
}

TEST_P(FusedKernel, SubrangesAddUp) {
  const auto problem = ch07_test::small_problem(300, 4, 9);
  const auto& s = problem.train;
  const std::size_t m = s.features.shape(0);
  std::vector<std::int64_t> rows(m);
  std::iota(rows.begin(), rows.end(), 0);
  const auto data = device::to_device<double>(s.features, s.labels, rows);
  const auto params =
      device::params_to_device<double>({0.1, -0.2, 0.3, 0.05, 0.5});
  device::FusedKernel<double> kernel(4, GetParam());
  auto part = Kokkos::create_mirror_view(kernel.operator()(data, params, 0, 0));
  std::vector<double> total(kernel.layout().size(), 0.0);
  for (std::size_t begin : {std::size_t{0}, std::size_t{61}}) {
    const std::size_t end = begin == 0 ? 61 : m;
    Kokkos::deep_copy(part, kernel(data, params, begin, end));
    for (std::size_t j = 0; j < total.size(); ++j) total[j] += part(j);
  }
  Kokkos::deep_copy(part, kernel(data, params, 0, m));
  for (std::size_t j = 0; j < total.size(); ++j) {
    EXPECT_NEAR(total[j], part(j), 1e-12 * (1.0 + std::abs(part(j))));
  }
  Kokkos::deep_copy(part, kernel(data, params, 5, 5));  // empty: all zero
  for (std::size_t j = 0; j < total.size(); ++j) EXPECT_EQ(part(j), 0.0);
}

// Float data against double data, rows [0, end) of an n-row problem.
void expect_float_close_to_double(device::KernelKind kind, std::int64_t n,
                                  std::size_t d, std::size_t trim) {
  const auto problem = ch07_test::small_problem(n, d, 3);
  const auto& s = problem.train;
  const std::size_t m = s.features.shape(0), end = m - trim;
  std::vector<std::int64_t> rows(m);
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<double> wb;
  for (std::size_t j = 0; j <= d; ++j) wb.push_back(0.4 * std::cos(2.0 + j));
  device::FusedKernel<double> k64(d, kind);
  device::FusedKernel<float> k32(d, kind);
  const auto d64 = device::to_device<double>(s.features, s.labels, rows);
  const auto d32 = device::to_device<float>(s.features, s.labels, rows);
  auto a = Kokkos::create_mirror_view(
      k64(d64, device::params_to_device<double>(wb), 0, end));
  auto b = Kokkos::create_mirror_view(
      k32(d32, device::params_to_device<float>(wb), 0, end));
  Kokkos::deep_copy(a, k64(d64, device::params_to_device<double>(wb), 0, end));
  Kokkos::deep_copy(b, k32(d32, device::params_to_device<float>(wb), 0, end));
  for (std::size_t j = 0; j < a.extent(0); ++j) {
    EXPECT_NEAR(b(j), a(j), 1e-5 * (1.0 + std::abs(a(j)))) << "j = " << j;
  }
}

TEST_P(FusedKernel, FloatDataIsCloseToDouble) {
  expect_float_close_to_double(GetParam(), 500, 6, 0);
}

// 37 = 32 + 4 + 1 columns (each of the blocked kernel's gradient loops),
// and a last block whose rows are not a multiple of four.
TEST_P(FusedKernel, FloatDataIsCloseToDoubleWithEveryRemainder) {
  expect_float_close_to_double(GetParam(), 700, 37, 3);
}

// The blocked kernel's float passes both ways: four floats an instruction
// (Pack4) and eight (AVX2, which FusedKernel picks where the CPU has it).
// Each must stay as close to the double kernel as the other kernels do,
// with every remainder: 37 = 32 + 4 + 1 and 265 = 8 x 32 + 2 x 4 + 1
// columns, and a last block whose rows are not a multiple of four.
void expect_blocked_float_close_to_double(bool use_avx2) {
  for (std::size_t d : {std::size_t{37}, std::size_t{101}}) {
    const auto problem = ch07_test::small_problem(700, d, 3);
    const auto& s = problem.train;
    const std::size_t m = s.features.shape(0), end = m - 3;
    std::vector<std::int64_t> rows(m);
    std::iota(rows.begin(), rows.end(), 0);
    std::vector<double> wb;
    for (std::size_t j = 0; j <= d; ++j) wb.push_back(0.4 * std::cos(2.0 + j));
    device::FusedKernel<double> k64(d, device::KernelKind::blocked);
    const auto d64 = device::to_device<double>(s.features, s.labels, rows);
    auto a = Kokkos::create_mirror_view(
        k64(d64, device::params_to_device<double>(wb), 0, end));
    Kokkos::deep_copy(a,
                      k64(d64, device::params_to_device<double>(wb), 0, end));

    const auto d32 = device::to_device<float>(s.features, s.labels, rows);
    const device::FusedBlocked<float> passes{
        d + 4, d32.X, d32.y,   device::params_to_device<float>(wb),
        0,     end,   use_avx2};
    Kokkos::View<double*, device::DeviceMemory> b("sums", d + 4);
    Kokkos::parallel_reduce(
        Kokkos::RangePolicy<device::ExecSpace>(0, passes.block_count()), passes,
        b);
    Kokkos::fence();
    for (std::size_t j = 0; j < a.extent(0); ++j) {
      EXPECT_NEAR(b(j), a(j), 1e-5 * (1.0 + std::abs(a(j))))
          << "d = " << d << ", j = " << j;
    }
  }
}

TEST(BlockedKernel, FourLanePassesStayCloseToDouble) {
  expect_blocked_float_close_to_double(false);
}

TEST(BlockedKernel, Avx2PassesStayCloseToDouble) {
  if (!device::avx2::available()) {
    GTEST_SKIP() << "this CPU has no AVX2 and FMA, so the AVX2 passes "
                    "never run here; the four-lane test covers what does";
  }
  expect_blocked_float_close_to_double(true);
}

TEST(BlockedKernel, FloatUsesAvx2ExactlyWhereTheCpuHasIt) {
  const device::DeviceData<float> none;
  const device::FusedBlocked<float> f{4, none.X, none.y, {}, 0, 0};
  EXPECT_EQ(f.use_avx2, BLOCKS_AVX2 && device::avx2::available());
  const device::DeviceData<double> none64;
  EXPECT_FALSE(
      (device::FusedBlocked<double>{4, none64.X, none64.y, {}, 0, 0}.use_avx2));
}

INSTANTIATE_TEST_SUITE_P(Kernels, FusedKernel,
                         ::testing::ValuesIn(device::kernel_kinds()),
                         [](const auto& info) {
                           return device::to_string(info.param);
                         });

}  // namespace
