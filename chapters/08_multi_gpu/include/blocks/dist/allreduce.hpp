#pragma once
/// \file
/// \brief Summing the fused sums over all ranks, the two ways: staged
/// through the host (any MPI), or straight from device memory (a
/// CUDA-aware MPI).

#include <string>
#include <vector>

#include "blocks/cli/names.hpp"
#include "blocks/device/fused_sums.hpp"
#include "blocks/dist/mpi_environment.hpp"

namespace blocks::dist {

/// \brief Where MPI reads the sums it adds up.
enum class Allreduce {
  host,    ///< copy to the host, all-reduce there, copy back: any MPI
  device,  ///< MPI reads and writes device memory: a CUDA-aware MPI
};

/// \brief The modes' names, for flags and messages.
inline constexpr cli::NameTable<Allreduce, 2> kAllreduceNames{
    {{Allreduce::host, "host"}, {Allreduce::device, "device"}}};

/// \brief "host" or "device".
std::string to_string(Allreduce mode);
/// \brief The Allreduce named `name`.
/// \throws ValueError for any other name.
Allreduce allreduce_mode(const std::string& name);

/// \brief Whether the MPI library can read the memory Kokkos computes in:
/// always for CPU backends; for a GPU build, what the MPI says about
/// itself (OpenMPI's `MPIX_Query_cuda_support`), else no.
bool mpi_reads_device_memory();

/// \brief Whether `mode` can work with this MPI and `comm`'s size: false
/// only for Allreduce::device with more than one rank when the MPI cannot
/// read device memory.
bool allreduce_mode_works(const Communicator& comm, Allreduce mode);

/// \brief Throws ValueError on every rank unless allreduce_mode_works();
/// the message says to use the host mode.
void require_allreduce_mode(const Communicator& comm, Allreduce mode);

/// \brief Replaces `sums` (on the device) by their sum over all ranks.
/// Host mode also leaves the reduced values in `host` (resized to fit);
/// device mode leaves `host` alone, and with one rank does nothing at all,
/// so a one-GPU step never waits for the device.
void allreduce_sums(const Communicator& comm, const device::SumsView& sums,
                    Allreduce mode, std::vector<double>& host);

}  // namespace blocks::dist
