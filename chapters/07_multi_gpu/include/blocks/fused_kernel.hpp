#pragma once
/// \file
/// \brief The fused kernel: one pass over a batch gives the loss sum, the
/// number of correct predictions and the full gradient of logistic
/// regression, in two versions (a plain array reduction, and a team
/// kernel for GPUs).

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>

#include <Kokkos_Core.hpp>

#include "blocks/device_data.hpp"
#include "blocks/kokkos_compat.hpp"

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

/// \brief The per-row work shared by both kernels, given the logit
/// \f$z\f$ and the label \f$y\f$: \f$r = \sigma(z) - y\f$, the loss
/// \f$\max(z,0) - zy + \log(1 + e^{-|z|})\f$ and whether
/// \f$\sigma(z) > 0.5\f$ equals the label.
struct RowTerms {
  double r;        ///< \f$\sigma(z) - y\f$, the derivative of the loss in z
  double loss;     ///< the loss of the row
  double correct;  ///< 1 when the prediction is right, else 0
};

// [row-terms]
/// \brief RowTerms of one row (the same formulas as Chapter 6).
KOKKOS_INLINE_FUNCTION RowTerms row_terms(double z, double y) {
  const double p = 1.0 / (1.0 + compat::math::exp(-z));
  const double loss =
      (z > 0.0 ? z : 0.0) - z * y +
      compat::math::log1p(compat::math::exp(-compat::math::fabs(z)));
  const double correct = ((p > 0.5 ? 1.0 : 0.0) == y) ? 1.0 : 0.0;
  return {p - y, loss, correct};
}
// [row-terms]

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
    // Four partial dot products: one chain of adds would wait on each
    // add's latency, four let the CPU overlap them.
    double z4[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4) {
      for (int k = 0; k < 4; ++k) {
        z4[k] += double(params(j + k)) * double(X(i, j + k));
      }
    }
    for (; j < d; ++j) z4[0] += double(params(j)) * double(X(i, j));
    const double z = (z4[0] + z4[1]) + (z4[2] + z4[3]) + double(params(d));
    const RowTerms t = row_terms(z, double(y(i)));
    for (j = 0; j < d; ++j) sum[j] += t.r * double(X(i, j));
    sum[d] += t.r;
    sum[d + 1] += t.loss;
    sum[d + 2] += t.correct;
    sum[d + 3] += 1.0;
  }
};
// [fused-simple]

/// \brief Which kernel computes the fused sums.
enum class KernelKind {
  simple,  ///< FusedSimple: the array reduction
  team,    ///< the team kernel: rows per team, partials per thread
};

/// \brief "simple" or "team".
inline std::string to_string(KernelKind kind) {
  return kind == KernelKind::simple ? "simple" : "team";
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
    if (kind_ == KernelKind::simple) {
      run_simple(data, params, begin, end);
    } else {
      run_team(data, params, begin, end);
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

  /// \brief The team version.
  void run_team(const DeviceData<S>& data, const ParamView<S>& params,
                std::size_t begin, std::size_t end);

 private:
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
  if (partials_.extent(0) < league) {
    partials_ = decltype(partials_)("fused.partials", league, w);
  }
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
              const RowTerms r = row_terms(z + double(params(d)), y(i));
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
  auto sums = sums_;
  Kokkos::parallel_for(
      "blocks::fused_team_fold", Kokkos::RangePolicy<ExecSpace>(0, w),
      KOKKOS_LAMBDA(const std::size_t j) {
        double s = 0.0;
        for (std::size_t l = 0; l < league; ++l) s += partials(l, j);
        sums(j) = s;
      });
}
// [fused-team]

}  // namespace blocks::dist
