#pragma once
/// \file
/// \brief The flags that `blocks-train`, `blocks-train-device` (Chapter 7)
/// and `blocks-train-distributed` (Chapter 8) share, defined once so that
/// the programs read them the same way: the same names, the same checks,
/// the same messages.
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/cli/options.hpp"
#include "blocks/data/dataset_folder.hpp"
#include "blocks/data/split_checksum.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

namespace blocks::tools {

/// \brief What both trainers read from their command line, typed: each
/// flag is read once, by the one grammar of `blocks/cli/values.hpp`.
struct TrainingFlags {
  std::string data_dir;  ///< `--data`: DIR/{train,valid,test}/
  nn::Flavour model = nn::Flavour::custom;  ///< `--model`
  std::string history;                      ///< `--history`: the CSV to write
  std::string checkpoint;       ///< `--checkpoint`: written every epoch
  std::string resume;           ///< `--resume`: the checkpoint to go on from
  std::size_t epochs = 10;      ///< `--epochs`, in all
  std::size_t batch_size = 5;   ///< `--batch-size`
  optim::SGDOptions sgd{0.01};  ///< `--lr`, `--momentum`, ...
  bool shuffle = false;         ///< `--shuffle`: reshuffle each epoch
  std::string init_weights;     ///< `--init-weights`: w1,...,wd
  std::uint64_t seed = 123;     ///< `--seed`
  double init_bias = 0.0;       ///< `--init-bias`
  /// \brief The `--init-bias` option, to ask whether it was given.
  CLI::Option* init_bias_option = nullptr;
};

/// \brief Adds the shared flags. `--data` is required unless the program offers
/// another source of data. A program words its own help where it differs
/// with `app.get_option("--flag")->description(...)`.
inline void add_training_flags(CLI::App& app, TrainingFlags& f,
                               bool data_required) {
  auto* data = cli::add_text(app, "--data", f.data_dir, "the data folder");
  if (data_required) data->required();
  cli::add_choice(app, "--model", f.model, nn::kFlavourNames);
  cli::add_whole(app, "--epochs", f.epochs,
                 "epochs in all (also when resuming)");
  cli::add_count(app, "--batch-size", f.batch_size);
  cli::add_number(app, "--lr", f.sgd.lr, "learning rate");
  cli::add_number(app, "--momentum", f.sgd.momentum);
  cli::add_number(app, "--dampening", f.sgd.dampening);
  cli::add_number(app, "--weight-decay", f.sgd.weight_decay);
  cli::add_switch(app, "--nesterov", f.sgd.nesterov, "Nesterov momentum");
  cli::add_bool(app, "--shuffle", f.shuffle, "reshuffle each epoch");
  cli::add_whole(app, "--seed", f.seed, "seeds the default init and the order");
  cli::add_text(app, "--init-weights", f.init_weights,
                "w1,...,wd (else nn.Linear's default init)");
  f.init_bias_option = cli::add_number(app, "--init-bias", f.init_bias, "b");
  cli::add_text(app, "--history", f.history, "write the history (CSV) to FILE");
  cli::add_text(app, "--checkpoint", f.checkpoint,
                "save model and optimizer to FILE after every epoch");
  cli::add_text(app, "--resume", f.resume, "continue from a checkpoint FILE");
}

/// \brief What CLI11 cannot check flag by flag, after parsing.
/// \throws CLI::ValidationError naming the flag.
inline void check_training_flags(const TrainingFlags& f) {
  const bool has_init_bias = f.init_bias_option->count() > 0;
  if (has_init_bias != !f.init_weights.empty()) {
    throw CLI::ValidationError("--init-weights",
                               "goes with --init-bias (give both or none)");
  }
}

/// \brief Whether two paths name the same file, existing or not.
inline bool same_file(const std::string& a, const std::string& b) {
  namespace fs = std::filesystem;
  if (a.empty() || b.empty()) return false;
  std::error_code error;
  if (fs::exists(a, error) && fs::exists(b, error)) {
    return fs::equivalent(a, b, error);
  }
  return fs::weakly_canonical(fs::absolute(a, error), error) ==
         fs::weakly_canonical(fs::absolute(b, error), error);
}

/// \brief Checks the files a run will write before it trains: each must go into
/// an existing folder, must not be a folder, must not be one of the data
/// files (`inputs`) and must not be the other output, and a file must be
/// creatable where it goes (probe_writable()). A run that could not save
/// its results is refused at the start, not after its last epoch.
/// \throws ValueError or IOError naming the flag and the path.
inline void check_outputs(const TrainingFlags& f,
                          const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  const std::pair<const char*, const std::string*> outputs[] = {
      {"--history", &f.history}, {"--checkpoint", &f.checkpoint}};
  for (const auto& [flag, path] : outputs) {
    if (path->empty()) continue;
    std::error_code error;
    const fs::path parent = fs::absolute(*path, error).parent_path();
    if (!fs::is_directory(parent, error)) {
      throw ValueError(std::string(flag) + " " + *path + ": the folder " +
                       parent.string() + " does not exist");
    }
    if (fs::is_directory(*path, error)) {
      throw ValueError(std::string(flag) + " " + *path + " is a folder");
    }
    for (const std::string& input : inputs) {
      if (same_file(*path, input)) {
        throw ValueError(std::string(flag) + " " + *path +
                         " would overwrite the data file " + input);
      }
    }
    if (path == &f.checkpoint && same_file(f.checkpoint, f.history)) {
      throw ValueError("--history and --checkpoint name the same file " +
                       *path);
    }
    // A file made and removed where the output will go: a read-only
    // folder, a name too long, a device or a link is found now.
    try {
      probe_writable(*path);
    } catch (const IOError& e) {
      throw IOError(std::string(flag) + ": " + e.what());
    }
  }
  if (!f.history.empty() && !f.resume.empty() &&
      same_file(f.history, f.resume)) {
    throw ValueError("--history " + f.history +
                     " would overwrite the checkpoint to resume from");
  }
}

/// \brief The data files under a data folder that a run reads.
inline std::vector<std::string> data_files(const std::string& data_dir) {
  std::vector<std::string> files;
  for (const char* split : {"train", "valid", "test"}) {
    for (const char* name : {"features.npy", "labels.npy"}) {
      files.push_back(data_dir + "/" + split + "/" + name);
    }
  }
  return files;
}

/// \brief data::load_split() of the training split, refusing one without
/// samples: there is nothing to train on, and the feature count of a .npy
/// of 0 rows may be anything (99999999999999 made the model's allocation
/// fail with a bare std::bad_alloc). Refuses one of 0 features too, by its
/// file's name (the model's init said only "in_features is 0").
/// \throws DataError naming the folder; those of load_split().
inline data::Split load_training_split(const std::string& dir) {
  data::Split split = data::load_split(dir);
  if (split.features.shape(0) == 0) {
    throw DataError(dir + " holds no samples: nothing to train on");
  }
  if (split.features.shape(1) == 0) {
    throw DataError(dir + "/features.npy has 0 features (shape " +
                    shape_string(split.features.shape()) +
                    "): a model needs at least one");
  }
  return split;
}

/// \brief DIR/valid/, which must have the training split's `features`
/// and at least one sample: every epoch reports the validation loss, and
/// an empty split found after the first epoch's training would waste it.
/// \throws DataError naming the folder or both counts; those of
/// data::load_split().
inline data::Split load_valid_split(const std::string& data_dir,
                                    std::size_t features) {
  data::Split valid = data::load_split(data_dir + "/valid");
  if (valid.features.shape(0) == 0) {
    throw DataError(data_dir +
                    "/valid holds no samples: each epoch's validation "
                    "loss needs some");
  }
  if (valid.features.shape(1) != features) {
    throw DataError(data_dir + ": train has " + std::to_string(features) +
                    " features but valid has " +
                    std::to_string(valid.features.shape(1)));
  }
  return valid;
}

/// \brief DIR/test/ when it is there, checked before training: a test
/// split that does not fit, or half of one (an incomplete copy), or a
/// DIR/test that is not a folder (a file, a dangling link), is an error
/// now, not a silently skipped evaluation after the last epoch.
/// \throws DataError naming the folder; those of data::load_split().
inline std::optional<data::Split> load_test_split(const std::string& data_dir,
                                                  std::size_t features) {
  namespace fs = std::filesystem;
  const std::string test_dir = data_dir + "/test";
  std::error_code ignored;
  if (fs::exists(fs::symlink_status(test_dir, ignored)) &&
      !fs::is_directory(test_dir, ignored)) {
    throw DataError(test_dir +
                    " is there but is not a folder (a file, or a link to "
                    "nothing?): move it away, or make it the test split");
  }
  const bool has_features = fs::exists(test_dir + "/features.npy");
  const bool has_labels = fs::exists(test_dir + "/labels.npy");
  if (!has_features && has_labels) {
    throw DataError(test_dir +
                    " holds labels.npy but no features.npy (an "
                    "incomplete copy?)");
  }
  if (!has_features) return {};
  data::Split test = data::load_split(test_dir);
  if (test.features.shape(1) != features) {
    throw DataError(test_dir + " has " +
                    std::to_string(test.features.shape(1)) +
                    " features but train has " + std::to_string(features));
  }
  return test;
}

/// \brief The settings the shared flags decide; each program adds its
/// sampler and precision.
inline nn::RunSettings run_settings(const TrainingFlags& f) {
  nn::RunSettings s;
  s.model = f.model;
  s.batch_size = f.batch_size;
  s.sgd = f.sgd;
  s.shuffle = f.shuffle;
  s.seed = f.seed;
  s.init_given = !f.init_weights.empty();
  return s;
}

/// \brief The checksum a checkpoint records of the data a run trains on
/// and validates with (RunSettings::data): resumed on other data, the run
/// would not continue the same trajectory. 0 when the flags `f` neither
/// write nor read a checkpoint: nothing reads it then, and it costs some
/// 0.19 s on 160 MiB of data (a million rows of 20 features).
inline std::uint64_t data_checksum(const TrainingFlags& f,
                                   const data::Split& train,
                                   const data::Split& valid) {
  if (f.checkpoint.empty() && f.resume.empty()) return 0;
  return data::checksum(valid, data::checksum(train));
}

/// \brief A setting as the command line gives it (`--lr 0.1`), for
/// messages.
inline std::string as_flag(const std::string& name, const std::string& value) {
  if (name == "init") {
    return value == "given" ? "--init-weights" : "--init " + value;
  }
  if (name == "nesterov")
    return value == "true" ? "--nesterov" : "no --nesterov";
  if (name == "maximize") return "maximize " + value;  // no flag sets it
  if (name == "ranks") return value == "any" ? "any -np" : "-np " + value;
  if (name == "data") return "data of checksum " + value;
  if (name == "sampler" && nn::is_distributed_sampler(value)) {
    if (value == nn::kDistributedSampler) return "--semantics one-process";
    return value == nn::kDdpSampler ? "--semantics ddp"
                                    : "--semantics ddp --drop-last";
  }
  return "--" + name + " " + value;
}

/// \brief Checks that checkpoint `c` continues the run `now` of the flags
/// `f` on data of `features` features: a model of that width, made by the
/// same program, with the same settings and data, and with no more epochs
/// done than `--epochs` asks for in all.
/// \throws ValueError naming the widths, or each flag that differs (the
/// data too), with both values.
inline void check_resume(const nn::Checkpoint& c, const nn::RunSettings& now,
                         const TrainingFlags& f, std::size_t features) {
  // Other data of another width: say that, not only that the data's
  // checksums differ.
  if (c.weight.size() != features) {
    throw ValueError("--resume " + f.resume + " holds a model of " +
                     std::to_string(c.weight.size()) +
                     " features, not a model of " + std::to_string(features) +
                     " (the data's)");
  }
  const auto program = [](const nn::RunSettings& s) {
    return std::string(nn::is_distributed_sampler(s.sampler)
                           ? "blocks-train-distributed"
                           : "blocks-train");
  };
  // The programs have different flags: name the program, not a flag the
  // other one lacks.
  if (program(c.settings) != program(now)) {
    throw ValueError("--resume " + f.resume + " was made by " +
                     program(c.settings) + ", not by " + program(now));
  }
  std::string differ;
  for (const nn::SettingDifference& d : nn::differences(c.settings, now)) {
    differ += (differ.empty() ? "" : "; ") + std::string("with ") +
              as_flag(d.name, d.was) + ", not " + as_flag(d.name, d.now);
  }
  if (!differ.empty()) {
    throw ValueError("--resume " + f.resume + " was made " + differ);
  }
  if (!c.settings.unrecorded.empty()) {
    std::string names;
    for (const std::string& name : c.settings.unrecorded) {
      names += (names.empty() ? "" : ", ") + name;
    }
    std::cerr << "note: --resume " << f.resume
              << " is a version 2 checkpoint, which does not record these "
                 "settings, so they were not checked: "
              << names << "\n";
  }
  if (c.history.size() > f.epochs) {
    const std::size_t done = c.history.size();
    throw ValueError("--resume " + f.resume + " holds " + std::to_string(done) +
                     (done == 1 ? " epoch" : " epochs") +
                     " already, more than --epochs " +
                     std::to_string(f.epochs) + " (epochs in all)");
  }
}

/// \brief One line of the table both programs print, one per epoch.
inline void print_epoch(const nn::EpochRecord& r) {
  // Flushed: piped into `tee` or a log, stdout is block-buffered, and a
  // killed run would lose the epochs it finished.
  std::cout << std::setw(5) << r.epoch << "  " << r.train_loss << "  "
            << r.valid_loss << "  " << r.valid_accuracy << std::endl;
}

}  // namespace blocks::tools
