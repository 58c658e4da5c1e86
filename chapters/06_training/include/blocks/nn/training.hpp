#pragma once
/// \file
/// \brief The training loop and the evaluation of the notebook, with the
/// history it records: per epoch the train loss, the validation loss and
/// accuracy, and the parameters.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "blocks/data/data_loader.hpp"
#include "blocks/nn/logistic_regression.hpp"
#include "blocks/nn/losses.hpp"
#include "blocks/optim/optimizer.hpp"

namespace blocks::nn {

/// \brief The loss and accuracy of a model on one data set.
struct Evaluation {
  double loss = 0.0;      ///< mean over batches of each batch's mean loss
  double accuracy = 0.0;  ///< mean over batches of the fraction correct
};

/// \brief What one epoch leaves behind.
struct EpochRecord {
  std::size_t epoch = 0;        ///< 1 for the first epoch
  double train_loss = 0.0;      ///< mean of the batches' losses
  double valid_loss = 0.0;      ///< Evaluation::loss on validation data
  double valid_accuracy = 0.0;  ///< Evaluation::accuracy on it
  Tensor weight;                ///< \f$w\f$ after the epoch, (1, in)
  double bias = 0.0;            ///< \f$b\f$ after the epoch
};

/// \brief Every epoch's record, in order.
using History = std::vector<EpochRecord>;

/// \brief How `train` reports and where it starts.
struct TrainOptions {
  /// Where a progress line goes (epoch, batch, running loss), rewritten in
  /// place; nullptr: silent. See progress_stream().
  std::ostream* progress = nullptr;
  /// The number of the first epoch, 1 unless resuming.
  std::size_t first_epoch = 1;
  /// Called after each epoch with its record (to save a checkpoint).
  std::function<void(const EpochRecord&)> on_epoch;
};

/// \brief `&std::cerr` when stderr is a terminal, else nullptr.
std::ostream* progress_stream();

/// \brief The notebook's evaluation: no graph, per batch the mean loss and
/// the fraction with \f$\sigma(z) > 0.5\f$ equal to the label, then the
/// means over batches.
/// \throws ValueError when the loader yields no batch.
Evaluation evaluate(const LogisticRegression& model, data::DataLoader& loader,
                    const Loss& loss);

/// \brief Trains `model` for `epochs` epochs, the notebook's loop: per
/// batch zero_grad, forward, loss, backward, step; after each epoch an
/// evaluation on `valid_loader`.
/// \return one record per epoch (epochs first_epoch .. first_epoch +
///         epochs - 1).
/// \throws Error naming the epoch and the batch when a loss or a parameter
///         becomes NaN or infinite (the model keeps the last finite step's
///         parameters only if the loss was the culprit).
History train(LogisticRegression& model, data::DataLoader& train_loader,
              data::DataLoader& valid_loader, const Loss& loss,
              optim::Optimizer& optimizer, std::size_t epochs,
              const TrainOptions& options = {});

/// \brief The history as CSV: a header
/// `epoch,train_loss,valid_loss,valid_accuracy,bias,w0,...,w{d-1}` and one
/// row per epoch, numbers at full precision (17 significant digits).
void write_history_csv(std::ostream& out, const History& history);

/// \brief write_history_csv into `path`, atomically.
/// \throws IOError naming the path when it cannot be written.
void save_history_csv(const std::string& path, const History& history);

}  // namespace blocks::nn
