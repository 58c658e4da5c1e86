// blocks-train: trains logistic regression on a folder written by
// blocks-make-classification --split, prints one line per epoch, and writes
// the history (CSV) and checkpoints on request. Bad flags or data: a
// message and exit status 2; a run that diverges: exit status 1.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/cli/run_program.hpp"
#include "blocks/cli/stop_signal.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/data.hpp"
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/tools/training_flags.hpp"

namespace data = blocks::data;
namespace nn = blocks::nn;
namespace optim = blocks::optim;
namespace tools = blocks::tools;
namespace cli = blocks::cli;

namespace {

// The shared flags, and those only this program has.
struct Settings : tools::TrainingFlags {
  nn::Shuffling sampler = nn::Shuffling::torch;
  std::string init;
};

// What must not change between a run and its resumption: everything that
// decides the trajectory except the number of epochs, the data included.
nn::RunSettings run_settings(const Settings& s, const data::Split& train,
                             const data::Split& valid) {
  nn::RunSettings r = tools::run_settings(s);
  r.sampler = nn::to_string(s.sampler);
  r.data = tools::data_checksum(s, train, valid);
  return r;
}

int run(const Settings& s) {
  const nn::Flavour flavour = s.model;
  tools::check_outputs(s, tools::data_files(s.data_dir));
  const data::Split train = tools::load_training_split(s.data_dir + "/train");
  const std::size_t d = train.features.shape(1);
  const data::Split valid = tools::load_valid_split(s.data_dir, d);
  data::TensorDataset train_set(train.features, train.labels);
  data::TensorDataset valid_set(valid.features, valid.labels);
  const std::optional<data::Split> test = tools::load_test_split(s.data_dir, d);
  const nn::RunSettings settings = run_settings(s, train, valid);

  // [train-seeding]
  // One global stream, as in a PyTorch script: torch.manual_seed(seed),
  // then the default init draws from it, then every loader's iterator.
  data::manual_seed(s.seed);
  std::unique_ptr<nn::LogisticRegression> model;
  if (!s.init_weights.empty()) {
    const auto w =
        blocks::cli::parse_number_list(s.init_weights, "--init-weights");
    if (w.size() != d) {
      throw blocks::ValueError("--init-weights has " +
                               std::to_string(w.size()) + " values, the data " +
                               std::to_string(d) + " features");
    }
    blocks::Tensor weight = blocks::Tensor::from_shape({1, d});
    std::copy(w.begin(), w.end(), weight.begin());
    model = nn::make_model(flavour, weight, s.init_bias);
  } else {
    model = nn::make_model(flavour, d, data::default_generator());
  }
  const data::DataLoaderOptions train_options = nn::training_loader_options(
      train_set.size(), s.batch_size, s.shuffle, s.sampler, s.seed);
  data::DataLoader train_loader(train_set, train_options);
  // [train-seeding]
  // The loader shares its sampler with us: with --sampler numpy, its
  // stream is part of what a checkpoint saves (null for the others, which
  // draw from the default generator).
  const auto numpy_sampler =
      std::dynamic_pointer_cast<data::NumpySampler>(train_options.sampler);
  data::DataLoaderOptions valid_options;
  valid_options.batch_size = s.batch_size;
  data::DataLoader valid_loader(valid_set, valid_options);
  optim::SGD sgd(model->parameters(), s.sgd);
  const nn::Loss loss = nn::make_loss(flavour);

  nn::History history;
  if (!s.resume.empty()) {
    nn::Checkpoint c = nn::load_checkpoint(s.resume);
    tools::check_resume(c, settings, s, d);
    nn::restore(c, *model, sgd);
    // The generators stand where the interrupted run left them: the next
    // epoch draws the batch order and the loaders' seeds it would have.
    nn::restore_generators(c, s.resume, data::default_generator(),
                           numpy_sampler.get());
    history = c.history;
  }

  std::cout << std::fixed << std::setprecision(6)
            << "blocks-train: " << nn::to_string(s.model) << " model, "
            << train.features.shape(0) << " train and "
            << valid.features.shape(0) << " valid samples of " << d
            << " features\n"
            << "epoch  train_loss  valid_loss  valid_accuracy\n";
  for (const auto& r : history) tools::print_epoch(r);

  nn::TrainOptions options;
  options.progress = nn::progress_stream();
  options.first_epoch = history.size() + 1;
  options.on_epoch = [&](const nn::EpochRecord& r) {
    history.push_back(r);
    tools::print_epoch(r);
    if (!s.checkpoint.empty()) {
      nn::Checkpoint c = nn::make_checkpoint(*model, sgd, history, settings);
      nn::save_generators(c, data::default_generator(), numpy_sampler.get());
      nn::save_checkpoint(s.checkpoint, c);
    }
    if (cli::stop_signal != 0) {
      if (!s.history.empty()) nn::save_history_csv(s.history, history);
      throw cli::Interrupted{cli::stop_signal, history.size()};
    }
  };
  cli::stop_on_signals();
  const std::size_t done = history.size();
  if (s.epochs > done) {
    nn::train(*model, train_loader, valid_loader, loss, sgd, s.epochs - done,
              options);
  }
  if (!s.history.empty()) nn::save_history_csv(s.history, history);

  if (test && test->features.shape(0) == 0) {
    std::cout << " test  no samples: not evaluated\n";
  } else if (test) {
    data::TensorDataset test_set(test->features, test->labels);
    data::DataLoader test_loader(test_set, valid_options);
    const nn::Evaluation e = nn::evaluate(*model, test_loader, loss);
    std::cout << " test  " << e.loss << "  accuracy " << e.accuracy << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Trains logistic regression (Chapter 6) on DIR/{train,valid}/"
      "{features,labels}.npy, as written by blocks-make-classification "
      "--split; evaluates DIR/test/ when present."};
  Settings s;
  tools::add_training_flags(app, s, /*data_required=*/true);
  app.get_option("--seed")->description(
      "torch.manual_seed (the default init, then torch shuffling) or "
      "np.random.seed (numpy shuffling)");
  cli::add_choice(app, "--sampler", s.sampler, nn::kShufflingNames,
                  "PyTorch 1.13's shuffling, the notebook-era one, or "
                  "NumPy's permutations");
  cli::add_choice(app, "--init", s.init, {"torch-default"},
                  "nn.Linear's default init from --seed (the default)")
      ->excludes("--init-weights");
  if (auto stop = cli::parse_command_line(app, argc, argv, "blocks-train", [&] {
        tools::check_training_flags(s);
        // --sampler numpy begins with np.random.seed(seed): NumPy's range,
        // named now (past it the seed was shown wrapped, as -1).
        if (s.sampler == nn::Shuffling::numpy) {
          data::require_numpy_seed(s.seed, "--seed");
        }
      })) {
    return *stop;
  }
  return cli::run_program("blocks-train", [&] {
    try {
      return run(s);
    } catch (const cli::Interrupted& i) {
      std::cerr << "blocks-train: interrupted by signal " << i.signal
                << " after epoch " << i.epochs
                << "; the checkpoint and history hold every finished epoch\n";
      return 128 + i.signal;
    }
  });
}
