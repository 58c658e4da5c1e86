#pragma once
// The trainer's template code, instantiated for float and double in two
// small files (ddp_float.cpp, ddp_double.cpp).
#include <algorithm>
#include <cmath>
#include <string>

#include "blocks/data/sampler.hpp"
#include "blocks/data/split_checksum.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::dist {

template <class S>
DataParallelTrainer<S>::DataParallelTrainer(const Communicator& comm,
                                            const data::Split& train,
                                            const data::Split& valid,
                                            std::vector<double> init,
                                            DataParallelOptions options)
    : comm_(comm),
      train_(train),
      options_(std::move(options)),
      d_(train.features.dimension() == 2 ? train.features.shape(1) : 0),
      kernel_(d_, options_.kernel) {
  if (train.features.dimension() != 2 || valid.features.dimension() != 2 ||
      valid.features.shape(1) != d_) {
    throw ShapeError("DataParallelTrainer: train " +
                     shape_string(train.features.shape()) + " and valid " +
                     shape_string(valid.features.shape()) +
                     " must be (m, d) with the same d");
  }
  if (init.size() != d_ + 1) {
    throw ValueError("DataParallelTrainer: " + std::to_string(init.size()) +
                     " initial parameters for " + std::to_string(d_) +
                     " features (expected d + 1)");
  }
  data::check_batch_size(options_.batch_size);
  device::require_representable<S>(train.features, "train");
  device::require_representable<S>(valid.features, "valid");
  Tensor initial = Tensor::from_shape({init.size()});
  std::copy(init.begin(), init.end(), initial.begin());
  device::require_representable<S>(initial, "the initial parameters");
  optim::validate(options_.sgd);  // Chapter 4's checks and messages
  check_semantics(options_.semantics,
                  {options_.shuffle, options_.seed, options_.drop_last});
  const auto ranks = static_cast<std::size_t>(comm.size());
  const std::size_t n = train.features.shape(0);
  if (n < ranks) {
    throw ValueError("DataParallelTrainer: " + std::to_string(ranks) +
                     " ranks but only " + std::to_string(n) +
                     " training samples; use at most " + std::to_string(n) +
                     " ranks");
  }
  // [ddp-start]
  require_allreduce_mode(comm, options_.allreduce);
  // A rank that read other data would train another model in silence.
  comm.require_same(data::checksum(train), "the training data");
  comm.require_same(data::checksum(valid), "the validation data");
  // DDP's constructor: everyone starts from rank 0's parameters.
  comm.broadcast(init, 0);
  sgd_ = std::make_unique<device::DeviceSGD<S>>(init, options_.sgd);
  const auto rank = static_cast<std::size_t>(comm.rank());
  valid_plan_ = plan_shard(epoch_order(valid.features.shape(0), false, 0, 0),
                           options_.batch_size, ranks, rank);
  valid_data_ = device::to_device<S>(valid.features, valid.labels,
                                     valid_plan_.rows, "valid");
  // [ddp-start]
}

// Device mode: batch k's mean loss stays on the device until the epoch
// ends. A functor, as device::SgdUpdate (nvcc's lambda wrapper crashed here).
struct RecordLoss {
  Kokkos::View<double*, device::DeviceMemory> record;
  device::SumsView sums;
  std::size_t loss, count;
  KOKKOS_INLINE_FUNCTION void operator()(const std::size_t k) const {
    record(k) = sums(loss) / sums(count);
  }
};

inline void record_batch_loss(
    const Kokkos::View<double*, device::DeviceMemory>& record, std::size_t k,
    const device::SumsView& sums, const device::SumLayout& at) {
  Kokkos::parallel_for("blocks::record_loss",
                       Kokkos::RangePolicy<device::ExecSpace>(k, k + 1),
                       RecordLoss{record, sums, at.loss(), at.count()});
}

template <class S>
double DataParallelTrainer<S>::train_loss_sum(std::size_t e) {
  const device::SumLayout at = kernel_.layout();
  const std::size_t batches = train_plan_.batches();
  const bool on_host = options_.allreduce == Allreduce::host;
  if (!on_host && batch_losses_.extent(0) < batches) {
    batch_losses_ = decltype(batch_losses_)("batch_losses", batches);
  }
  std::vector<double> losses(batches);
  // [ddp-step]
  for (std::size_t k = 0; k < batches; ++k) {
    const std::size_t begin = train_plan_.offsets[k];
    const std::size_t end = train_plan_.offsets[k + 1];
    const device::SumsView sums =
        options_.semantics == Semantics::ddp
            ? ddp_batch_step(comm_, kernel_, train_data_, begin, end, *sgd_,
                             options_.allreduce, host_sums_)
            : batch_step(comm_, kernel_, train_data_, begin, end, *sgd_,
                         options_.allreduce, host_sums_);
    // One-process: the mean of the global batch (sums over all ranks over
    // the global count), so shards of unequal size weigh each row the
    // same. DDP: the ranks' batch means summed, over the count R.
    if (on_host) {
      losses[k] = host_sums_[at.loss()] / host_sums_[at.count()];
    } else {
      record_batch_loss(batch_losses_, k, sums, at);
    }
  }
  // [ddp-step]
  if (!on_host) {
    Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> out(
        losses.data(), batches);
    Kokkos::deep_copy(out,
                      Kokkos::subview(batch_losses_,
                                      std::make_pair(std::size_t(0), batches)));
  }
  double sum = 0.0;
  for (std::size_t k = 0; k < batches; ++k) {
    if (!std::isfinite(losses[k])) {
      throw Error("epoch " + std::to_string(e + 1) + ", batch " +
                  std::to_string(k + 1) + ": the loss is " +
                  std::to_string(losses[k]));
    }
    sum += losses[k];
  }
  return sum;
}

