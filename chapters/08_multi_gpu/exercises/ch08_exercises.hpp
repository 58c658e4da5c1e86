#pragma once
/// \file
/// \brief Chapter 8's exercise: a global mean from per-rank sums.

#include <cstddef>

#include "blocks/dist/mpi_environment.hpp"

namespace blocks::dist::exercises {

/// \brief Exercise 1: the mean over all ranks' rows, given this rank's
/// `local_sum` over its `local_count` rows (which may be 0), with one
/// all-reduce. Not the mean of the ranks' means: shards differ in size.
double global_mean(const Communicator& comm, double local_sum,
                   double local_count);

}  // namespace blocks::dist::exercises
