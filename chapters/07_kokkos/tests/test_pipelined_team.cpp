// The pipelined kernel as a GPU runs it: teams of 256 threads, each
// keeping 128 bytes in flight. On CPU cores the kernel runs teams of one
// thread, so here a team of 256 is played on the host phase by phase,
// each phase for every thread in turn, as the team's barriers order them
// on a GPU. This checks the 256-thread index arithmetic (the strided
// loads, the stores into the padded tile, the split of rows and of
// columns) before a GPU runs it.
#include <cmath>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/device/fused_kernel.hpp"
#include "ch07_test_support.hpp"

namespace {

namespace device = blocks::device;

constexpr unsigned kGpuThreads = 256;
constexpr std::size_t kGpuBytesInFlight = 128;

// The d + 4 sums (SumLayout) of rows [0, end) by one team of the GPU's
// shape walking every tile.
template <class S>
std::vector<double> simulated_team_sums(const device::DeviceData<S>& data,
                                        const device::ParamView<S>& params,
                                        std::size_t end) {
  using Kernel = device::FusedPipelined<S>;
  const std::size_t d = data.X.extent(1);
  const Kernel f{
      data.X,
      data.y,
      params,
      {},
      0,
      end,
      Kernel::shape_for(d, kGpuThreads, kGpuBytesInFlight / sizeof(S))};
  const std::size_t T = kGpuThreads, groups = f.shape.groups;
  std::vector<S> tile_values(f.shape.rows * f.shape.stride), wb_values(d + 1),
      r_values(f.shape.rows);
  std::vector<double> column_values(groups * d, 0.0);
  const typename Kernel::Values tile(tile_values.data(), tile_values.size());
  const typename Kernel::Values wb(wb_values.data(), d + 1);
  const typename Kernel::Values r(r_values.data(), r_values.size());
  const typename Kernel::Sums columns(column_values.data(), groups * d);
  for (std::size_t j = 0; j <= d; ++j) wb(j) = params(j);

  std::vector<std::vector<S>> ahead(T, std::vector<S>(Kernel::kInFlight));
  std::vector<device::ThreadSums> mine(T);
  const std::size_t tiles = f.tile_count();
  for (unsigned me = 0; me < T && tiles > 0; ++me) {
    f.template fetch<kGpuThreads>(0, me, ahead[me].data());
  }
  // [test-simulated-team]
  for (std::size_t k = 0; k < tiles; ++k) {
    const std::size_t first = k * f.shape.rows;
    const std::size_t m = std::min(f.shape.rows, end - first);
    for (unsigned me = 0; me < T; ++me) {
      f.template stash<kGpuThreads>(ahead[me].data(), m, me, tile);
    }
    for (unsigned me = 0; me < T && k + 1 < tiles; ++me) {
      f.template fetch<kGpuThreads>(k + 1, me, ahead[me].data());
    }
    for (unsigned me = 0; me < T; ++me) {
      f.terms(tile, wb, first, m, me, T, r, mine[me]);
    }
    for (unsigned me = 0; me < T; ++me) {
      f.gradient(tile, r, m, me, T, columns);
    }
  }
  // [test-simulated-team]
  std::vector<double> sums(d + 4, 0.0);
  for (std::size_t p = 0; p < groups * d; ++p) sums[p % d] += columns(p);
  for (const auto& thread : mine) {
    sums[d] += thread.r, sums[d + 1] += thread.loss;
    sums[d + 2] += thread.correct, sums[d + 3] += thread.count;
  }
  return sums;
}

// A team of 256 against a kernel that Kokkos runs, on the same data, rows
// [0, m - 3): several tiles, the last one short.
template <class S>
void expect_team_matches(device::KernelKind reference, std::int64_t n,
                         std::size_t d, double tolerance) {
  const auto problem = ch07_test::small_problem(n, d, 7);
  const auto& s = problem.train;
  const std::size_t end = s.features.shape(0) - 3;
  std::vector<std::int64_t> rows(s.features.shape(0));
  std::iota(rows.begin(), rows.end(), 0);
  std::vector<double> wb;
  for (std::size_t j = 0; j <= d; ++j) wb.push_back(0.3 * std::sin(1.0 + j));
  const auto data = device::to_device<S>(s.features, s.labels, rows);
  const auto params = device::params_to_device<S>(wb);
  const auto team = simulated_team_sums<S>(data, params, end);

  device::FusedKernel<S> kernel(d, reference);
  auto expected = Kokkos::create_mirror_view(kernel(data, params, 0, end));
  Kokkos::deep_copy(expected, kernel(data, params, 0, end));
  for (std::size_t j = 0; j < team.size(); ++j) {
    EXPECT_NEAR(team[j], expected(j), tolerance * (1.0 + std::abs(expected(j))))
        << "j = " << j << ", d = " << d;
  }
}

constexpr const char* kOnGpu =
    "a GPU build runs real 256-thread teams in the FusedKernel tests; the "
    "host cannot read device Views";

// The problem sizes: 2 features give 128 row groups; 7, columns that
// wrap within a warp's loads; 32, a row per thread; 265, more features
// than threads. Each makes several tiles.
struct ProblemSize {
  std::int64_t rows;
  std::size_t features;
};
constexpr ProblemSize kSizes[] = {
    {30000, 2}, {3000, 7}, {1200, 32}, {305, 265}};

// In double, the simple kernel's sums to 1e-12.
TEST(PipelinedTeamOnGpuShape, DoubleDataEqualsSimpleKernel) {
  if constexpr (BLOCKS_KOKKOS_GPU) {
    GTEST_SKIP() << kOnGpu;
  } else {
    for (const auto size : kSizes) {
      expect_team_matches<double>(device::KernelKind::simple, size.rows,
                                  size.features, 1e-12);
    }
  }
}

// In float the rows' arithmetic is float, so the reference is the same
// kernel in teams of one thread: only the grouping of the gradient's float
// partials differs.
TEST(PipelinedTeamOnGpuShape, FloatDataMatchesTeamsOfOneThread) {
  if constexpr (BLOCKS_KOKKOS_GPU) {
    GTEST_SKIP() << kOnGpu;
  } else {
    for (const auto size : kSizes) {
      expect_team_matches<float>(device::KernelKind::pipelined, size.rows,
                                 size.features, 1e-5);
    }
  }
}

// Every tile the shape rule gives fits the 48 KiB of scratch a CUDA block
// may use, and never holds more values than the team keeps in flight.
TEST(PipelinedTeamOnGpuShape, TilesFitScratchAndRegisters) {
  for (std::size_t d = 1; d <= 1024; ++d) {
    for (std::size_t size : {sizeof(float), sizeof(double)}) {
      const std::size_t in_flight = kGpuBytesInFlight / size;
      const auto shape = size == sizeof(float)
                             ? device::FusedPipelined<float>::shape_for(
                                   d, kGpuThreads, in_flight)
                             : device::FusedPipelined<double>::shape_for(
                                   d, kGpuThreads, in_flight);
      const std::size_t bytes =
          size == sizeof(float)
              ? device::FusedPipelined<float>::scratch_bytes(d, shape)
              : device::FusedPipelined<double>::scratch_bytes(d, shape);
      ASSERT_GE(shape.rows, 1u) << "d = " << d;
      EXPECT_LE(bytes, 48u * 1024u) << "d = " << d << ", " << size << " bytes";
      EXPECT_LE(shape.rows * d, kGpuThreads * in_flight) << "d = " << d;
      EXPECT_EQ(shape.stride % 2, 1u) << "d = " << d;
    }
  }
}

TEST(PipelinedTeamOnGpuShape, TooManyFeaturesIsAClearError) {
  EXPECT_THROW(
      device::FusedPipelined<float>::shape_for(100000, kGpuThreads, 32),
      blocks::ValueError);
  EXPECT_THROW(device::FusedPipelined<float>::shape_for(0), blocks::ValueError);
}

}  // namespace
