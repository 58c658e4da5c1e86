#pragma once
/// \file
/// \brief How a team of the GPU-shaped kernels (tiled and pipelined) keeps
/// its running sums and writes its \f$d+4\f$ partial sums.

#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/row_terms.hpp"

namespace blocks::dist {

/// \brief One thread's running sums of \f$r\f$, the loss, the number
/// correct and the number of rows, in double whatever the data's scalar.
struct ThreadSums {
  double r = 0.0;        ///< \f$\sum r_i\f$, the bias gradient
  double loss = 0.0;     ///< the loss sum
  double correct = 0.0;  ///< rows predicted right
  double count = 0.0;    ///< rows

  /// \brief Adds one row's terms.
  template <class S>
  KOKKOS_INLINE_FUNCTION void add(const RowTermsOf<S>& row) {
    r += double(row.r);
    loss += double(row.loss);
    correct += double(row.correct);
    count += 1.0;
  }
};

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

}  // namespace blocks::dist
