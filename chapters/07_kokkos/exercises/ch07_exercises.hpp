#pragma once
/// \file
/// \brief Chapter 7's exercise: a Kokkos reduction of your own.

#include <cstddef>

#include "blocks/device/device_data.hpp"

namespace blocks::device::exercises {

/// \brief Exercise 1: how many of rows `[begin, end)` of `data` the model
/// `params` (\f$w\f$ then \f$b\f$) classifies right (\f$\sigma(z) > 0.5\f$
/// equals the label), with one scalar `Kokkos::parallel_reduce`.
std::size_t count_correct(const DeviceData<double>& data,
                          const ParamView<double>& params, std::size_t begin,
                          std::size_t end);

}  // namespace blocks::device::exercises
