#pragma once
/// \file
/// \brief Chapter 4's SGD update (momentum, dampening, weight decay,
/// Nesterov) as one small kernel on the device-resident parameters, so
/// that every rank applies the same update to the same bits.

#include <optional>
#include <vector>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"
#include "blocks/device/fused_sums.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/optim/sgd.hpp"

namespace blocks::device {

// [sgd-update]
/// \brief The update of parameter j, Chapter 4's equations with its fused
/// multiply-adds. A functor, not a lambda: nvcc 13's wrapper for a host +
/// device lambda crashed (a null call) in this spot on an H100.
template <class S>
struct SgdUpdate {
  ParamView<S> p;     ///< the parameters, updated in place
  ParamView<S> buf;   ///< the momentum buffer
  SumsView sums;      ///< the fused sums after the all-reduce
  std::size_t count;  ///< where the row count is in `sums`
  double lr;          ///< the learning rate
  double mu;          ///< momentum
  double tau;         ///< dampening
  double wd;          ///< weight decay
  bool nesterov;      ///< Nesterov momentum
  bool maximize;      ///< ascend instead
  bool first;         ///< the first step with momentum: copy, undamped

  /// \brief Updates \f$p_j\f$ (and its momentum buffer).
  KOKKOS_INLINE_FUNCTION void operator()(const std::size_t j) const {
    const double g = sums(j) / sums(count);
    double dj = maximize ? -g : g;
    if (wd != 0.0) dj = compat::fma(wd, double(p(j)), dj);
    if (mu != 0.0) {
      buf(j) = static_cast<S>(
          first ? dj : compat::fma(1.0 - tau, dj, mu * double(buf(j))));
      dj = nesterov ? compat::fma(mu, double(buf(j)), dj) : double(buf(j));
    }
    p(j) = static_cast<S>(compat::fma(-lr, dj, double(p(j))));
  }
};
// [sgd-update]

/// \brief The parameters \f$w_0..w_{d-1}, b\f$ on the device and SGD's
/// state, updated from the fused sums without leaving the device.
template <class S>
class DeviceSGD {
 public:
  /// \brief Parameters `weight_and_bias` (copied to the device) and
  /// Chapter 4's options (checked by the caller).
  DeviceSGD(const std::vector<double>& weight_and_bias,
            const optim::SGDOptions& options)
      : options_(options),
        params_(params_to_device<S>(weight_and_bias)),
        buffer_("momentum", weight_and_bias.size()) {}

  /// \brief The device View the kernels read.
  const ParamView<S>& params() const { return params_; }
  /// \brief The parameters as doubles on the host.
  std::vector<double> parameters() const { return params_to_host(params_); }
  /// \brief The momentum buffer; none before the first step with momentum.
  std::optional<std::vector<double>> momentum_buffer() const {
    if (!has_buffer_) return std::nullopt;
    return params_to_host(buffer_);
  }
  /// \brief Sets parameters and momentum buffer (resuming a run).
  void restore(const std::vector<double>& weight_and_bias,
               const std::optional<std::vector<double>>& buffer) {
    Kokkos::deep_copy(params_, params_to_device<S>(weight_and_bias));
    has_buffer_ = buffer.has_value();
    if (buffer) Kokkos::deep_copy(buffer_, params_to_device<S>(*buffer));
  }

  /// \brief One step whose gradient is the fused sums already on the
  /// device, \f$g_j = \sum_i r_i x_{ij} / n\f$ (the same on every rank
  /// after the all-reduce): Chapter 4's equations, element by element,
  /// with its fused multiply-adds. One kernel launch; nothing waits.
  void step(const SumsView& sums, const SumLayout& at) {
    const SgdUpdate<S> update{params_,
                              buffer_,
                              sums,
                              at.count(),
                              *options_.lr,
                              options_.momentum,
                              options_.dampening,
                              options_.weight_decay,
                              options_.nesterov,
                              options_.maximize,
                              !has_buffer_};
    Kokkos::parallel_for("blocks::sgd_step",
                         Kokkos::RangePolicy<ExecSpace>(0, params_.extent(0)),
                         update);
    if (options_.momentum != 0.0) has_buffer_ = true;
  }

 private:
  optim::SGDOptions options_;
  ParamView<S> params_, buffer_;
  bool has_buffer_ = false;
};

}  // namespace blocks::device
