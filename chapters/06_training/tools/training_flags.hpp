#pragma once
// The flags that blocks-train and blocks-train-distributed (Chapter 7)
// share, defined once so that the two programs read them the same way:
// the same names, the same checks, the same messages.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "blocks/flag_values.hpp"
#include "blocks/format.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

namespace blocks::tools {

/// What both trainers read from their command line.
struct TrainingFlags {
  std::string data_dir, model = "custom", history, checkpoint, resume;
  std::size_t epochs = 10, batch_size = 5;
  optim::SGDOptions sgd{0.01};
  std::string shuffle = "false", init_weights;
  std::uint64_t seed = 123;
  double init_bias = 0.0;
  CLI::Option* init_bias_option = nullptr;  // was --init-bias given?
};

/// CLI11 reads "-1" into an unsigned as 2^64 - 1, which would be an
/// endless run or a batch of everything: refuse a sign before it does.
inline CLI::Validator no_sign() {
  return CLI::Validator(
      [](std::string& text) {
        return text.rfind('-', 0) == 0 ? "must not be negative, got " + text
                                       : std::string();
      },
      "", "no sign");
}

/// Adds the shared flags. `--data` is required unless the program offers
/// another source of data. A program words its own help where it differs
/// with `app.get_option("--flag")->description(...)`.
inline void add_training_flags(CLI::App& app, TrainingFlags& f,
                               bool data_required) {
  auto* data = app.add_option("--data", f.data_dir, "the data folder");
  if (data_required) data->required();
  app.add_option("--model", f.model, "custom|builtin")
      ->check(CLI::IsMember({"custom", "builtin"}))
      ->capture_default_str();
  app.add_option("--epochs", f.epochs, "epochs in all (also when resuming)")
      ->check(no_sign())
      ->capture_default_str();
  app.add_option("--batch-size", f.batch_size)
      ->check(no_sign())
      ->capture_default_str();
  app.add_option("--lr", *f.sgd.lr, "learning rate")->capture_default_str();
  app.add_option("--momentum", f.sgd.momentum)->capture_default_str();
  app.add_option("--dampening", f.sgd.dampening)->capture_default_str();
  app.add_option("--weight-decay", f.sgd.weight_decay)->capture_default_str();
  app.add_flag("--nesterov", f.sgd.nesterov, "Nesterov momentum");
  app.add_option("--shuffle", f.shuffle, "true|false: reshuffle each epoch")
      ->capture_default_str();
  app.add_option("--seed", f.seed, "seeds the default init and the order")
      ->check(no_sign())
      ->capture_default_str();
  app.add_option("--init-weights", f.init_weights,
                 "w1,...,wd (else nn.Linear's default init)");
  f.init_bias_option = app.add_option("--init-bias", f.init_bias, "b");
  app.add_option("--history", f.history, "write the history to FILE.csv");
  app.add_option("--checkpoint", f.checkpoint,
                 "save model and optimizer to FILE after every epoch");
  app.add_option("--resume", f.resume, "continue from a checkpoint FILE");
}

/// What CLI11 cannot check flag by flag, after parsing.
/// \throws CLI::ValidationError naming the flag.
inline void check_training_flags(const TrainingFlags& f) {
  const bool has_init_bias = f.init_bias_option->count() > 0;
  if (has_init_bias != !f.init_weights.empty()) {
    throw CLI::ValidationError("--init-weights",
                               "goes with --init-bias (give both or none)");
  }
  if (f.batch_size == 0) {
    throw CLI::ValidationError("--batch-size", "must be positive");
  }
}

/// The start of a checkpoint's run line: the model and the optimizer, all
/// that decides the trajectory besides how the batches are drawn.
inline std::string model_and_sgd_line(const TrainingFlags& f) {
  std::ostringstream out;
  out << "model=" << f.model << " batch_size=" << f.batch_size
      << " lr=" << full_precision(*f.sgd.lr)
      << " momentum=" << full_precision(f.sgd.momentum)
      << " dampening=" << full_precision(f.sgd.dampening)
      << " weight_decay=" << full_precision(f.sgd.weight_decay)
      << " nesterov=" << (f.sgd.nesterov ? "true" : "false")
      << " shuffle=" << f.shuffle;
  return out.str();
}

/// One line of the table both programs print, one per epoch.
inline void print_epoch(const nn::EpochRecord& r) {
  std::cout << std::setw(5) << r.epoch << "  " << r.train_loss << "  "
            << r.valid_loss << "  " << r.valid_accuracy << "\n";
}

}  // namespace blocks::tools
