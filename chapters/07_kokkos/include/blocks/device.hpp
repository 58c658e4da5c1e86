#pragma once
/// \file
/// \brief Chapter 7's device code in one include: the data and parameters
/// as Kokkos Views, the fused loss-and-gradient kernels, SGD on the device
/// and the one-device trainer (`blocks::device`).

#include "blocks/device/device_data.hpp"
#include "blocks/device/device_sgd.hpp"
#include "blocks/device/device_training.hpp"
#include "blocks/device/fused_kernel.hpp"
#include "blocks/device/synthetic.hpp"
