#pragma once
/// \file
/// \brief Chapter 8's exercises: a global mean, one model on every rank,
/// and a DDP step, each with MPI's collectives.

#include <cstddef>

#include "blocks/dist/mpi_environment.hpp"
#include "blocks/tensor.hpp"

namespace blocks::dist::exercises {

/// \brief Exercise 1 (easy): the mean over all ranks' rows, given this
/// rank's `local_sum` over its `local_count` rows (which may be 0), with one
/// all-reduce. Not the mean of the ranks' means: shards differ in size.
/// With no row on any rank the mean is 0/0, NaN, as PyTorch's mean of an
/// empty tensor is.
double global_mean(const Communicator& comm, double local_sum,
                   double local_count);

/// \brief Exercise 2 (medium): replaces every rank's `weight` (1, d) and
/// `bias` by rank 0's, so that all ranks start from the same model (what
/// DDP's constructor does), with one broadcast.
void broadcast_parameters(const Communicator& comm, Tensor& weight,
                          double& bias);

/// \brief Exercise 3 (challenge): one DDP step of SGD for logistic
/// regression. This rank's batch is `x` (rows, d) and `y` (rows, 1), at
/// least one row, and the ranks' batches may differ in size. As in
/// PyTorch's DDP, each rank takes the gradient of its own batch's mean
/// loss, the ranks average those gradients, and every rank does
/// \f$w \leftarrow w - lr\, \bar g_w\f$, \f$b \leftarrow b - lr\, \bar
/// g_b\f$ on its copy of `weight` (1, d) and `bias`, which are the same on
/// every rank before and after.
void ddp_step(const Communicator& comm, Tensor& weight, double& bias,
              const Tensor& x, const Tensor& y, double lr);

}  // namespace blocks::dist::exercises
