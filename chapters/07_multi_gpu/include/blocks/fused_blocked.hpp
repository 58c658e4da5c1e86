#pragma once
/// \file
/// \brief The fused kernel for CPU cores: blocks of rows, each pass over a
/// block a loop that the compiler turns into vector code.

#include <algorithm>
#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device_data.hpp"
#include "blocks/row_terms.hpp"
#include "blocks/vector_math.hpp"

namespace blocks::dist {

// [fused-blocked]
/// \brief A `parallel_reduce` over blocks of `kRows` rows. A block is done
/// in passes: the logits of its rows, their exponentials and logarithms,
/// the rows' terms, then the gradient. The logits and the gradient work in
/// the data's own precision (float for float data, four values per SIMD
/// instruction), and the block, 8 KiB at 32 floats a row, stays in the L1
/// cache between passes. The block's partial sums reach the doubles once
/// per block. Host code only: the kernel runs on CPU cores.
template <class S>
struct FusedBlocked {
  /// \brief Rows per block: 8 KiB at 32 floats a row, well inside L1.
  static constexpr std::size_t kRows = 64;
  /// Kokkos reads the array length from this member (runtime length).
  using value_type = double[];
  std::size_t value_count;  ///< \f$d + 4\f$
  Kokkos::View<const S**, Kokkos::LayoutRight, DeviceMemory> X;  ///< rows
  Kokkos::View<const S*, DeviceMemory> y;                        ///< labels
  Kokkos::View<const S*, DeviceMemory> params;  ///< \f$w\f$ then \f$b\f$
  std::size_t begin;                            ///< first row
  std::size_t end;                              ///< one past the last row

  /// \brief How many blocks rows `[begin, end)` make.
  std::size_t block_count() const {
    return end > begin ? (end - begin + kRows - 1) / kRows : 0;
  }

  /// \brief Adds block `k`'s terms to the thread's partial sums `sum`.
  void operator()(std::size_t k, double* sum) const {
    const std::size_t first = begin + k * kRows;
    const std::size_t m = std::min(kRows, end - first);
    const std::size_t d = X.extent(1);
    const S* rows = X.data() + first * d;
    S z[kRows], e[kRows], log1p_e[kRows], r[kRows];
    logits(rows, m, d, z);
    exp_and_log1p_of_minus_abs(z, m, e, log1p_e);
    double r_sum = 0.0, loss = 0.0, correct = 0.0;
    for (std::size_t b = 0; b < m; ++b) {
      const RowTerms t = row_terms(double(z[b]), double(y(first + b)),
                                   double(e[b]), double(log1p_e[b]));
      r[b] = S(t.r);
      r_sum += t.r;
      loss += t.loss;
      correct += t.correct;
    }
    // The next block's rows, asked for now: memory works while the
    // gradient below works on the cache.
    const std::size_t next = std::min(kRows, end - first - m) * d;
    constexpr std::size_t kLine = 64 / sizeof(S);  // values per cache line
    for (std::size_t f = 0; f < next; f += kLine) {
      __builtin_prefetch(rows + m * d + f);
    }
    gradient(rows, m, d, r, sum);
    sum[d] += r_sum;
    sum[d + 1] += loss;
    sum[d + 2] += correct;
    sum[d + 3] += double(m);
  }

  /// \brief `z[b]` = \f$w \cdot x_b + b\f$ for the block's `m` rows, with
  /// eight partial sums that the compiler keeps in two SIMD registers.
  void logits(const S* rows, std::size_t m, std::size_t d, S* z) const {
    const S* w = params.data();
    for (std::size_t b = 0; b < m; ++b) {
      const S* x = rows + b * d;
      S part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
      std::size_t j = 0;
      for (; j + 8 <= d; j += 8) {
        for (std::size_t u = 0; u < 8; ++u) part[u] += w[j + u] * x[j + u];
      }
      for (; j < d; ++j) part[0] += w[j] * x[j];
      z[b] = ((part[0] + part[1]) + (part[2] + part[3])) +
             ((part[4] + part[5]) + (part[6] + part[7])) + w[d];
    }
  }

  /// \brief `sum[j]` += \f$\sum_b r_b x_{bj}\f$ over the block: the rows
  /// added column-wise in `S` (independent columns, so vector code), a
  /// chunk of at most 256 columns at a time.
  static void gradient(const S* rows, std::size_t m, std::size_t d, const S* r,
                       double* sum) {
    constexpr std::size_t kChunk = 256;
    S acc[kChunk];
    for (std::size_t c = 0; c < d; c += kChunk) {
      const std::size_t width = std::min(kChunk, d - c);
      std::fill(acc, acc + width, S(0));
      for (std::size_t b = 0; b < m; ++b) {
        const S* x = rows + b * d + c;
        const S rb = r[b];
        for (std::size_t j = 0; j < width; ++j) acc[j] += rb * x[j];
      }
      for (std::size_t j = 0; j < width; ++j) sum[c + j] += double(acc[j]);
    }
  }
};
// [fused-blocked]

}  // namespace blocks::dist
