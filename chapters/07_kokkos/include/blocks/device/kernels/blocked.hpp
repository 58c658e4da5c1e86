#pragma once
/// \file
/// \brief The fused kernel for CPU cores: blocks of rows, each pass over a
/// block computed four values at a time (Pack4), while the next block is
/// fetched from memory.

#include <algorithm>
#include <cstddef>
#include <type_traits>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"
#include "blocks/device/kernels/blocked_avx2.hpp"
#include "blocks/device/prefetch_stream.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/simd_pack4.hpp"

namespace blocks::device {

// [fused-blocked]
/// \brief A `parallel_reduce` over blocks of `kRows` rows. A block is done
/// in three passes: the logits of its rows, the rows' terms, then the
/// gradient. Each pass works on Pack4s, four values of the data's own
/// precision (for float data, one SSE register); for float data on a CPU
/// with AVX2 the logits and the gradient take eight (use_avx2). The block,
/// 8 KiB at 32 floats a row, stays in the L1 cache between passes. Through
/// all three passes a PrefetchStream asks for the next block's rows, so
/// memory works while the core computes. The block's sums reach the
/// doubles once per block. Host code only: the kernel runs on CPU cores.
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
  /// Float data on a CPU with AVX2: the logits and the 32-column gradient
  /// take eight floats an instruction (blocked_avx2.hpp) instead of four.
  bool use_avx2 = avx2_passes();

