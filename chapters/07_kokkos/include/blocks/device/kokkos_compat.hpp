#pragma once
/// \file
/// \brief The few places where Kokkos 3.4 (Debian's) and Kokkos 4.x differ,
/// in one file: math in kernels, a fused multiply-add, initialising with a
/// device id, labelled fences and the device id in use. Nothing else in
/// the chapter tests a Kokkos version.

#include <cmath>
#include <string>

#include <Kokkos_Core.hpp>

#include "blocks/error.hpp"

/// \brief True when the Kokkos in use is at least major.minor.
#define BLOCKS_KOKKOS_AT_LEAST(major, minor) \
  (KOKKOS_VERSION >= (major)*10000 + (minor)*100)

#if defined(KOKKOS_ENABLE_CUDA) || defined(KOKKOS_ENABLE_HIP) || \
    defined(KOKKOS_ENABLE_SYCL)
/// \brief 1 when Kokkos was built for a GPU, else 0.
#define BLOCKS_KOKKOS_GPU 1
#else
/// \brief 1 when Kokkos was built for a GPU, else 0.
#define BLOCKS_KOKKOS_GPU 0
#endif

namespace blocks::device::compat {

#if BLOCKS_KOKKOS_AT_LEAST(3, 7)
namespace math = ::Kokkos;  // 3.7 moved exp, log1p... out of Experimental
#else
namespace math = ::Kokkos::Experimental;
#endif

/// \brief \f$a b + c\f$ rounded once, on host and device (Kokkos 3.4 has
/// no `Kokkos::fma`; CUDA and the C library both provide a global fma).
KOKKOS_INLINE_FUNCTION double fma(double a, double b, double c) {
#if BLOCKS_KOKKOS_AT_LEAST(3, 7)
  return ::Kokkos::fma(a, b, c);
#else
  return ::fma(a, b, c);
#endif
}

/// \brief Kokkos::fence with a label where Kokkos knows labels (3.5+), so
/// that profiling tools can name the wait.
inline void fence(const std::string& label) {
#if BLOCKS_KOKKOS_AT_LEAST(3, 5)
  Kokkos::fence(label);
#else
  static_cast<void>(label);
  Kokkos::fence();
#endif
}

/// \brief How many GPUs this process sees: Kokkos::num_devices() from
/// Kokkos 4.3, else the vendor's runtime; -1 where neither says (SYCL
/// before 4.3), 0 on CPU builds.
inline int visible_gpus() {
#if BLOCKS_KOKKOS_GPU && BLOCKS_KOKKOS_AT_LEAST(4, 3)
  return Kokkos::num_devices();
#elif defined(KOKKOS_ENABLE_CUDA)
  int count = 0;
  return cudaGetDeviceCount(&count) == cudaSuccess ? count : 0;
#elif defined(KOKKOS_ENABLE_HIP)
  int count = 0;
  return hipGetDeviceCount(&count) == hipSuccess ? count : 0;
#elif BLOCKS_KOKKOS_GPU
  return -1;
#else
  return 0;
#endif
}

// [compat-init]
/// \brief Initialises Kokkos for the process with node-local rank
/// `local_rank`. On a GPU build the process takes device
/// `local_rank % devices` (one rank per GPU; more ranks than GPUs share
/// them); on CPU backends the command line (`--kokkos-...` flags)
/// decides as usual.
/// \throws blocks::Error on a GPU build that sees no GPU.
inline void initialize(int& argc, char** argv, int local_rank) {
#if BLOCKS_KOKKOS_GPU
  const int devices = visible_gpus();
  if (devices == 0) {
    throw blocks::Error(
        "blocks::device: Kokkos was built for a GPU, "
        "but this process sees none");
  }
  const int device = devices > 0 ? local_rank % devices : local_rank;
#if BLOCKS_KOKKOS_AT_LEAST(3, 7)
  Kokkos::initialize(Kokkos::InitializationSettings().set_device_id(device));
#else
  Kokkos::InitArguments arguments;
  arguments.device_id = device;
  Kokkos::initialize(arguments);
#endif
  static_cast<void>(argc);
  static_cast<void>(argv);
#else
  static_cast<void>(local_rank);  // one host: nothing to choose
  Kokkos::initialize(argc, argv);
#endif
}
// [compat-init]

/// \brief The GPU this process drives (Kokkos 4.1+ on a GPU build), else
/// -1.
inline int device_id() {
#if BLOCKS_KOKKOS_GPU && BLOCKS_KOKKOS_AT_LEAST(4, 1)
  return Kokkos::device_id();
#else
  return -1;
#endif
}

}  // namespace blocks::device::compat
