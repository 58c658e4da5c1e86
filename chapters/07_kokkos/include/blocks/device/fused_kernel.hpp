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

#include "blocks/device/device_data.hpp"
#include "blocks/device/fused_sums.hpp"
#include "blocks/device/kernel_kind.hpp"
#include "blocks/device/kernels/blocked.hpp"
#include "blocks/device/kernels/pipelined.hpp"
#include "blocks/device/kernels/simple.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/team_sums.hpp"
#include "blocks/error.hpp"

namespace blocks::device {

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

}  // namespace blocks::device

// The kernels whose bodies are too long to read inside the class.
#include "blocks/device/kernels/team.hpp"
#include "blocks/device/kernels/tiled.hpp"
