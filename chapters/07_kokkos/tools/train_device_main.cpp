// blocks-train-device: blocks-train (Chapter 6) with each batch's loss and
// gradient from Chapter 7's fused kernel and the SGD step on the Kokkos
// device (a GPU with a CUDA Kokkos, the CPU with Debian's). The same
// flags, batches, history CSV and checkpoints as blocks-train, plus
// --precision and --kernel; in double its history equals blocks-train's to
// rounding, and either program resumes the other's checkpoint. Bad flags
// or data: a message and exit status 2; a run that diverges: 1; SIGTERM or
// Ctrl-C: stops after the epoch with 128 + the signal.
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/cli/run_program.hpp"
#include "blocks/cli/stop_signal.hpp"
#include "blocks/data.hpp"
#include "blocks/device.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/tools/flat_parameters.hpp"
#include "blocks/tools/training_flags.hpp"

namespace cli = blocks::cli;
namespace data = blocks::data;
namespace device = blocks::device;
namespace nn = blocks::nn;
namespace tools = blocks::tools;

namespace {

// The shared flags, blocks-train's --sampler, and the device's own.
struct Settings : tools::TrainingFlags {
  nn::Shuffling sampler = nn::Shuffling::torch;
  std::string precision = "double";
  device::KernelKind kernel = device::best_kernel();
};

// What must not change between a run and its resumption. The precision is
// part of it: a float run resumed in double would not be the same run;
// so is the data.
nn::RunSettings run_settings(const Settings& s, const data::Split& train,
                             const data::Split& valid) {
  nn::RunSettings r = tools::run_settings(s);
  r.sampler = nn::to_string(s.sampler);
  r.precision = s.precision;
  r.data = tools::data_checksum(s, train, valid);
  return r;
}

// The batches' rows of the next epoch, flattened: exactly what
// blocks-train's DataLoader draws (its base seed, then its sampler).
std::vector<std::int64_t> next_rows(data::DataLoader& loader) {
  std::vector<std::int64_t> rows;
  for (const auto& batch : loader.next_epoch()) {
    rows.insert(rows.end(), batch.begin(), batch.end());
  }
  return rows;
}

template <class S>
int train(const Settings& s) {
  tools::check_outputs(s, tools::data_files(s.data_dir));
  const data::Split train = tools::load_training_split(s.data_dir + "/train");
  const std::size_t d = train.features.shape(1);
  const data::Split valid = tools::load_valid_split(s.data_dir, d);
  const std::optional<data::Split> test = tools::load_test_split(s.data_dir, d);
  const nn::RunSettings settings = run_settings(s, train, valid);
  // Every value must fit the device's scalar: found now, not after the
  // last epoch (the training and validation rows: the trainer checks).
  if (test) device::require_representable<S>(test->features, "test");

  // As blocks-train: torch.manual_seed(seed), the default init, then the
  // loader, all from the one global generator.
  data::manual_seed(s.seed);
  const std::vector<double> start =
      tools::initial_parameters(s, d, data::default_generator());
  data::TensorDataset train_set(train.features, train.labels);
  const data::DataLoaderOptions order = nn::training_loader_options(
      train_set.size(), s.batch_size, s.shuffle, s.sampler, s.seed);
  data::DataLoader loader(train_set, order);
  const auto numpy_sampler =
      std::dynamic_pointer_cast<data::NumpySampler>(order.sampler);
  // blocks-train's validation loader draws a base seed from the global
  // generator every epoch, as PyTorch's does; its batches are the rows in
  // order, which the trainer holds on the device. This loader only draws.
  data::TensorDataset valid_set(valid.features, valid.labels);
  data::DataLoaderOptions in_order;
  in_order.batch_size = s.batch_size;
  data::DataLoader valid_loader(valid_set, in_order);

  device::DeviceTrainingOptions options;
  options.batch_size = s.batch_size;
  options.sgd = s.sgd;
  options.kernel = s.kernel;
  device::DeviceTrainer<S> trainer(train, valid, start, options);

  nn::History history;
  if (!s.resume.empty()) {
    const nn::Checkpoint c = nn::load_checkpoint(s.resume);
    tools::check_resume(c, settings, s, d);
    const tools::FlatState state = tools::flat_state(c, d);
    trainer.restore(state.weight_and_bias, state.momentum, c.history.size());
    nn::restore_generators(c, s.resume, data::default_generator(),
                           numpy_sampler.get());
    history = c.history;
  }

  std::cout << std::fixed << std::setprecision(6)
            << "blocks-train-device: " << device::ExecSpace::name() << ", "
            << s.precision << ", " << train.features.shape(0) << " train and "
            << valid.features.shape(0) << " valid samples of " << d
            << " features\n"
            << "epoch  train_loss  valid_loss  valid_accuracy\n";
  for (const auto& r : history) tools::print_epoch(r);

  cli::stop_on_signals();
  while (history.size() < s.epochs) {
    const std::vector<std::int64_t> rows = next_rows(loader);
    valid_loader.next_epoch();
    history.push_back(trainer.epoch(rows));
    tools::print_epoch(history.back());
    if (!s.checkpoint.empty()) {
      nn::Checkpoint c = tools::flat_checkpoint(
          settings, {trainer.parameters(), trainer.momentum_buffer()}, history);
      nn::save_generators(c, data::default_generator(), numpy_sampler.get());
      nn::save_checkpoint(s.checkpoint, c);
    }
    if (cli::stop_signal != 0) {
      if (!s.history.empty()) nn::save_history_csv(s.history, history);
      throw cli::Interrupted{cli::stop_signal, history.size()};
    }
  }
  if (!s.history.empty()) nn::save_history_csv(s.history, history);

  if (test && test->features.shape(0) == 0) {
    std::cout << " test  no samples: not evaluated\n";
  } else if (test) {
    const nn::Evaluation e = trainer.evaluate(*test);
    std::cout << " test  " << e.loss << "  accuracy " << e.accuracy << "\n";
  }
  return 0;
}

// Kokkos::finalize() when main's work ends, after every View is gone.
struct Finalize {
  Finalize() = default;
  Finalize(const Finalize&) = delete;
  Finalize& operator=(const Finalize&) = delete;
  ~Finalize() { Kokkos::finalize(); }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Trains logistic regression (Chapter 6) on one Kokkos device "
      "(Chapter 7): the fused loss-and-gradient kernel and the SGD step run "
      "there. Reads DIR/{train,valid}/{features,labels}.npy as written by "
      "blocks-make-classification --split; evaluates DIR/test/ when "
      "present."};
  Settings s;
  tools::add_training_flags(app, s, /*data_required=*/true);
  app.get_option("--model")->description(
      "custom|builtin (recorded only: one fused kernel)");
  app.get_option("--seed")->description(
      "torch.manual_seed (the default init, then torch shuffling) or "
      "np.random.seed (numpy shuffling)");
  cli::add_choice(app, "--sampler", s.sampler, nn::kShufflingNames,
                  "PyTorch 1.13's shuffling, the notebook-era one, or "
                  "NumPy's permutations");
  cli::add_choice(app, "--precision", s.precision, {"float", "double"},
                  "the scalar on the device (double: blocks-train's numbers)");
  cli::add_read(
      app, "--kernel",
      [&s](const std::string& name) { s.kernel = device::kernel_kind(name); },
      device::kernel_names("|") +
          ": the fused kernel (default: the fastest for this build)",
      device::to_string(s.kernel));
  if (auto stop =
          cli::parse_command_line(app, argc, argv, "blocks-train-device", [&] {
            tools::check_training_flags(s);
            if (s.sampler == nn::Shuffling::numpy) {
              data::require_numpy_seed(s.seed, "--seed");
            }
          })) {
    return *stop;
  }
  return cli::run_program("blocks-train-device", [&] {
    // Kokkos after the flags (--help is ours, not Kokkos's), without them:
    // its settings come from the environment (KOKKOS_NUM_THREADS, ...). A
    // GPU build that sees no GPU stops here with a message.
    int kokkos_argc = 1;
    char* kokkos_argv[] = {argv[0], nullptr};
    device::compat::initialize(kokkos_argc, kokkos_argv, /*local_rank=*/0);
    const Finalize kokkos;
    try {
      return s.precision == "double" ? train<double>(s) : train<float>(s);
    } catch (const cli::Interrupted& i) {
      std::cerr << "blocks-train-device: interrupted by signal " << i.signal
                << " after epoch " << i.epochs
                << "; the checkpoint and history hold every finished epoch\n";
      return 128 + i.signal;
    }
  });
}
