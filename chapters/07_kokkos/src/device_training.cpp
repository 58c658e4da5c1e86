// Chapter 6's loop on one device (device_training.hpp).
#include "blocks/device/device_training.hpp"

#include <cmath>
#include <string>

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::device {

namespace {

std::size_t columns(const data::Split& split) {
  return split.features.dimension() == 2 ? split.features.shape(1) : 0;
}

// Chapter 4's checks, before the options reach the device.
const optim::SGDOptions& validated(const optim::SGDOptions& options) {
  optim::validate(options);
  return options;
}

}  // namespace

template <class S>
DeviceTrainer<S>::DeviceTrainer(const data::Split& train,
                                const data::Split& valid,
                                const std::vector<double>& weight_and_bias,
                                DeviceTrainingOptions options)
    : train_(train),
      options_(options),
      d_(columns(train)),
      kernel_(d_, options.kernel),
      sgd_(weight_and_bias, validated(options.sgd)) {
  if (d_ == 0 || valid.features.dimension() != 2 || columns(valid) != d_) {
    throw ShapeError("DeviceTrainer: train " +
                     shape_string(train.features.shape()) + " and valid " +
                     shape_string(valid.features.shape()) +
                     " must be (m, d) with the same d >= 1");
  }
  if (weight_and_bias.size() != d_ + 1) {
    throw ValueError(
        "DeviceTrainer: " + std::to_string(weight_and_bias.size()) +
        " parameters for " + std::to_string(d_) + " features (expected d + 1)");
  }
  if (train.features.shape(0) == 0 || valid.features.shape(0) == 0) {
    throw ValueError(
        "DeviceTrainer: " + std::to_string(train.features.shape(0)) +
        " training and " + std::to_string(valid.features.shape(0)) +
        " validation samples: both need at least one");
  }
  data::check_batch_size(options_.batch_size);
  require_representable<S>(train.features, "train");
  require_representable<S>(valid.features, "valid");
  data::SequentialSampler in_order(valid.features.shape(0));
  valid_rows_ =
      to_device<S>(valid.features, valid.labels, in_order.epoch(), "valid");
}

// [device-epoch]
template <class S>
nn::EpochRecord DeviceTrainer<S>::epoch(data::Sampler& sampler) {
  return epoch(sampler.epoch());
}

template <class S>
nn::EpochRecord DeviceTrainer<S>::epoch(const std::vector<std::int64_t>& rows) {
  // This epoch's rows, in the given order, copied to the device (into
  // last epoch's Views when they fit: no allocation per epoch).
  if (train_rows_.rows() == rows.size() && train_rows_.features() == d_) {
    copy_rows(train_rows_, train_.features, train_.labels, rows);
  } else {
    train_rows_ = to_device<S>(train_.features, train_.labels, rows, "train");
  }
  const std::size_t n = train_rows_.rows(), b = options_.batch_size;
  double loss_sum = 0.0;
  std::size_t batches = 0;
  for (std::size_t begin = 0; begin < n; begin += b, ++batches) {
    const std::size_t end = std::min(begin + b, n);
    loss_sum += batch_loss(begin, end);  // also takes the SGD step
  }
  nn::EpochRecord record;
  record.epoch = ++epochs_done_;
  record.train_loss = loss_sum / static_cast<double>(batches);
  const nn::Evaluation v = evaluate();
  record.valid_loss = v.loss;
  record.valid_accuracy = v.accuracy;
  const std::vector<double> p = parameters();
  record.weight = Tensor::from_shape({1, d_});
  std::copy(p.begin(), p.end() - 1, record.weight.begin());
  record.bias = p.back();
  return record;
}
// [device-epoch]

template <class S>
double DeviceTrainer<S>::batch_loss(std::size_t begin, std::size_t end) {
  const SumLayout& at = kernel_.layout();
  const SumsView& sums = kernel_(train_rows_, sgd_.params(), begin, end);
  sgd_.step(sums, at);  // reads the gradient sums on the device
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), sums);
  const double loss = host(at.loss()) / host(at.count());
  if (!std::isfinite(loss)) {
    // Chapter 6's words (epoch and batch, from 1), then the rows.
    throw Error("epoch " + std::to_string(epochs_done_ + 1) + ", batch " +
                std::to_string(begin / options_.batch_size + 1) + " (rows " +
                std::to_string(begin) + ".." + std::to_string(end) +
                "): the loss is " + std::to_string(loss));
  }
  return loss;
}

template <class S>
nn::Evaluation DeviceTrainer<S>::evaluate() {
  return evaluate_rows(valid_rows_);
}

template <class S>
nn::Evaluation DeviceTrainer<S>::evaluate(const data::Split& split) {
  if (split.features.dimension() != 2 || columns(split) != d_) {
    throw ShapeError(
        "DeviceTrainer::evaluate: " + shape_string(split.features.shape()) +
        " must be (m, " + std::to_string(d_) + ")");
  }
  if (split.features.shape(0) == 0) {
    throw ValueError("DeviceTrainer::evaluate: no samples");
  }
  require_representable<S>(split.features, "evaluate");
  data::SequentialSampler in_order(split.features.shape(0));
  return evaluate_rows(
      to_device<S>(split.features, split.labels, in_order.epoch(), "test"));
}

// Chapter 6's figures: the mean over batches of each batch's mean.
template <class S>
nn::Evaluation DeviceTrainer<S>::evaluate_rows(const DeviceData<S>& rows) {
  const SumLayout& at = kernel_.layout();
  const std::size_t m = rows.rows(), b = options_.batch_size;
  nn::Evaluation e;
  std::size_t batches = 0;
  for (std::size_t begin = 0; begin < m; begin += b, ++batches) {
    const std::size_t end = std::min(begin + b, m);
    auto host = Kokkos::create_mirror_view_and_copy(
        Kokkos::HostSpace(), kernel_(rows, sgd_.params(), begin, end));
    e.loss += host(at.loss()) / host(at.count());
    e.accuracy += host(at.correct()) / host(at.count());
  }
  e.loss /= static_cast<double>(batches);
  e.accuracy /= static_cast<double>(batches);
  return e;
}

template <class S>
void DeviceTrainer<S>::restore(const std::vector<double>& weight_and_bias,
                               const std::optional<std::vector<double>>& buffer,
                               std::size_t epochs_done) {
  if (weight_and_bias.size() != d_ + 1 ||
      (buffer && buffer->size() != d_ + 1)) {
    throw ValueError("DeviceTrainer::restore: expected " +
                     std::to_string(d_ + 1) + " values");
  }
  sgd_.restore(weight_and_bias, buffer);
  epochs_done_ = epochs_done;
}

template class DeviceTrainer<float>;
template class DeviceTrainer<double>;

}  // namespace blocks::device
