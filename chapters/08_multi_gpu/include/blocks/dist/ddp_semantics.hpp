#pragma once
/// \file
/// \brief The two meanings a data-parallel run can give `--batch-size`:
/// one process's global batch split across the ranks, or PyTorch's
/// DistributedDataParallel, where each rank draws its own batches from a
/// `DistributedSampler` and the gradient is the mean of the ranks' means.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <Kokkos_Core.hpp>

#include "blocks/cli/names.hpp"
#include "blocks/device/device_sgd.hpp"
#include "blocks/device/fused_kernel.hpp"
#include "blocks/device/fused_sums.hpp"
#include "blocks/dist/allreduce.hpp"
#include "blocks/dist/mpi_environment.hpp"
#include "blocks/dist/sharding.hpp"

namespace blocks::dist {

/// \brief What a step of a data-parallel run means.
enum class Semantics {
  /// `--batch-size` is the global batch, split across the ranks; the rows
  /// weigh alike, so \f$R\f$ ranks follow one process's trajectory.
  one_process,
  /// PyTorch 1.13's `DistributedDataParallel` with `DistributedSampler`:
  /// `--batch-size` per rank, the loss a mean over the rank's batch, the
  /// gradients summed over the ranks and divided by the world size.
  ddp,
};

/// \brief The semantics' names, for flags, messages and checkpoints.
inline constexpr cli::NameTable<Semantics, 2> kSemanticsNames{
    {{Semantics::one_process, "one-process"}, {Semantics::ddp, "ddp"}}};

/// \brief How a DDP run draws its rows: `DistributedSampler`'s arguments.
struct DdpSampling {
  bool shuffle = false;    ///< `randperm(n)` seeded with `seed + epoch`
  std::uint64_t seed = 0;  ///< the sampler's seed (torch's default: 0)
  bool drop_last = false;  ///< drop the tail instead of padding
};

/// \brief Refuses options that make no sense together: `drop_last`
/// belongs to the sampler of the ddp semantics only.
/// \throws ValueError naming the option.
void check_semantics(Semantics semantics, const DdpSampling& sampling);

/// \brief Rank `rank`'s batches of epoch `epoch` under DDP: its indices
/// from Chapter 5's `DistributedSampler` (after `set_epoch(epoch)`), cut
/// into batches of `batch_size` as a DataLoader's BatchSampler cuts them
/// (the last may be shorter; every rank has as many, of the same sizes).
/// \throws ValueError when the sampler leaves the rank no sample (drop_last
/// with fewer samples than ranks), and those of the sampler.
ShardPlan ddp_plan(std::size_t n, std::size_t ranks, std::size_t rank,
                   std::size_t batch_size, const DdpSampling& sampling,
                   std::uint64_t epoch);

/// \brief Turns this rank's fused sums into its means, on the device:
/// every sum divided by the rank's row count, and the count set to 1, so
/// that after the all-reduce the count is the world size \f$R\f$ and the
/// SGD step's division is DDP's \f$\frac{1}{R}\sum_r\f$ of the ranks' means.
void to_rank_means(const device::SumsView& sums, const device::SumLayout& at);

// [ddp-batch-step]
/// \brief One DDP step on rows `[begin, end)` of this rank's data: the
/// fused pass, this rank's means (its loss is the mean over its own
/// batch), one all-reduce that sums them, and the same SGD step on every
/// rank with their mean over the ranks. Otherwise as batch_step().
/// \return the reduced means, on the device; their loss divided by their
/// count is the step's loss averaged over the ranks.
template <class S>
const device::SumsView& ddp_batch_step(
    const Communicator& comm, device::FusedKernel<S>& kernel,
    const device::DeviceData<S>& data, std::size_t begin, std::size_t end,
    device::DeviceSGD<S>& sgd, Allreduce mode, std::vector<double>& host) {
  const device::SumsView& sums = kernel(data, sgd.params(), begin, end);
  to_rank_means(sums, kernel.layout());
  allreduce_sums(comm, sums, mode, host);
  sgd.step(sums, kernel.layout());  // divides by the count: R
  return sums;
}
// [ddp-batch-step]

}  // namespace blocks::dist
