#pragma once
/// \file
/// \brief Chapter 7's exercises: a global mean from per-rank sums, and a
/// Kokkos reduction of your own.

#include <cstddef>

#include "blocks/dist/device_data.hpp"
#include "blocks/dist/mpi_environment.hpp"

namespace blocks::dist::exercises {

/// \brief Exercise 1: the mean over all ranks' rows, given this rank's
/// `local_sum` over its `local_count` rows (which may be 0), with one
/// all-reduce. Not the mean of the ranks' means: shards differ in size.
double global_mean(const Communicator& comm, double local_sum,
                   double local_count);

/// \brief Exercise 2: how many of rows `[begin, end)` of `data` the model
/// `params` (\f$w\f$ then \f$b\f$) classifies right (\f$\sigma(z) > 0.5\f$
/// equals the label), with one scalar `Kokkos::parallel_reduce`.
std::size_t count_correct(const DeviceData<double>& data,
                          const ParamView<double>& params, std::size_t begin,
                          std::size_t end);

}  // namespace blocks::dist::exercises
