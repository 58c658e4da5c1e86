#pragma once
/// \file
/// \brief The fused kernel: one pass over a batch gives the loss sum, the
/// number of correct predictions and the full gradient of logistic
/// regression, in five versions (a plain array reduction; a team, a tiled
/// and a pipelined kernel for GPUs; a blocked kernel for CPU cores).

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

#include <Kokkos_Core.hpp>

#include "blocks/device_data.hpp"
#include "blocks/error.hpp"
#include "blocks/fused_blocked.hpp"
#include "blocks/fused_pipelined.hpp"
#include "blocks/kokkos_compat.hpp"
#include "blocks/row_terms.hpp"
#include "blocks/team_sums.hpp"

namespace blocks::dist {

/// \brief Where each sum sits in the \f$d+4\f$ values a fused pass yields:
/// \f$\sum_i r_i x_{ij}\f$ for \f$j < d\f$, then \f$\sum_i r_i\f$, the loss
/// sum, the number correct and the number of rows.
struct SumLayout {
  std::size_t d;  ///< features
  /// \brief Index of \f$\sum_i r_i\f$ (the bias gradient).
  std::size_t bias() const { return d; }
  /// \brief Index of the loss sum.
  std::size_t loss() const { return d + 1; }
  /// \brief Index of the number of correct predictions.
  std::size_t correct() const { return d + 2; }
  /// \brief Index of the number of rows.
  std::size_t count() const { return d + 3; }
  /// \brief How many values in all.
  std::size_t size() const { return d + 4; }
};

/// \brief The device View that receives the sums (doubles, whatever the
/// scalar of the data: sums of a million floats need the extra digits).
using SumsView = Kokkos::View<double*, DeviceMemory>;

// [fused-simple]
/// \brief The first version: a `parallel_reduce` whose value is an array
/// of \f$d+4\f$ doubles, one thread per row.
template <class S>
struct FusedSimple {
  /// Kokkos reads the array length from this member (runtime length).
  using value_type = double[];
  std::size_t value_count;  ///< \f$d + 4\f$
  Kokkos::View<const S**, Kokkos::LayoutRight, DeviceMemory> X;  ///< rows
  Kokkos::View<const S*, DeviceMemory> y;                        ///< labels
  Kokkos::View<const S*, DeviceMemory> params;  ///< \f$w\f$ then \f$b\f$

  /// \brief Adds row `i`'s terms to the thread's partial sums `sum`.
  KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double* sum) const {
    const std::size_t d = X.extent(1);
    const S* x = &X(i, 0);  // row i: d neighbouring values
    const S* w = params.data();
    // Four partial dot products: one chain of adds would wait on each
    // add's latency, four let the CPU overlap them.
    double z4[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4) {
      for (int k = 0; k < 4; ++k) z4[k] += double(w[j + k]) * double(x[j + k]);
    }
    for (; j < d; ++j) z4[0] += double(w[j]) * double(x[j]);
    const double z = (z4[0] + z4[1]) + (z4[2] + z4[3]) + double(w[d]);
    const RowTerms t = row_terms(z, double(y(i)));
    // Independent columns: the compiler turns this loop into vector code.
    for (j = 0; j < d; ++j) sum[j] += t.r * double(x[j]);
    sum[d] += t.r;
    sum[d + 1] += t.loss;
    sum[d + 2] += t.correct;
    sum[d + 3] += 1.0;
  }
};
// [fused-simple]

/// \brief Which kernel computes the fused sums.
enum class KernelKind {
  simple,     ///< FusedSimple: the array reduction
  team,       ///< the team kernel: rows per team, partials per thread
  tiled,      ///< the tiled kernel: coalesced tiles through team scratch
  pipelined,  ///< FusedPipelined: tiles loaded while the last is computed
  blocked,    ///< FusedBlocked: blocks of rows, for CPU cores only
};

/// \brief "simple", "team", "tiled", "pipelined" or "blocked".
inline std::string to_string(KernelKind kind) {
  switch (kind) {
    case KernelKind::simple:
      return "simple";
    case KernelKind::team:
      return "team";
    case KernelKind::tiled:
      return "tiled";
    case KernelKind::pipelined:
      return "pipelined";
    case KernelKind::blocked:
      return "blocked";
  }
  return "?";
}

/// \brief The kernels that run on the backend Kokkos was built for: all
/// five on CPU cores, all but the blocked one on a GPU.
inline std::vector<KernelKind> kernel_kinds() {
  std::vector<KernelKind> kinds{KernelKind::simple, KernelKind::team,
                                KernelKind::tiled, KernelKind::pipelined};
  if (!BLOCKS_KOKKOS_GPU) kinds.push_back(KernelKind::blocked);
  return kinds;
}

/// \brief The fastest kernel for the backend Kokkos was built for, as
/// measured (see the chapter): tiled on a GPU, blocked on CPU cores.
inline KernelKind best_kernel() {
  return BLOCKS_KOKKOS_GPU ? KernelKind::tiled : KernelKind::blocked;
}

