#pragma once
/// \file
/// \brief The pipelined kernel for GPUs: the tiled kernel's tiles, with
/// the next tile's loads in flight while a team computes on the current
/// one, and each row's arithmetic in the data's own precision.

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/team_sums.hpp"
#include "blocks/error.hpp"

// A thread's values in flight live in registers only if the compiler
// knows every index: device code unrolls the loops over them.
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
#define BLOCKS_UNROLL _Pragma("unroll")
#else
#define BLOCKS_UNROLL
#endif

namespace blocks::device {

/// \brief The pipelined kernel's shape for a number of features.
struct PipelineShape {
  int threads;         ///< threads per team
  std::size_t rows;    ///< rows per tile
  std::size_t stride;  ///< values from one row of the tile to the next
  std::size_t groups;  ///< row groups in the gradient phase
};

/// \brief A team walks its tiles as a pipeline: it loads tile \f$k+L\f$
/// (\f$L\f$ the number of teams) into registers, each thread
/// `kInFlight` values, while it computes on tile \f$k\f$ in team scratch;
/// then it stores the registers into scratch and moves on. The tiled
/// kernel waits for each tile before it computes; here the loads are
/// already under way. The rows' logits, terms and gradient partials are
/// computed in `S` (no conversion per value) and join the doubles once
/// per tile.
template <class S>
struct FusedPipelined {
  /// \brief The team's scratch (the tile and what its rows give).
  using Space = ExecSpace::scratch_memory_space;
  /// \brief Values of type `S` in team scratch.
  using Values = Kokkos::View<S*, Space, Kokkos::MemoryUnmanaged>;
  /// \brief Doubles in team scratch.
  using Sums = Kokkos::View<double*, Space, Kokkos::MemoryUnmanaged>;
  /// \brief A team of threads.
  using Member = Kokkos::TeamPolicy<ExecSpace>::member_type;

  /// \brief Whether the kernel runs on CPU cores.
  static constexpr bool kHost =
      std::is_same<DeviceMemory, Kokkos::HostSpace>::value;
  /// \brief Threads per team: 256 on a GPU, one on CPU cores.
  static constexpr int kThreads = kHost ? 1 : 256;
  /// \brief Values each thread keeps in flight: 128 bytes on a GPU (a
  /// tile of 32 KiB per team); on CPU cores the one thread holds a tile.
  static constexpr std::size_t kInFlight = kHost ? 4096 : 128 / sizeof(S);
  /// \brief The most rows a thread's gradient partial adds up in `S`
  /// before it joins the doubles: a block of the blocked kernel.
  static constexpr std::size_t kPartialRows = 64;

  Kokkos::View<const S**, Kokkos::LayoutRight, DeviceMemory> X;  ///< rows
  Kokkos::View<const S*, DeviceMemory> y;                        ///< labels
  Kokkos::View<const S*, DeviceMemory> params;  ///< \f$w\f$ then \f$b\f$
  /// \brief One row of \f$d+4\f$ sums per team.
  Kokkos::View<double**, Kokkos::LayoutRight, DeviceMemory> partials;
  std::size_t begin;    ///< first row
  std::size_t end;      ///< one past the last row
  PipelineShape shape;  ///< from shape_for()

  /// \brief The tile for `d` features, for teams of `threads` threads
  /// that each keep `in_flight` values in flight (this backend's numbers
  /// unless a test asks for a GPU's on the host): as many rows as those
  /// values hold, that fit the 48 KiB of scratch every CUDA block may use,
  /// and whose gradient partials stay short.
  /// \throws ValueError when no row fits (use the team kernel).
  static PipelineShape shape_for(std::size_t d, int threads = kThreads,
                                 std::size_t in_flight = kInFlight) {
    if (d == 0) throw ValueError("pipelined kernel: no features");
    PipelineShape s{threads, 0, d | 1, 1};
    // An odd stride: an odd number and 32 have no common factor, so rows
    // i to i + 31 start in 32 different banks of shared memory, and the
    // 32 threads of a warp, one row each, never share a bank.
    s.groups = std::max<std::size_t>(1, std::size_t(threads) / d);
    const std::size_t by_registers = std::size_t(threads) * in_flight / d;
    const std::size_t fixed = scratch_bytes(d, s);  // all but the rows
    const std::size_t per_row = sizeof(S) * (s.stride + 1);
    const std::size_t by_scratch =
        kTeamScratchBytes > fixed ? (kTeamScratchBytes - fixed) / per_row : 0;
    s.rows = std::min({by_registers, by_scratch, kPartialRows * s.groups});
    if (s.rows == 0) {
      throw ValueError("pipelined kernel: " + std::to_string(d) +
                       " features do not fit a tile; use the team kernel");
    }
    if (s.rows >= 32) s.rows -= s.rows % 32;  // whole warps
    return s;
  }

  /// \brief Team scratch for a tile of shape `s`, in the order operator()
  /// takes it.
  static std::size_t scratch_bytes(std::size_t d, const PipelineShape& s) {
    return Values::shmem_size(s.rows * s.stride) + Values::shmem_size(d + 1) +
           Values::shmem_size(s.rows) + Sums::shmem_size(s.groups * d) +
           Sums::shmem_size(4 * std::size_t(s.threads));
  }

  /// \brief How many tiles rows `[begin, end)` make.
  KOKKOS_INLINE_FUNCTION std::size_t tile_count() const {
    return end > begin ? (end - begin + shape.rows - 1) / shape.rows : 0;
  }

