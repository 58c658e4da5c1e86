#include "blocks/nn/training.hpp"

#include <cmath>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::nn {

using autograd::Variable;

std::ostream* progress_stream() {
  return isatty(STDERR_FILENO) ? &std::cerr : nullptr;
}

namespace {

// The fraction of a batch whose prediction sigma(z) > 0.5 is its label.
// A plain count: it runs for every validation batch, and the xtensor
// expression (two casts, a comparison, a mean) cost more than the model.
double batch_accuracy(const Tensor& probabilities, const Tensor& labels) {
  std::size_t correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double predicted = probabilities.flat(i) > 0.5 ? 1.0 : 0.0;
    correct += predicted == labels.flat(i) ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(labels.size());
}

// A plain loop: xt::all(xt::isfinite(...)) built an expression and its
// iterators for eleven numbers, a twentieth of a notebook step.
bool all_finite(const LogisticRegression& model) {
  for (const Variable& p : model.parameters()) {
    const Tensor& value = p.value();
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!std::isfinite(value.data()[i])) return false;
    }
  }
  return true;
}

std::string where(std::size_t epoch, std::size_t batch, std::size_t count) {
  return "epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch) +
         " of " + std::to_string(count);
}

// Stop at the first non-finite loss: every later step would only spread
// the NaN through the parameters.
void check_loss(double value, std::size_t epoch, std::size_t batch,
                std::size_t count) {
  if (std::isfinite(value)) return;
  // "nan", not the platform's "-nan": messages are read by people.
  const std::string shown = std::isnan(value) ? "nan" : full_precision(value);
  throw Error("train: the loss is " + shown + " at " +
              where(epoch, batch, count) +
              " (a learning rate too high, or NaN in the data?)");
}

void check_parameters(const LogisticRegression& model, std::size_t epoch,
                      std::size_t batch, std::size_t count) {
  if (!all_finite(model)) {
    throw Error("train: a parameter became NaN or infinite at " +
                where(epoch, batch, count));
  }
}

void report_progress(std::ostream* progress, std::size_t epoch,
                     std::size_t batch, std::size_t count, double loss_sum) {
  if (progress) {
    // "\x1b[K" erases the rest of the terminal line: a shorter update (a
    // loss of 0.69 after 0.693147) would leave the longer one's last
    // characters on screen.
    *progress << "\repoch " << epoch << " batch " << batch << "/" << count
              << " loss " << loss_sum / static_cast<double>(batch) << "\x1b[K"
              << std::flush;
  }
}

}  // namespace

// [evaluate-loop]
Evaluation evaluate(const LogisticRegression& model, data::DataLoader& loader,
                    const Loss& loss) {
  autograd::NoGradGuard no_grad;  // evaluation builds no graph
  double loss_sum = 0.0, accuracy_sum = 0.0;
  std::size_t batches = 0;
  for (const data::Batch& batch : loader) {
    const Output out = model.forward(Variable(batch.features));
    const Variable y(batch.labels);
    loss_sum += loss(out.logits, y).value()();
    accuracy_sum += batch_accuracy(out.probabilities.value(), batch.labels);
    ++batches;
  }
  if (batches == 0) throw ValueError("evaluate: the loader has no batch");
  // The notebook averages per-batch means, as we do: with a smaller last
  // batch this is not the per-sample mean.
  return {loss_sum / static_cast<double>(batches),
          accuracy_sum / static_cast<double>(batches)};
}
// [evaluate-loop]

// [train-loop]
History train(LogisticRegression& model, data::DataLoader& train_loader,
              data::DataLoader& valid_loader, const Loss& loss,
              optim::Optimizer& optimizer, std::size_t epochs,
              const TrainOptions& options) {
  History history;
  const std::size_t count = train_loader.size();
  for (std::size_t e = 0; e < epochs; ++e) {
    const std::size_t epoch = options.first_epoch + e;
    double loss_sum = 0.0;
    std::size_t b = 0;
    for (const data::Batch& batch : train_loader) {
      ++b;
      optimizer.zero_grad();
      const Output out = model.forward(Variable(batch.features));
      const Variable batch_loss = loss(out.logits, Variable(batch.labels));
      const double value = batch_loss.value()();
      check_loss(value, epoch, b, count);
      batch_loss.backward();
      optimizer.step();
      check_parameters(model, epoch, b, count);
      loss_sum += value;  // the batch's loss as forward saw it, before step
      report_progress(options.progress, epoch, b, count, loss_sum);
    }
    if (b == 0) throw ValueError("train: the training loader has no batch");
    if (options.progress) *options.progress << "\n";
    const Evaluation valid = evaluate(model, valid_loader, loss);
    history.push_back({epoch, loss_sum / static_cast<double>(b), valid.loss,
                       valid.accuracy, model.weight().value(),
                       model.bias().value()(0)});
    if (options.on_epoch) options.on_epoch(history.back());
  }
  return history;
}
// [train-loop]

void write_history_csv(std::ostream& out, const History& history) {
  const std::size_t d = history.empty() ? 0 : history.front().weight.size();
  out << "epoch,train_loss,valid_loss,valid_accuracy,bias";
  for (std::size_t j = 0; j < d; ++j) out << ",w" << j;
  out << "\n";
  for (const EpochRecord& r : history) {
    out << r.epoch << "," << full_precision(r.train_loss) << ","
        << full_precision(r.valid_loss) << ","
        << full_precision(r.valid_accuracy) << "," << full_precision(r.bias);
    for (std::size_t j = 0; j < r.weight.size(); ++j) {
      out << "," << full_precision(r.weight.flat(j));
    }
    out << "\n";
  }
}

void save_history_csv(const std::string& path, const History& history) {
  write_file_atomically(
      path, [&](std::ostream& out) { write_history_csv(out, history); });
}

}  // namespace blocks::nn
