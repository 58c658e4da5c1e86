#pragma once
/// \file
/// \brief Chapter 4's SGD update (momentum, dampening, weight decay,
/// Nesterov) as one small kernel on the device-resident parameters, so
/// that every rank applies the same update to the same bits.

#include <optional>
#include <vector>

#include <Kokkos_Core.hpp>

#include "blocks/device_data.hpp"
#include "blocks/kokkos_compat.hpp"
#include "blocks/sgd.hpp"

namespace blocks::dist {

/// \brief The parameters \f$w_0..w_{d-1}, b\f$ on the device and SGD's
/// state, updated with a gradient that arrives from the host.
template <class S>
class DeviceSGD {
 public:
  /// \brief Parameters `weight_and_bias` (copied to the device) and
  /// Chapter 4's options (checked by the caller).
  DeviceSGD(const std::vector<double>& weight_and_bias,
            const optim::SGDOptions& options)
      : options_(options),
        params_(params_to_device<S>(weight_and_bias)),
        buffer_("momentum", weight_and_bias.size()),
        grad_("grad", weight_and_bias.size()) {}

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

  // [sgd-device]
  /// \brief One step with gradient `grad` (\f$d+1\f$ values, the same on
  /// every rank): Chapter 4's equations, element by element, with its
  /// fused multiply-adds.
  void step(const std::vector<double>& grad) {
    Kokkos::View<const double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> in(
        grad.data(), grad.size());
    Kokkos::deep_copy(grad_, in);
    const double lr = *options_.lr, mu = options_.momentum;
    const double tau = options_.dampening, wd = options_.weight_decay;
    const bool nesterov = options_.nesterov, maximize = options_.maximize;
    const bool first = !has_buffer_;
    auto p = params_;
    auto buf = buffer_;
    auto g = grad_;
    Kokkos::parallel_for(
        "blocks::sgd_step", Kokkos::RangePolicy<ExecSpace>(0, p.extent(0)),
        KOKKOS_LAMBDA(const std::size_t j) {
          double dj = maximize ? -g(j) : g(j);
          if (wd != 0.0) dj = compat::fma(wd, double(p(j)), dj);
          if (mu != 0.0) {
            // The first step copies d into the buffer, undamped.
            buf(j) = static_cast<S>(
                first ? dj : compat::fma(1.0 - tau, dj, mu * double(buf(j))));
            dj =
                nesterov ? compat::fma(mu, double(buf(j)), dj) : double(buf(j));
          }
          p(j) = static_cast<S>(compat::fma(-lr, dj, double(p(j))));
        });
    if (mu != 0.0) has_buffer_ = true;
  }
  // [sgd-device]

 private:
  optim::SGDOptions options_;
  ParamView<S> params_, buffer_;
  Kokkos::View<double*, DeviceMemory> grad_;
  bool has_buffer_ = false;
};

}  // namespace blocks::dist
