#pragma once
/// \file
/// \brief What the GPU-shaped kernels (tiled and pipelined) share: the
/// team scratch they may use, and how a team writes its \f$d+4\f$ partial
/// sums.

#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device/row_terms.hpp"

namespace blocks::device {

/// \brief Team scratch a kernel may ask for: the 48 KiB every CUDA block
/// may use, less a little that Kokkos keeps for itself.
constexpr std::size_t kTeamScratchBytes = 48 * 1024 - 512;

/// \brief Writes team `t`'s \f$d+4\f$ sums (SumLayout) into row
/// `t.league_rank()` of `partials`. Column \f$j < d\f$ adds the `groups`
/// sums `columns(g * d + j)`; the last four add every thread's `mine`,
/// which meet in `tail`, team scratch for four doubles per thread. The
/// order is fixed (no atomics), so a run gives the same bits every time.
template <class Member, class ScratchSums, class Partials>
KOKKOS_INLINE_FUNCTION void write_team_sums(const Member& t,
                                            const ThreadSums& mine,
                                            const ScratchSums& columns,
                                            std::size_t groups, std::size_t d,
                                            const ScratchSums& tail,
                                            const Partials& partials) {
  const std::size_t me = t.team_rank(), T = t.team_size();
  tail(4 * me) = mine.r, tail(4 * me + 1) = mine.loss;
  tail(4 * me + 2) = mine.correct, tail(4 * me + 3) = mine.count;
  t.team_barrier();  // every thread's columns and tail are written
  for (std::size_t j = me; j < d + 4; j += T) {
    double s = 0.0;
    if (j < d) {
      for (std::size_t g = 0; g < groups; ++g) s += columns(g * d + j);
    } else {
      for (std::size_t q = 0; q < T; ++q) s += tail(4 * q + (j - d));
    }
    partials(t.league_rank(), j) = s;
  }
}

}  // namespace blocks::device
