#pragma once
/// \file
/// \brief What a fused pass yields: the \f$d+4\f$ sums (gradient, bias, loss,
/// correct, count) and the device View that holds them. The all-reduce
/// and the optimizer need only this, not the kernels.

#include <cstddef>

#include <Kokkos_Core.hpp>

#include "blocks/device/device_data.hpp"

namespace blocks::device {

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

}  // namespace blocks::device
