#pragma once
/// \file
/// \brief A rank's rows of X and y on its device, and the replicated
/// parameters, as Kokkos Views.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "blocks/tensor.hpp"

namespace blocks::device {

/// \brief Where kernels run: the default execution space (Serial, OpenMP,
/// CUDA... whatever Kokkos was built with).
using ExecSpace = Kokkos::DefaultExecutionSpace;
/// \brief The memory that ExecSpace reads.
using DeviceMemory = ExecSpace::memory_space;

// [device-data]
/// \brief One rank's shard on the device: rows of X (row-major, so that
/// a row is contiguous) and their labels, in the order the rank visits
/// them.
template <class S>
struct DeviceData {
  /// Features, (rows, d), one row per sample.
  Kokkos::View<S**, Kokkos::LayoutRight, DeviceMemory> X;
  /// Labels in {0, 1}, (rows,).
  Kokkos::View<S*, DeviceMemory> y;
  /// \brief The number of rows on this rank.
  std::size_t rows() const { return X.extent(0); }
  /// \brief The number of features.
  std::size_t features() const { return X.extent(1); }
};

/// \brief The model, replicated on every rank: \f$w_0..w_{d-1}\f$ then
/// \f$b\f$, in one View of \f$d+1\f$ values.
template <class S>
using ParamView = Kokkos::View<S*, DeviceMemory>;
// [device-data]

/// \brief Checks that every value of `values` (a host table, or a list) is
/// finite in `S`: a double such as 1e39 is finite, but becomes infinity as
/// a float, and the loss would only report a NaN much later.
/// \param values  the data or the parameters, as doubles
/// \param what    names them in the message ("train", "the initial
///                parameters")
/// \throws DataError naming the position and the value (float only).
template <class S>
void require_representable(const Tensor& values, const std::string& what);

/// \brief Copies the rows `rows` (global row numbers, in this order) of the
/// host data `X` (m, d) and `y` (m, 1) or (m,) to a new DeviceData.
/// \throws ValueError for a row out of range or a shape mismatch.
template <class S>
DeviceData<S> to_device(const Tensor& X, const Tensor& y,
                        const std::vector<std::int64_t>& rows,
                        const std::string& label = "shard");

/// \brief Fills an existing DeviceData (of the right shape) with the rows
/// `rows` of `X` and `y`, as to_device does, without reallocating: the
/// per-epoch refill of a shuffled run.
template <class S>
void copy_rows(DeviceData<S>& out, const Tensor& X, const Tensor& y,
               const std::vector<std::int64_t>& rows);

/// \brief The parameters (weight (1, d) or (d,), then the bias) as a
/// device View.
template <class S>
ParamView<S> params_to_device(const std::vector<double>& weight_and_bias);

/// \brief The device parameters back on the host, as doubles.
template <class S>
std::vector<double> params_to_host(const ParamView<S>& params);

}  // namespace blocks::device
