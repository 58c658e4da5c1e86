#pragma once
/// \file
/// \brief The team kernel: a team of threads per group of rows, each thread
/// with its own partial sums, folded in a fixed order
/// (`FusedKernel::run_team`; included by `fused_kernel.hpp`).

#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device/fused_kernel.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/team_sums.hpp"

namespace blocks::device {

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

}  // namespace blocks::device