  // [fused-pipelined]
  /// \brief Team `t`'s tiles: \f$k\f$ = its league rank, then every
  /// league size-th tile after it.
  KOKKOS_INLINE_FUNCTION void operator()(const Member& t) const {
    const unsigned me = t.team_rank(), T = t.team_size();
    const std::size_t d = X.extent(1), tiles = tile_count();
    Values tile(t.team_scratch(0), shape.rows * shape.stride);
    Values wb(t.team_scratch(0), d + 1);
    Values r(t.team_scratch(0), shape.rows);
    Sums columns(t.team_scratch(0), shape.groups * d);
    Sums tail(t.team_scratch(0), 4 * T);
    for (std::size_t j = me; j <= d; j += T) wb(j) = params(j);
    for (std::size_t p = me; p < shape.groups * d; p += T) columns(p) = 0.0;
    ThreadSums mine;
    S ahead[kInFlight];  // this thread's share of the next tile
    std::size_t k = t.league_rank();
    if (k < tiles) fetch<kThreads>(k, me, ahead);
    for (; k < tiles; k += t.league_size()) {
      const std::size_t first = begin + k * shape.rows;
      const unsigned m =
          unsigned(first + shape.rows < end ? shape.rows : end - first);
      t.team_barrier();  // the previous tile is no longer read
      stash<kThreads>(ahead, m, me, tile);
      t.team_barrier();
      if (k + t.league_size() < tiles) {
        fetch<kThreads>(k + t.league_size(), me, ahead);  // in flight...
      }
      terms(tile, wb, first, m, me, T, r, mine);  // ...while we compute
      t.team_barrier();
      gradient(tile, r, m, me, T, columns);
    }
    write_team_sums(t, mine, columns, shape.groups, d, tail, partials);
  }

  /// \brief Starts loading tile `k` into `ahead`: thread `me` of a team of
  /// `T` takes the tile's values me, me + T, ...: each load of a warp
  /// reads neighbouring values, and no value is used before the stash.
  /// `T` is a constant, so each load's offset is one too.
  template <unsigned T>
  KOKKOS_INLINE_FUNCTION void fetch(std::size_t k, unsigned me,
                                    S* ahead) const {
    const std::size_t first = begin + k * shape.rows;
    const unsigned m =
        unsigned(first + shape.rows < end ? shape.rows : end - first);
    // The tile's rows are one contiguous run; this thread starts at `me`.
    const S* from = &X(first, 0) + me;
    const int left = int(m * X.extent(1)) - int(me);  // values from there on
    BLOCKS_UNROLL
    for (unsigned u = 0; u < kInFlight; ++u) {
      ahead[u] = int(u * T) < left ? from[u * T] : S(0);
    }
  }

  // [fused-pipelined]

  /// \brief Stores `ahead` into the tile: value \f$f\f$ of the run is row
  /// \f$f / d\f$, column \f$f \bmod d\f$, both stepped without a division.
  template <unsigned T>
  KOKKOS_INLINE_FUNCTION void stash(const S* ahead, unsigned m, unsigned me,
                                    const Values& tile) const {
    const unsigned d = unsigned(X.extent(1)), stride = unsigned(shape.stride);
    const unsigned row_step = T / d, column_step = T % d;
    unsigned row = me / d, column = me % d;
    BLOCKS_UNROLL
    for (unsigned u = 0; u < kInFlight; ++u) {
      if (row < m) tile(row * stride + column) = ahead[u];
      row += row_step, column += column_step;
      if (column >= d) column -= d, ++row;
    }
  }

  /// \brief One thread per row: the logit, in four partial sums, and the
  /// row's terms; \f$r\f$ goes to scratch for the gradient phase. Indices
  /// within a tile fit 32 bits, which take half the registers.
  KOKKOS_INLINE_FUNCTION void terms(const Values& tile, const Values& wb,
                                    std::size_t first, unsigned m, unsigned me,
                                    unsigned T, const Values& r,
                                    ThreadSums& mine) const {
    const unsigned d = unsigned(X.extent(1));
    for (unsigned i = me; i < m; i += T) {
      const S* x = &tile(i * unsigned(shape.stride));
      S z4[4] = {S(0), S(0), S(0), S(0)};
      unsigned j = 0;
      for (; j + 4 <= d; j += 4) {
        for (unsigned c = 0; c < 4; ++c) z4[c] += wb(j + c) * x[j + c];
      }
      for (; j < d; ++j) z4[0] += wb(j) * x[j];
      const S z = (z4[0] + z4[1]) + (z4[2] + z4[3]) + wb(d);
      const RowTermsOf<S> row = row_terms(z, y(first + i));
      r(i) = row.r;
      mine.add(row);
    }
  }

  /// \brief Thread p sums column p mod d over the rows of group p / d, in
  /// `S`, then adds that partial to its double in `columns`.
  KOKKOS_INLINE_FUNCTION void gradient(const Values& tile, const Values& r,
                                       unsigned m, unsigned me, unsigned T,
                                       const Sums& columns) const {
    const unsigned d = unsigned(X.extent(1)), groups = unsigned(shape.groups);
    const unsigned stride = unsigned(shape.stride);
    for (unsigned p = me; p < groups * d; p += T) {
      const unsigned j = p % d;
      S s = S(0);
      for (unsigned i = p / d; i < m; i += groups) {
        s += r(i) * tile(i * stride + j);
      }
      columns(p) += double(s);
    }
  }
};

}  // namespace blocks::device

#undef BLOCKS_UNROLL
