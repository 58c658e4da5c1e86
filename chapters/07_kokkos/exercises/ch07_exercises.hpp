#pragma once
/// \file
/// \brief Chapter 7's exercises: Kokkos kernels of your own.

#include <cstddef>
#include <vector>

#include "blocks/device/device_data.hpp"

namespace blocks::device::exercises {

/// \brief Exercise 1 (easy): the probabilities \f$\sigma(w \cdot x_i + b)\f$
/// of rows `[begin, end)` of `data` under `params` (\f$w\f$ then \f$b\f$),
/// computed on the device by one `Kokkos::parallel_for` into a View, then
/// copied to the host; element `k` is row `begin + k`.
std::vector<double> probabilities(const DeviceData<double>& data,
                                  const ParamView<double>& params,
                                  std::size_t begin, std::size_t end);

/// \brief Exercise 2 (medium): how many of rows `[begin, end)` of `data` the
/// model `params` (\f$w\f$ then \f$b\f$) classifies right (\f$\sigma(z) >
/// 0.5\f$ equals the label), with one scalar `Kokkos::parallel_reduce`.
std::size_t count_correct(const DeviceData<double>& data,
                          const ParamView<double>& params, std::size_t begin,
                          std::size_t end);

/// \brief Exercise 3 (challenge): the sum over rows `[begin, end)` of the
/// loss \f$\max(z, 0) - z y + \log(1 + e^{-|z|})\f$, with a
/// `Kokkos::TeamPolicy`: each team takes a block of rows
/// (`TeamThreadRange`), and the dot product of a row is itself a
/// reduction (`ThreadVectorRange`). 0 for an empty range.
double loss_sum_team(const DeviceData<double>& data,
                     const ParamView<double>& params, std::size_t begin,
                     std::size_t end);

}  // namespace blocks::device::exercises
