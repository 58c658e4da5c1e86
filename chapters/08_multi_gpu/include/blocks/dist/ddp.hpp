#pragma once
/// \file
/// \brief Data-parallel SGD with the contract of PyTorch's
/// DistributedDataParallel: the same start everywhere, each global batch
/// split across the ranks, one all-reduce per step, the same update on
/// every rank.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "blocks/data.hpp"
#include "blocks/device/device_data.hpp"
#include "blocks/device/device_sgd.hpp"
#include "blocks/device/fused_kernel.hpp"
#include "blocks/dist/allreduce.hpp"
#include "blocks/dist/ddp_semantics.hpp"
#include "blocks/dist/mpi_environment.hpp"
#include "blocks/dist/sharding.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

namespace blocks::dist {

/// \brief How the data-parallel trainer runs.
struct DataParallelOptions {
  /// The global batch \f$B\f$ over all ranks (one-process), or each
  /// rank's batch (ddp).
  std::size_t batch_size = 5;
  optim::SGDOptions sgd{0.01};  ///< Chapter 4's options, momentum included
  bool shuffle = false;         ///< a new order each epoch (seed + epoch)
  std::uint64_t seed = 123;     ///< the shuffling seed, same on every rank
  Semantics semantics = Semantics::one_process;  ///< what a step means
  bool drop_last = false;  ///< ddp: the sampler drops the tail, no padding
  device::KernelKind kernel = device::best_kernel();  ///< which fused kernel
  Allreduce allreduce = Allreduce::host;  ///< where MPI reads the sums
  /// Called on every rank after each epoch with its record (rank 0 writes
  /// files in it; the others usually do nothing).
  std::function<void(const nn::EpochRecord&)> on_epoch;
};

/// \brief A logistic-regression model trained data-parallel: each rank
/// holds its shard of the training and validation rows on its device and
/// the whole model; gradients are summed across ranks by MPI.
template <class S = float>
class DataParallelTrainer {
 public:
  /// \brief Checks that every rank holds the same data (checksums) and
  /// that there are no more ranks than training samples, broadcasts rank
  /// 0's `weight_and_bias` (\f$w_0..w_{d-1}, b\f$) to all ranks, and puts
  /// this rank's validation shard on the device.
  /// \throws ValueError for bad options or more ranks than samples,
  ///         DataError when the ranks' data differ (on every rank alike).
  DataParallelTrainer(const Communicator& comm, const data::Split& train,
                      const data::Split& valid,
                      std::vector<double> weight_and_bias,
                      DataParallelOptions options);

  /// \brief Trains `epochs` more epochs and returns their records (the
  /// same on every rank).
  /// \throws Error naming the epoch and batch when the loss or a parameter
  ///         becomes NaN or infinite.
  nn::History fit(std::size_t epochs);

  /// \brief The validation loss and accuracy with Chapter 6's definitions
  /// (means over global batches of the batch means), computed sharded.
  nn::Evaluation evaluate();

  /// \brief \f$w_0..w_{d-1}, b\f$ as doubles.
  std::vector<double> parameters() const { return sgd_->parameters(); }
  /// \brief SGD's momentum buffer (\f$d+1\f$ values), none before the first
  /// step or without momentum.
  std::optional<std::vector<double>> momentum_buffer() const {
    return sgd_->momentum_buffer();
  }
  /// \brief Restores parameters, momentum buffer and the number of epochs
  /// done (resuming from a checkpoint); the same on every rank.
  void restore(const std::vector<double>& weight_and_bias,
               const std::optional<std::vector<double>>& buffer,
               std::size_t epochs_done);
  /// \brief The number of epochs trained so far.
  std::size_t epochs_done() const { return epochs_done_; }

 private:
  nn::EpochRecord epoch();
  double train_loss_sum(std::size_t epoch);

  const Communicator& comm_;
  const data::Split& train_;
  DataParallelOptions options_;
  std::size_t d_;
  std::unique_ptr<device::DeviceSGD<S>> sgd_;
  device::FusedKernel<S> kernel_;
  device::DeviceData<S> train_data_, valid_data_;
  ShardPlan train_plan_, valid_plan_;
  std::vector<double> host_sums_;
  Kokkos::View<double*, device::DeviceMemory> batch_losses_;
  std::size_t epochs_done_ = 0;
};

// [batch-step]
/// \brief One step of data-parallel SGD on rows `[begin, end)` of this
/// rank's data: a fused pass, one all-reduce of the \f$d+4\f$ sums, the
/// same SGD step on every rank's device. In host mode `host` receives the
/// reduced sums; in device mode nothing comes back to the host.
/// \return the reduced sums, on the device (valid until the next pass).
template <class S>
const device::SumsView& batch_step(const Communicator& comm,
                                   device::FusedKernel<S>& kernel,
                                   const device::DeviceData<S>& data,
                                   std::size_t begin, std::size_t end,
                                   device::DeviceSGD<S>& sgd, Allreduce mode,
                                   std::vector<double>& host) {
  const device::SumsView& sums = kernel(data, sgd.params(), begin, end);
  allreduce_sums(comm, sums, mode, host);
  sgd.step(sums, kernel.layout());
  return sums;
}
// [batch-step]

/// \brief One full-batch step of gradient descent on data that each rank
/// holds a part of (host-staged all-reduce).
/// \return the global mean loss and accuracy before the step.
template <class S>
nn::Evaluation full_batch_step(const Communicator& comm,
                               device::FusedKernel<S>& kernel,
                               const device::DeviceData<S>& shard,
                               device::DeviceSGD<S>& sgd) {
  std::vector<double> sums;
  batch_step(comm, kernel, shard, 0, shard.rows(), sgd, Allreduce::host, sums);
  const device::SumLayout at = kernel.layout();
  const double count = sums[at.count()];
  return {sums[at.loss()] / count, sums[at.correct()] / count};
}

}  // namespace blocks::dist