template <class S>
nn::EpochRecord DataParallelTrainer<S>::epoch() {
  const std::size_t e = epochs_done_;
  const auto ranks = static_cast<std::size_t>(comm_.size());
  const auto rank = static_cast<std::size_t>(comm_.rank());
  const std::size_t n = train_.features.shape(0);
  // Unshuffled, the shard never changes: copy it to the device once.
  if (options_.shuffle || train_plan_.offsets.empty()) {
    train_plan_ =
        options_.semantics == Semantics::ddp
            ? ddp_plan(n, ranks, rank, options_.batch_size,
                       {options_.shuffle, options_.seed, options_.drop_last}, e)
            : plan_shard(epoch_order(n, options_.shuffle, options_.seed, e),
                         options_.batch_size, ranks, rank);
    if (train_data_.X.extent(0) == train_plan_.rows.size() &&
        train_data_.X.extent(1) == d_) {
      device::copy_rows(train_data_, train_.features, train_.labels,
                        train_plan_.rows);
    } else {
      train_data_ = device::to_device<S>(train_.features, train_.labels,
                                         train_plan_.rows, "train");
    }
  }
  const double loss_sum = train_loss_sum(e);
  ++epochs_done_;
  nn::EpochRecord record;
  record.epoch = epochs_done_;
  record.train_loss = loss_sum / static_cast<double>(train_plan_.batches());
  const nn::Evaluation v = evaluate();
  record.valid_loss = v.loss;
  record.valid_accuracy = v.accuracy;
  const std::vector<double> p = parameters();
  record.weight = Tensor::from_shape({1, d_});
  for (std::size_t j = 0; j < d_; ++j) record.weight(0, j) = p[j];
  record.bias = p[d_];
  for (double value : p) {
    if (!std::isfinite(value)) {
      throw Error("epoch " + std::to_string(record.epoch) +
                  ": a parameter became " + std::to_string(value));
    }
  }
  return record;
}

template <class S>
nn::Evaluation DataParallelTrainer<S>::evaluate() {
  const device::SumLayout at = kernel_.layout();
  const std::size_t batches = valid_plan_.batches();
  if (batches == 0) throw ValueError("evaluate: no validation data");
  // Per batch: loss sum, correct, count. All batches in one all-reduce.
  std::vector<double> parts(3 * batches);
  std::vector<double> host(at.size());
  Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> out(
      host.data(), host.size());
  for (std::size_t k = 0; k < batches; ++k) {
    Kokkos::deep_copy(
        out, kernel_(valid_data_, sgd_->params(), valid_plan_.offsets[k],
                     valid_plan_.offsets[k + 1]));
    parts[3 * k] = host[at.loss()];
    parts[3 * k + 1] = host[at.correct()];
    parts[3 * k + 2] = host[at.count()];
  }
  comm_.allreduce_sum(parts);
  nn::Evaluation e;
  for (std::size_t k = 0; k < batches; ++k) {
    e.loss += parts[3 * k] / parts[3 * k + 2];
    e.accuracy += parts[3 * k + 1] / parts[3 * k + 2];
  }
  e.loss /= static_cast<double>(batches);
  e.accuracy /= static_cast<double>(batches);
  return e;
}

template <class S>
nn::History DataParallelTrainer<S>::fit(std::size_t epochs) {
  nn::History history;
  for (std::size_t e = 0; e < epochs; ++e) {
    history.push_back(epoch());
    if (options_.on_epoch) options_.on_epoch(history.back());
  }
  return history;
}

template <class S>
void DataParallelTrainer<S>::restore(
    const std::vector<double>& weight_and_bias,
    const std::optional<std::vector<double>>& buffer, std::size_t epochs_done) {
  if (weight_and_bias.size() != d_ + 1 ||
      (buffer && buffer->size() != d_ + 1)) {
    throw ValueError("DataParallelTrainer::restore: expected " +
                     std::to_string(d_ + 1) + " values");
  }
  sgd_->restore(weight_and_bias, buffer);
  epochs_done_ = epochs_done;
}

}  // namespace blocks::dist