/// \brief The names of kernel_kinds(), joined by `separator`.
inline std::string kernel_names(const std::string& separator) {
  std::string names;
  for (auto kind : kernel_kinds()) {
    names += (names.empty() ? "" : separator) + to_string(kind);
  }
  return names;
}

/// \brief The KernelKind named `name`, among those that run here.
/// \throws ValueError naming the choices for any other name.
inline KernelKind kernel_kind(const std::string& name) {
  for (auto kind : kernel_kinds()) {
    if (name == to_string(kind)) return kind;
  }
  throw ValueError("unknown kernel '" + name + "' for this build: choose " +
                   kernel_names(", "));
}

/// \brief Runs one fused pass over rows `[begin, end)` of a DeviceData and
/// leaves the \f$d+4\f$ sums (SumLayout) in a device View. Keeps its
/// scratch buffers between calls, so a training loop allocates once.
template <class S>
class FusedKernel {
 public:
  /// \brief A kernel for `d` features, computed the `kind` way.
  FusedKernel(std::size_t d, KernelKind kind)
      : layout_{d}, kind_(kind), sums_("fused.sums", d + 4) {}

  /// \brief The sums of rows `[begin, end)` of `data` under `params`; the
  /// View is the kernel's own and is overwritten by the next call. Does
  /// not wait for the device: read it after a fence or a deep_copy.
  const SumsView& operator()(const DeviceData<S>& data,
                             const ParamView<S>& params, std::size_t begin,
                             std::size_t end) {
    switch (kind_) {
      case KernelKind::simple:
        run_simple(data, params, begin, end);
        break;
      case KernelKind::team:
        run_team(data, params, begin, end);
        break;
      case KernelKind::tiled:
        run_tiled(data, params, begin, end);
        break;
      case KernelKind::pipelined:
        run_pipelined(data, params, begin, end);
        break;
      case KernelKind::blocked:
        run_blocked(data, params, begin, end);
        break;
    }
    return sums_;
  }

  /// \brief Where each sum is.
  const SumLayout& layout() const { return layout_; }
  /// \brief Which version runs.
  KernelKind kind() const { return kind_; }

  // Public for nvcc: a KOKKOS_LAMBDA may not live in a private member.
  /// \brief The array-reduction version.
  void run_simple(const DeviceData<S>& data, const ParamView<S>& params,
                  std::size_t begin, std::size_t end) {
    FusedSimple<S> f{layout_.size(), data.X, data.y, params};
    Kokkos::parallel_reduce("blocks::fused_simple",
                            Kokkos::RangePolicy<ExecSpace>(begin, end), f,
                            sums_);
  }

  /// \brief The blocked version (CPU cores).
  void run_blocked(const DeviceData<S>& data, const ParamView<S>& params,
                   std::size_t begin, std::size_t end) {
    if constexpr (std::is_same<DeviceMemory, Kokkos::HostSpace>::value) {
      FusedBlocked<S> f{layout_.size(), data.X, data.y, params, begin, end};
      Kokkos::parallel_reduce(
          "blocks::fused_blocked",
          Kokkos::RangePolicy<ExecSpace>(0, f.block_count()), f, sums_);
    } else {
      throw ValueError(
          "the blocked kernel runs on CPU cores; on a GPU use tiled");
    }
  }

  /// \brief The team version.
  void run_team(const DeviceData<S>& data, const ParamView<S>& params,
                std::size_t begin, std::size_t end);

  /// \brief The tiled version.
  void run_tiled(const DeviceData<S>& data, const ParamView<S>& params,
                 std::size_t begin, std::size_t end);

  /// \brief The pipelined version.
  void run_pipelined(const DeviceData<S>& data, const ParamView<S>& params,
                     std::size_t begin, std::size_t end) {
    using Policy = Kokkos::TeamPolicy<ExecSpace>;
    const PipelineShape shape = FusedPipelined<S>::shape_for(layout_.d);
    FusedPipelined<S> f{data.X, data.y, params, {}, begin, end, shape};
    const std::size_t league = league_for(f.tile_count(), shape.threads);
    reserve_partials(league);
    f.partials = partials_;
    const auto scratch = FusedPipelined<S>::scratch_bytes(layout_.d, shape);
    Kokkos::parallel_for("blocks::fused_pipelined",
                         Policy(static_cast<int>(league), shape.threads)
                             .set_scratch_size(0, Kokkos::PerTeam(scratch)),
                         f);
    fold_partials(league);
  }

  /// \brief Adds the first `league` rows of the per-team partial sums into
  /// the sums View, in a fixed order (the same bits every run).
  void fold_partials(std::size_t league);

 private:
  /// \brief Teams for `tiles` tiles of a team of `threads`: enough to
  /// fill the device, each walking many tiles (fewer teams means fewer
  /// partial sums to fold).
  static std::size_t league_for(std::size_t tiles, int threads) {
    const std::size_t resident = std::max<std::size_t>(
        1, std::size_t(ExecSpace().concurrency()) / std::size_t(threads));
    return std::max<std::size_t>(1, std::min(tiles, 2 * resident));
  }

