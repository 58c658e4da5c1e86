#pragma once
/// \file
/// \brief Chapter 8's data parallelism in one include: the MPI process
/// model, the all-reduce and the data-parallel trainer (`blocks::dist`),
/// on Chapter 7's device code (`blocks::device`).

#include "blocks/device.hpp"
#include "blocks/dist/allreduce.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/dist/mpi_environment.hpp"
#include "blocks/dist/sharding.hpp"
