#pragma once
/// \file
/// \brief Chapter 7's data parallelism in one include: the MPI process
/// model, the device data, the fused kernels, the all-reduce, SGD on the
/// device and the data-parallel trainer (`blocks::dist`).

#include "blocks/dist/allreduce.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/dist/device_data.hpp"
#include "blocks/dist/device_sgd.hpp"
#include "blocks/dist/fused_kernel.hpp"
#include "blocks/dist/mpi_environment.hpp"
#include "blocks/dist/sharding.hpp"
#include "blocks/dist/synthetic.hpp"
