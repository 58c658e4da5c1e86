// The all-reduce of the fused sums, staged through the host or not.
#include "blocks/dist/allreduce.hpp"

#include <mpi.h>
#if defined(OPEN_MPI) && defined(__has_include)
#if __has_include(<mpi-ext.h>)
#include <mpi-ext.h>  // MPIX_CUDA_AWARE_SUPPORT, MPIX_Query_cuda_support
#endif
#endif

#include "blocks/device/kokkos_compat.hpp"
#include "blocks/error.hpp"

namespace blocks::dist {

std::string to_string(Allreduce mode) {
  return cli::name_of(kAllreduceNames, mode);
}

Allreduce allreduce_mode(const std::string& name) {
  return cli::value_named(kAllreduceNames, name, "all-reduce mode");
}

bool mpi_reads_device_memory() {
#if !BLOCKS_KOKKOS_GPU
  return true;  // the "device" is host memory
#elif defined(MPIX_CUDA_AWARE_SUPPORT) && MPIX_CUDA_AWARE_SUPPORT
  return MPIX_Query_cuda_support() == 1;
#else
  return false;  // this MPI cannot say, so assume it cannot
#endif
}

bool allreduce_mode_works(const Communicator& comm, Allreduce mode) {
  return mode == Allreduce::host || comm.size() == 1 ||
         mpi_reads_device_memory();
}

void require_allreduce_mode(const Communicator& comm, Allreduce mode) {
  if (!allreduce_mode_works(comm, mode)) {
    throw ValueError(
        "--allreduce device needs an MPI that reads GPU memory "
        "(CUDA-aware), and this MPI does not say it can; use "
        "--allreduce host");
  }
}

// [allreduce-sums]
void allreduce_sums(const Communicator& comm, const device::SumsView& sums,
                    Allreduce mode, std::vector<double>& host) {
  if (mode == Allreduce::device) {
    if (comm.size() == 1) return;  // nothing to add: no wait, no copy
    // MPI knows nothing of Kokkos: the kernel must be done first.
    device::compat::fence("blocks::allreduce_sums");
    comm.allreduce_sum(sums.data(), sums.extent(0));
    return;
  }
  // Host staging: the 2-argument deep_copy waits for the kernel, so MPI
  // reads finished sums; d + 4 doubles make one message, one latency.
  host.resize(sums.extent(0));
  Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> staged(
      host.data(), host.size());
  Kokkos::deep_copy(staged, sums);
  comm.allreduce_sum(host);
  Kokkos::deep_copy(sums, staged);
}
// [allreduce-sums]

}  // namespace blocks::dist
