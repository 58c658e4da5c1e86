#pragma once
// The trainer's template code, instantiated for float and double in two
// small files (ddp_float.cpp, ddp_double.cpp).
#include <cmath>
#include <string>

#include "blocks/ddp.hpp"
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
  if (options_.batch_size == 0) {
    throw ValueError("DataParallelTrainer: batch_size must be positive");
  }
  // Chapter 4's checks and messages, on a throw-away optimizer.
  const auto probe =
      nn::make_model(nn::Flavour::custom, Tensor::from_shape({1, d_}), 0.0);
  optim::SGD check(probe->parameters(), options_.sgd);
  const auto ranks = static_cast<std::size_t>(comm.size());
  const std::size_t n = train.features.shape(0);
  if (n < ranks) {
    throw ValueError("DataParallelTrainer: " + std::to_string(ranks) +
                     " ranks but only " + std::to_string(n) +
                     " training samples; use at most " + std::to_string(n) +
                     " ranks");
  }
  // [ddp-start]
  // A rank that read other data would train another model in silence.
  comm.require_same(split_checksum(train), "the training data");
  comm.require_same(split_checksum(valid), "the validation data");
  // DDP's constructor: everyone starts from rank 0's parameters.
  comm.broadcast(init, 0);
  sgd_ = std::make_unique<DeviceSGD<S>>(init, options_.sgd);
  const auto rank = static_cast<std::size_t>(comm.rank());
  valid_plan_ = plan_shard(epoch_order(valid.features.shape(0), false, 0, 0),
                           options_.batch_size, ranks, rank);
  valid_data_ =
      to_device<S>(valid.features, valid.labels, valid_plan_.rows, "valid");
  // [ddp-start]
}

template <class S>
std::vector<double> DataParallelTrainer<S>::reduced_sums(
    const DeviceData<S>& data, std::size_t begin, std::size_t end) {
  const SumsView& sums = kernel_(data, sgd_->params(), begin, end);
  // [ddp-allreduce]
  // Host staging: the 2-argument deep_copy waits for the kernel, so MPI
  // reads finished sums. d + 4 doubles: one message, one latency.
  std::vector<double> host(kernel_.layout().size());
  Kokkos::View<double*, Kokkos::HostSpace, Kokkos::MemoryUnmanaged> out(
      host.data(), host.size());
  Kokkos::deep_copy(out, sums);
  comm_.allreduce_sum(host);
  // [ddp-allreduce]
  return host;
}

template <class S>
nn::EpochRecord DataParallelTrainer<S>::epoch() {
  const std::size_t e = epochs_done_;
  const auto ranks = static_cast<std::size_t>(comm_.size());
  const auto rank = static_cast<std::size_t>(comm_.rank());
  const std::size_t n = train_.features.shape(0);
  // Unshuffled, the shard never changes: copy it to the device once.
  if (options_.shuffle || train_plan_.offsets.empty()) {
    train_plan_ = plan_shard(epoch_order(n, options_.shuffle, options_.seed, e),
                             options_.batch_size, ranks, rank);
    if (train_data_.X.extent(0) == train_plan_.rows.size() &&
        train_data_.X.extent(1) == d_) {
      copy_rows(train_data_, train_.features, train_.labels, train_plan_.rows);
    } else {
      train_data_ = to_device<S>(train_.features, train_.labels,
                                 train_plan_.rows, "train");
    }
  }
  const SumLayout at = kernel_.layout();
  double loss_sum = 0.0;
  // [ddp-step]
  for (std::size_t k = 0; k < train_plan_.batches(); ++k) {
    const std::vector<double> sums = reduced_sums(
        train_data_, train_plan_.offsets[k], train_plan_.offsets[k + 1]);
    // The mean of the global batch: sums over all ranks, divided by the
    // global count, so shards of unequal size weigh each row the same.
    const double count = sums[at.count()];
    const double loss = sums[at.loss()] / count;
    if (!std::isfinite(loss)) {
      throw Error("epoch " + std::to_string(e + 1) + ", batch " +
                  std::to_string(k + 1) + ": the loss is " +
                  std::to_string(loss));
    }
    std::vector<double> grad(d_ + 1);
    for (std::size_t j = 0; j <= d_; ++j) grad[j] = sums[j] / count;
    sgd_->step(grad);
    loss_sum += loss;
  }
  // [ddp-step]
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
  const SumLayout at = kernel_.layout();
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
