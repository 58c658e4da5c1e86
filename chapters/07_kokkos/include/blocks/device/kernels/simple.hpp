#pragma once
/// \file
/// \brief The first fused kernel: a `parallel_reduce` over rows whose value is
/// an array of \f$d+4\f$ doubles, one thread per row.

#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/device/row_terms.hpp"

namespace blocks::device {

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

}  // namespace blocks::device
