// Host <-> device copies of a shard and of the parameters.
#include "blocks/device/device_data.hpp"

#include <cmath>
#include <limits>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/optim/optimizer.hpp"

namespace blocks::device {

template <class S>
void copy_rows(DeviceData<S>& out, const Tensor& X, const Tensor& y,
               const std::vector<std::int64_t>& rows) {
  if (X.dimension() != 2 || y.size() != X.shape(0)) {
    throw ShapeError("to_device: X " + shape_string(X.shape()) + " and y " +
                     shape_string(y.shape()) + " do not fit");
  }
  const std::size_t m = X.shape(0), d = X.shape(1);
  if (out.rows() != rows.size() || out.features() != d) {
    throw ShapeError("copy_rows: the device data has the wrong shape");
  }
  // Gather on the host, then one bulk copy: rows of a shard are scattered
  // over the data set, and a device copy per row would cost a launch each.
  auto X_host = Kokkos::create_mirror_view(out.X);
  auto y_host = Kokkos::create_mirror_view(out.y);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::int64_t i = rows[k];
    if (i < 0 || static_cast<std::size_t>(i) >= m) {
      throw ValueError("to_device: row " + std::to_string(i) +
                       " is outside 0.." + std::to_string(m - 1));
    }
    const auto row = static_cast<std::size_t>(i);
    for (std::size_t j = 0; j < d; ++j) {
      X_host(k, j) = static_cast<S>(X(row, j));
    }
    y_host(k) = static_cast<S>(y.flat(row));
  }
  Kokkos::deep_copy(out.X, X_host);
  Kokkos::deep_copy(out.y, y_host);
}

template <class S>
void require_representable(const Tensor& values, const std::string& what) {
  const double largest = std::numeric_limits<S>::max();
  const std::size_t columns =
      values.dimension() == 2 ? values.shape(1) : values.size();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::abs(values.flat(i)) > largest && std::isfinite(values.flat(i))) {
      throw DataError(what + ", row " + std::to_string(i / columns) +
                      ", column " + std::to_string(i % columns) + ": " +
                      optim::python_repr(values.flat(i)) +
                      " does not fit a float (use --precision double)");
    }
  }
}

template <class S>
DeviceData<S> to_device(const Tensor& X, const Tensor& y,
                        const std::vector<std::int64_t>& rows,
                        const std::string& label) {
  if (X.dimension() != 2) {
    throw ShapeError("to_device: X must be (m, d), not " +
                     shape_string(X.shape()));
  }
  DeviceData<S> out;
  out.X = decltype(out.X)(label + ".X", rows.size(), X.shape(1));
  out.y = decltype(out.y)(label + ".y", rows.size());
  copy_rows(out, X, y, rows);
  return out;
}

template <class S>
ParamView<S> params_to_device(const std::vector<double>& weight_and_bias) {
  ParamView<S> params("params", weight_and_bias.size());
  auto host = Kokkos::create_mirror_view(params);
  for (std::size_t j = 0; j < weight_and_bias.size(); ++j) {
    host(j) = static_cast<S>(weight_and_bias[j]);
  }
  Kokkos::deep_copy(params, host);
  return params;
}

template <class S>
std::vector<double> params_to_host(const ParamView<S>& params) {
  auto host = Kokkos::create_mirror_view(params);
  Kokkos::deep_copy(host, params);
  std::vector<double> out(params.extent(0));
  for (std::size_t j = 0; j < out.size(); ++j) out[j] = host(j);
  return out;
}

#define BLOCKS_INSTANTIATE(S)                                                \
  template void copy_rows<S>(DeviceData<S>&, const Tensor&, const Tensor&,   \
                             const std::vector<std::int64_t>&);              \
  template DeviceData<S> to_device<S>(const Tensor&, const Tensor&,          \
                                      const std::vector<std::int64_t>&,      \
                                      const std::string&);                   \
  template ParamView<S> params_to_device<S>(const std::vector<double>&);     \
  template void require_representable<S>(const Tensor&, const std::string&); \
  template std::vector<double> params_to_host<S>(const ParamView<S>&);
BLOCKS_INSTANTIATE(float)
BLOCKS_INSTANTIATE(double)
#undef BLOCKS_INSTANTIATE

}  // namespace blocks::device