  /// \brief Room for at least `league` rows of per-team partial sums.
  void reserve_partials(std::size_t league) {
    if (partials_.extent(0) < league) {
      partials_ = decltype(partials_)("fused.partials", league, layout_.size());
    }
  }

  SumLayout layout_;
  KernelKind kind_;
  SumsView sums_;
  Kokkos::View<double**, Kokkos::LayoutRight, DeviceMemory> partials_;
};

// [fused-team]
template <class S>
void FusedKernel<S>::run_team(const DeviceData<S>& data,
                              const ParamView<S>& params, std::size_t begin,
                              std::size_t end) {
  using Policy = Kokkos::TeamPolicy<ExecSpace>;
  using Member = Policy::member_type;
  using Scratch =
      Kokkos::View<double**, Kokkos::LayoutRight,
                   ExecSpace::scratch_memory_space, Kokkos::MemoryUnmanaged>;
  // On a GPU a team is 8 threads x 32 vector lanes; the lanes split the
  // columns of one row, so a warp reads a row in one coalesced load. On a
  // CPU a team is one thread that walks a long run of rows.
  constexpr bool host = std::is_same<DeviceMemory, Kokkos::HostSpace>::value;
  const int team = host ? 1 : 8, lanes = host ? 1 : 32;
  const std::size_t rows_per_team = host ? 65536 : 256;
  const std::size_t n = end > begin ? end - begin : 0;
  const std::size_t league =
      std::max<std::size_t>(1, (n + rows_per_team - 1) / rows_per_team);
  const std::size_t w = layout_.size(), d = layout_.d;
  reserve_partials(league);
  auto X = data.X;
  auto y = data.y;
  auto partials = partials_;
  const Policy policy =
      Policy(static_cast<int>(league), team, lanes)
          .set_scratch_size(0, Kokkos::PerTeam(Scratch::shmem_size(team, w)));
  Kokkos::parallel_for(
      "blocks::fused_team", policy, KOKKOS_LAMBDA(const Member& t) {
        Scratch acc(t.team_scratch(0), t.team_size(), w);
        const int me = t.team_rank();
        Kokkos::parallel_for(Kokkos::ThreadVectorRange(t, w),
                             [&](const std::size_t j) { acc(me, j) = 0.0; });
        const std::size_t first = begin + t.league_rank() * rows_per_team;
        const std::size_t last =
            first + rows_per_team < end ? first + rows_per_team : end;
        Kokkos::parallel_for(
            Kokkos::TeamThreadRange(t, first, last < first ? first : last),
            [&](const std::size_t i) {
              double z = 0.0;
              Kokkos::parallel_reduce(
                  Kokkos::ThreadVectorRange(t, d),
                  [&](const std::size_t j, double& s) {
                    s += double(params(j)) * double(X(i, j));
                  },
                  z);
              const RowTerms r = row_terms(z + double(params(d)), double(y(i)));
              Kokkos::parallel_for(Kokkos::ThreadVectorRange(t, d),
                                   [&](const std::size_t j) {
                                     acc(me, j) += r.r * double(X(i, j));
                                   });
              Kokkos::single(Kokkos::PerThread(t), [&]() {
                acc(me, d) += r.r;
                acc(me, d + 1) += r.loss;
                acc(me, d + 2) += r.correct;
                acc(me, d + 3) += 1.0;
              });
            });
        t.team_barrier();
        // Fold the team's threads in a fixed order: no atomics, so a run
        // gives the same bits every time.
        Kokkos::parallel_for(Kokkos::TeamThreadRange(t, w),
                             [&](const std::size_t j) {
                               double s = 0.0;
                               for (int k = 0; k < t.team_size(); ++k) {
                                 s += acc(k, j);
                               }
                               partials(t.league_rank(), j) = s;
                             });
      });
  fold_partials(league);
}
// [fused-team]

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
          //    starts at column i mod d, so the 32 threads of a warp read
          //    32 different banks of shared memory, not one.
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

// [fused-fold]
template <class S>
void FusedKernel<S>::fold_partials(std::size_t league) {
  using Policy = Kokkos::TeamPolicy<ExecSpace>;
  auto partials = partials_;
  auto sums = sums_;
  // One team per sum; its threads add the teams' partials in a tree whose
  // shape depends only on the team size, so every run gives the same bits.
  Kokkos::parallel_for(
      "blocks::fused_fold",
      Policy(static_cast<int>(layout_.size()), Kokkos::AUTO),
      KOKKOS_LAMBDA(const Policy::member_type& t) {
        const std::size_t j = t.league_rank();
        double s = 0.0;
        Kokkos::parallel_reduce(
            Kokkos::TeamThreadRange(t, league),
            [&](const std::size_t l, double& part) { part += partials(l, j); },
            s);
        Kokkos::single(Kokkos::PerTeam(t), [&]() { sums(j) = s; });
      });
}
// [fused-fold]

}  // namespace blocks::dist