  /// \brief Whether this build has AVX2 passes for `S` (float only).
  static constexpr bool kMayUseAvx2 = std::is_same_v<S, float> && BLOCKS_AVX2;
  /// \brief Whether they run here: this build has them and the CPU AVX2.
  static bool avx2_passes() { return kMayUseAvx2 && avx2::available(); }

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
    // The next block's rows, asked for across the three passes: a quarter
    // of its lines during the logits, half during the row terms (which
    // read no memory), the rest during the gradient.
    const std::size_t next_rows = std::min(kRows, end - first - m);
    PrefetchStream ahead(rows + m * d, next_rows * d * sizeof(S));
    const std::size_t lines = ahead.lines_left();
    S z[kRows], r[kRows];
    ahead.pace(lines / 4, m / 4);
    logits_pass(rows, m, d, z, ahead);
    ahead.pace(lines / 2, m / 4);
    const ThreadSums block = terms(z, y.data() + first, m, r, ahead);
    // The gradient takes one step per row of each group of columns.
    ahead.pace(ahead.lines_left(), m * (d / 32 + d % 32 / 4));
    gradient(rows, m, d, r, sum, ahead);
    sum[d] += block.r;
    sum[d + 1] += block.loss;
    sum[d + 2] += block.correct;
    sum[d + 3] += block.count;
  }

  /// \brief The logits pass: the AVX2 one where use_avx2, else logits().
  void logits_pass(const S* rows, std::size_t m, std::size_t d, S* z,
                   PrefetchStream& ahead) const {
    if constexpr (kMayUseAvx2) {
      if (use_avx2) {
        // Whole groups of four rows; the rest, one at a time, as logits().
        const std::size_t grouped = m - m % 4;
        avx2::logits(rows, grouped, d, params.data(), z, ahead);
        return single_logits(rows, grouped, m, d, z);
      }
    }
    logits(rows, m, d, z, ahead);
  }

  /// \brief `z[b]` = \f$w \cdot x_b + b\f$ for the block's `m` rows, four
  /// rows at a time (four_dots).
  void logits(const S* rows, std::size_t m, std::size_t d, S* z,
              PrefetchStream& ahead) const {
    const S* w = params.data();
    const Pack4<S> bias(w[d]);
    std::size_t b = 0;
    for (; b + 4 <= m; b += 4) {
      ahead.step();
      (four_dots(w, rows + b * d, d) + bias).store(z + b);
    }
    single_logits(rows, b, m, d, z);
  }

  /// \brief `z[b]` for rows `[from, m)`, one at a time (a short last
  /// block's last rows).
  void single_logits(const S* rows, std::size_t from, std::size_t m,
                     std::size_t d, S* z) const {
    const S* w = params.data();
    for (std::size_t b = from; b < m; ++b) {
      z[b] = dot_from(w, rows + b * d, 0, d, S(0)) + w[d];
    }
  }

  /// \brief \f$w \cdot x\f$ for the four rows from `x`, one per lane. The
  /// rows share each load of \f$w\f$; each row keeps two sums, of the
  /// first and the second four of every eight columns, so that two chains
  /// of adds run side by side; one transposed_sums adds up all four rows.
  static Pack4<S> four_dots(const S* w, const S* x, std::size_t d) {
    using P = Pack4<S>;
    P first[4], second[4];
    for (int i = 0; i < 4; ++i) first[i] = second[i] = P(S(0));
    std::size_t j = 0;
    for (; j + 8 <= d; j += 8) {
      const P w_first = P::load(w + j), w_second = P::load(w + j + 4);
      for (std::size_t i = 0; i < 4; ++i) {
        first[i] = first[i] + w_first * P::load(x + i * d + j);
        second[i] = second[i] + w_second * P::load(x + i * d + j + 4);
      }
    }
    if (j + 4 <= d) {
      const P w_first = P::load(w + j);
      for (std::size_t i = 0; i < 4; ++i) {
        first[i] = first[i] + w_first * P::load(x + i * d + j);
      }
      j += 4;
    }
    for (int i = 0; i < 4; ++i) first[i] = first[i] + second[i];
    const P dots = transposed_sums(first);
    if (j == d) return dots;
    S rest[4];  // the last d % 4 columns, one at a time
    for (std::size_t i = 0; i < 4; ++i)
      rest[i] = dot_from(w, x + i * d, j, d, S(0));
    return dots + P::load(rest);
  }

  /// \brief `sum` plus \f$\sum_j w_j x_j\f$ over columns `[from, d)`.
  static S dot_from(const S* w, const S* x, std::size_t from, std::size_t d,
                    S sum) {
    for (std::size_t j = from; j < d; ++j) sum += w[j] * x[j];
    return sum;
  }

  /// \brief The rows' terms, four rows at a time: `r[b]` for the gradient,
  /// and the block's sums of \f$r\f$, the loss, the correct predictions
  /// and the rows.
  static ThreadSums terms(const S* z, const S* y, std::size_t m, S* r,
                          PrefetchStream& ahead) {
    using P = Pack4<S>;
    // The exponentials first, in a loop of their own: the arithmetic loop
    // after it has no call, and the core overlaps its iterations.
    S e[kRows];
    const std::size_t packed = m - m % 4;
    for (std::size_t b = 0; b < packed; b += 4) {
      ahead.step();
      const P zb = P::load(z + b);
      exp(min(zb, P(S(0)) - zb)).store(e + b);  // exp(-|z|)
    }
    RowTermsOf<P> total{P(S(0)), P(S(0)), P(S(0))};
    for (std::size_t b = 0; b < packed; b += 4) {
      const P eb = P::load(e + b);
      const RowTermsOf<P> t =
          row_terms(P::load(z + b), P::load(y + b), eb, log1p_unit(eb));
      t.r.store(r + b);
      total.r = total.r + t.r;
      total.loss = total.loss + t.loss;
      total.correct = total.correct + t.correct;
    }
    ThreadSums sums{lane_sum(total.r), lane_sum(total.loss),
                    lane_sum(total.correct), double(packed)};
    // A short last block's last rows, one at a time, as the other kernels
    // do them.
    for (std::size_t b = packed; b < m; ++b) {
      const RowTerms t = row_terms(double(z[b]), double(y[b]));
      r[b] = S(t.r);
      sums.add(t);
    }
    return sums;
  }

  /// \brief `sum[j]` += \f$\sum_b r_b x_{bj}\f$ over the block: 32 columns
  /// at a time (with AVX2 where use_avx2), then 4, then one.
  void gradient(const S* rows, std::size_t m, std::size_t d, const S* r,
                double* sum, PrefetchStream& ahead) const {
    std::size_t c = 0;
    for (; c + 32 <= d; c += 32) {
      if constexpr (kMayUseAvx2) {
        if (use_avx2) {
          avx2::add_32_columns(rows, m, d, r, c, sum, ahead);
          continue;
        }
      }
      add_columns<8>(rows, m, d, r, c, sum, ahead);
    }
    for (; c + 4 <= d; c += 4) add_columns<1>(rows, m, d, r, c, sum, ahead);
    for (; c < d; ++c) {
      S acc = 0;
      for (std::size_t b = 0; b < m; ++b) acc += r[b] * rows[b * d + c];
      sum[c] += double(acc);
    }
  }

  /// \brief The gradient of the `4 * Packs` columns from `c`: one Pack4
  /// per four columns, kept in registers down the block's rows (eight
  /// packs: eight sums that do not wait on each other).
  template <int Packs>
  static void add_columns(const S* rows, std::size_t m, std::size_t d,
                          const S* r, std::size_t c, double* sum,
                          PrefetchStream& ahead) {
    using P = Pack4<S>;
    P acc[Packs];
    for (int k = 0; k < Packs; ++k) acc[k] = P(S(0));
    // Two rows a step: their products are added together before they
    // join the sums, so each sum waits on half as many adds.
    std::size_t b = 0;
    for (; b + 2 <= m; b += 2) {
      ahead.step();
      ahead.step();
      const P r0(r[b]), r1(r[b + 1]);
      const S* x0 = rows + b * d + c;
      const S* x1 = x0 + d;
      for (int k = 0; k < Packs; ++k) {
        acc[k] = acc[k] + (r0 * P::load(x0 + 4 * k) + r1 * P::load(x1 + 4 * k));
      }
    }
    if (b < m) {  // an odd last row
      ahead.step();
      const P rb(r[b]);
      const S* x = rows + b * d + c;
      for (int k = 0; k < Packs; ++k) acc[k] = acc[k] + rb * P::load(x + 4 * k);
    }
    for (int k = 0; k < Packs; ++k) {
      for (int u = 0; u < 4; ++u) sum[c + 4 * k + u] += double(acc[k][u]);
    }
  }
};
// [fused-blocked]

}  // namespace blocks::device
