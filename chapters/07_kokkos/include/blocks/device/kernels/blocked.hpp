#pragma once
/// \file
/// \brief The fused kernel for CPU cores: blocks of rows, each pass over a
/// block computed four values at a time (Pack4), while the next block is
/// fetched from memory.

#include <algorithm>
#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"
#include "blocks/device/prefetch_stream.hpp"
#include "blocks/device/row_terms.hpp"
#include "blocks/device/simd_pack4.hpp"

namespace blocks::device {

// [fused-blocked]
/// \brief A `parallel_reduce` over blocks of `kRows` rows. A block is done
/// in three passes: the logits of its rows, the rows' terms, then the
/// gradient. Each pass works on Pack4s, four values of the data's own
/// precision (for float data, one SSE register); the block, 8 KiB at 32
/// floats a row, stays in the L1 cache between passes. Through all three
/// passes a PrefetchStream asks for the next block's rows, so memory works
/// while the core computes. The block's sums reach the doubles once per
/// block. Host code only: the kernel runs on CPU cores.
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
    // The next block's rows, asked for across the three passes: a quarter
    // of its lines during the logits, half during the row terms (which
    // read no memory), the rest during the gradient.
    const std::size_t next_rows = std::min(kRows, end - first - m);
    PrefetchStream ahead(rows + m * d, next_rows * d * sizeof(S));
    const std::size_t lines = ahead.lines_left();
    S z[kRows], r[kRows];
    ahead.pace(lines / 4, m / 4);
    logits(rows, m, d, z, ahead);
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

  /// \brief `z[b]` = \f$w \cdot x_b + b\f$ for the block's `m` rows, four
  /// rows at a time: they share each load of \f$w\f$, and their four sums
  /// come out of one transposed_sums.
  void logits(const S* rows, std::size_t m, std::size_t d, S* z,
              PrefetchStream& ahead) const {
    using P = Pack4<S>;
    const S* w = params.data();
    const std::size_t packed = d - d % 4;  // the columns done four at a time
    std::size_t b = 0;
    for (; b + 4 <= m; b += 4) {
      ahead.step();
      const S* x = rows + b * d;
      P acc[4] = {P(S(0)), P(S(0)), P(S(0)), P(S(0))};
      for (std::size_t j = 0; j < packed; j += 4) {
        const P wj = P::load(w + j);
        for (std::size_t i = 0; i < 4; ++i) {
          acc[i] = acc[i] + wj * P::load(x + i * d + j);
        }
      }
      S dots[4];
      transposed_sums(acc).store(dots);
      for (std::size_t i = 0; i < 4; ++i) {
        z[b + i] = dot_from(w, x + i * d, packed, d, dots[i]) + w[d];
      }
    }
    for (; b < m; ++b) z[b] = dot_from(w, rows + b * d, 0, d, S(0)) + w[d];
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
  /// at a time, then 4, then one.
  static void gradient(const S* rows, std::size_t m, std::size_t d, const S* r,
                       double* sum, PrefetchStream& ahead) {
    std::size_t c = 0;
    for (; c + 32 <= d; c += 32) add_columns<8>(rows, m, d, r, c, sum, ahead);
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
    for (std::size_t b = 0; b < m; ++b) {
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
