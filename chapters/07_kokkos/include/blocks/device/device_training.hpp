#pragma once
/// \file
/// \brief Chapter 6's training loop on one device: the batches in the
/// order a Chapter 5 sampler gives, the loss and gradient of each batch
/// from one fused Kokkos kernel, Chapter 4's SGD step on the device.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "blocks/data.hpp"
#include "blocks/device/device_data.hpp"
#include "blocks/device/device_sgd.hpp"
#include "blocks/device/fused_kernel.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

namespace blocks::device {

/// \brief How the one-device trainer runs.
struct DeviceTrainingOptions {
  std::size_t batch_size = 5;         ///< rows per batch
  optim::SGDOptions sgd{0.01};        ///< Chapter 4's options
  KernelKind kernel = best_kernel();  ///< which fused kernel
};

// [device-trainer]
/// \brief The notebook's model trained on this process's device; its
/// history equals Chapter 6's `nn::train` with the same batches (to
/// rounding in double).
template <class S>
class DeviceTrainer {
 public:
  /// \brief Puts the validation rows and the parameters
  /// \f$w_0..w_{d-1}, b\f$ on the device.
  /// \throws ShapeError, ValueError for data and parameters that differ
  ///         in \f$d\f$, an empty split, or options Chapter 4 refuses.
  DeviceTrainer(const data::Split& train, const data::Split& valid,
                const std::vector<double>& weight_and_bias,
                DeviceTrainingOptions options);

  /// \brief One epoch over the training rows in `sampler`'s order: a
  /// fused pass and an SGD step per batch, then the validation pass.
  /// \throws Error naming the epoch and the batch when the loss is not
  ///         finite.
  nn::EpochRecord epoch(data::Sampler& sampler);

  /// \brief Chapter 6's validation figures: the means over batches of
  /// each batch's mean loss and accuracy.
  nn::Evaluation evaluate();

  /// \brief \f$w_0..w_{d-1}, b\f$ as doubles.
  std::vector<double> parameters() const { return sgd_.parameters(); }

 private:
  const data::Split& train_;
  DeviceTrainingOptions options_;
  std::size_t d_;
  FusedKernel<S> kernel_;
  DeviceSGD<S> sgd_;
  DeviceData<S> train_rows_, valid_rows_;
  std::size_t epochs_done_ = 0;
  // [device-trainer]

  double batch_loss(std::size_t begin, std::size_t end);
  nn::Evaluation evaluate_rows(const DeviceData<S>& rows);

 public:
  // What the program blocks-train-device needs besides: a DataLoader's
  // order, a test split, and checkpoints.

  /// \brief epoch() over the training rows `rows`, in that order: what a
  /// DataLoader's batches give, flattened (data::DataLoader::next_epoch()).
  /// \throws ValueError for a row past the training split; as epoch().
  nn::EpochRecord epoch(const std::vector<std::int64_t>& rows);

  /// \brief evaluate() over another split (a test set), put on the device
  /// for this call.
  /// \throws ShapeError for a split of another \f$d\f$, ValueError for
  ///         an empty one.
  nn::Evaluation evaluate(const data::Split& split);

  /// \brief SGD's momentum buffer (\f$d+1\f$ values), none before the first
  /// step or without momentum.
  std::optional<std::vector<double>> momentum_buffer() const {
    return sgd_.momentum_buffer();
  }

  /// \brief Restores parameters, momentum buffer and the number of epochs
  /// done (resuming from a checkpoint).
  /// \throws ValueError unless both hold \f$d+1\f$ values.
  void restore(const std::vector<double>& weight_and_bias,
               const std::optional<std::vector<double>>& buffer,
               std::size_t epochs_done);
};

}  // namespace blocks::device
