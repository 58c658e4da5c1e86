#pragma once
/// \file
/// \brief The tiled kernel: a team loads a tile of rows into scratch with
/// coalesced reads, then computes on it (`FusedKernel::run_tiled`;
/// included by `fused_kernel.hpp`).

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include <Kokkos_Core.hpp>

#include "blocks/device/fused_kernel.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/team_sums.hpp"
#include "blocks/error.hpp"

namespace blocks::device {

/// \brief The tiled kernel's shape for `d` features of type `S`: a team
/// of `threads` threads and tiles of `rows` rows.
struct TileShape {
  int threads;         ///< threads per team
  std::size_t rows;    ///< rows per tile
  std::size_t groups;  ///< row groups in the gradient phase
};

/// \brief Chooses the tile: on a GPU, 256 threads and as many rows (up to
/// 256) as fit the 48 KiB of shared memory every CUDA block may use; on a
/// CPU, one thread and 256 rows (a tile that stays in the L1 cache).
/// \throws ValueError when not even one row fits (\f$d\f$ in the
/// thousands: use the team kernel).
template <class S>
TileShape tile_shape(std::size_t d) {
  constexpr bool host = std::is_same<DeviceMemory, Kokkos::HostSpace>::value;
  TileShape t{host ? 1 : 256, 0, 1};
  t.groups = std::max<std::size_t>(1, d > 0 ? std::size_t(t.threads) / d : 1);
  // Besides the tile: the parameters, the column partials and four
  // running sums per thread, all doubles.
  const std::size_t fixed =
      sizeof(double) * ((d + 1) + t.groups * d + 4 * std::size_t(t.threads));
  const std::size_t per_row = d * sizeof(S) + sizeof(double);
  const std::size_t fit =
      kTeamScratchBytes > fixed ? (kTeamScratchBytes - fixed) / per_row : 0;
  if (fit == 0) {
    throw ValueError("tiled kernel: " + std::to_string(d) +
                     " features do not fit a tile in team scratch; use "
                     "the team kernel");
  }
  t.rows = std::min<std::size_t>(256, fit);
  if (t.rows >= 32) t.rows -= t.rows % 32;  // whole warps
  return t;
}

// [fused-tiled]
template <class S>
void FusedKernel<S>::run_tiled(const DeviceData<S>& data,
                               const ParamView<S>& params, std::size_t begin,
                               std::size_t end) {
  using Policy = Kokkos::TeamPolicy<ExecSpace>;
  using Member = Policy::member_type;
  using Space = ExecSpace::scratch_memory_space;
  using TileView = Kokkos::View<S*, Space, Kokkos::MemoryUnmanaged>;
  using SumView = Kokkos::View<double*, Space, Kokkos::MemoryUnmanaged>;
  const TileShape shape = tile_shape<S>(layout_.d);
  const std::size_t d = layout_.d;
  const std::size_t rows = shape.rows, groups = shape.groups;
  const std::size_t pairs = groups * d;
  const std::size_t n = end > begin ? end - begin : 0;
  const std::size_t tiles = (n + rows - 1) / rows;
  const std::size_t league = league_for(tiles, shape.threads);
  reserve_partials(league);
  auto X = data.X;
  auto y = data.y;
  auto partials = partials_;
  // Each View below takes the next aligned slice of the team's scratch.
  const std::size_t scratch =
      TileView::shmem_size(rows * d) + SumView::shmem_size(d + 1) +
      SumView::shmem_size(rows) + SumView::shmem_size(pairs) +
      SumView::shmem_size(4 * std::size_t(shape.threads));
  const Policy policy = Policy(static_cast<int>(league), shape.threads)
                            .set_scratch_size(0, Kokkos::PerTeam(scratch));
  Kokkos::parallel_for(
      "blocks::fused_tiled", policy, KOKKOS_LAMBDA(const Member& t) {
        const std::size_t me = t.team_rank(), T = t.team_size();
        TileView tile(t.team_scratch(0), rows * d);
        SumView wb(t.team_scratch(0), d + 1);
        SumView r(t.team_scratch(0), rows);
        SumView acc(t.team_scratch(0), pairs);
        SumView tail(t.team_scratch(0), 4 * T);
        for (std::size_t j = me; j <= d; j += T) wb(j) = double(params(j));
        for (std::size_t p = me; p < pairs; p += T) acc(p) = 0.0;
        ThreadSums mine;
        for (std::size_t k = t.league_rank(); k < tiles; k += t.league_size()) {
          const std::size_t first = begin + k * rows;
          const std::size_t m = first + rows < end ? rows : end - first;
          // 1. Load: the tile's rows are one contiguous run of m*d values;
          //    neighbouring threads read neighbouring values (coalesced),
          //    four loads in flight per thread before any store.
          const S* src = &X(first, 0);
          const std::size_t size = m * d;
          t.team_barrier();  // the previous tile is no longer read
          for (std::size_t f = me; f < size; f += 4 * T) {
            S v[4];
            for (std::size_t u = 0; u < 4; ++u) {
              v[u] = f + u * T < size ? src[f + u * T] : S(0);
            }
            for (std::size_t u = 0; u < 4; ++u) {
              if (f + u * T < size) tile(f + u * T) = v[u];
            }
          }
          t.team_barrier();
          // 2. One thread per row: the logit and the row's terms. Row i
          //    starts at column i mod d: when d is a multiple of 32, the
          //    32 threads of a warp read 32 different banks of shared
          //    memory, not one (other d: see the pipelined kernel).
          for (std::size_t i = me; i < m; i += T) {
            double z = 0.0;
            std::size_t j = d > 0 ? i % d : 0;
            for (std::size_t c = 0; c < d; ++c) {
              z += wb(j) * double(tile(i * d + j));
              j = j + 1 == d ? 0 : j + 1;
            }
            const RowTerms rt = row_terms(z + wb(d), double(y(first + i)));
            r(i) = rt.r;
            mine.add(rt);
          }
          t.team_barrier();
          // 3. The gradient: thread p sums column p % d over the rows of
          //    group p / d, so all T threads work even when d < T.
          for (std::size_t p = me; p < pairs; p += T) {
            const std::size_t j = p % d;
            double s = 0.0;
            for (std::size_t i = p / d; i < m; i += groups) {
              s += r(i) * double(tile(i * d + j));
            }
            acc(p) += s;
          }
        }
        // 4. The team's sums, folded in a fixed order (no atomics).
        write_team_sums(t, mine, acc, groups, d, tail, partials);
      });
  fold_partials(league);
}
// [fused-tiled]

}  // namespace blocks::device
