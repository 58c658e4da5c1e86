#pragma once
/// \file
/// \brief A training run's settings, typed: what a checkpoint records so
/// that a resumed run is checked, setting by setting, against the flags it
/// is resumed with.
///
/// In a checkpoint they are one line per setting, named as the flag that
/// sets it (without the dashes), numbers with 17 significant digits:
/// \verbatim
/// settings <K>
/// setting <name> <value>                        (K lines, each name once)
/// \endverbatim

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "blocks/line_reader.hpp"
#include "blocks/nn/logistic_regression.hpp"
#include "blocks/optim/sgd.hpp"

namespace blocks::nn {

/// \brief RunSettings::sampler of `blocks-train-distributed` (Chapter 8),
/// whose order is a function of the seed and the epoch: its default
/// semantics (a global batch split across the ranks)...
inline constexpr const char* kDistributedSampler = "distributed";
/// \brief ...PyTorch's DDP semantics (`--semantics ddp`), padded...
inline constexpr const char* kDdpSampler = "ddp";
/// \brief ...or with `--drop-last`.
inline constexpr const char* kDdpDropLastSampler = "ddp-drop-last";

/// \brief True for the samplers of `blocks-train-distributed`.
inline bool is_distributed_sampler(const std::string& sampler) {
  return sampler == kDistributedSampler || sampler == kDdpSampler ||
         sampler == kDdpDropLastSampler;
}

/// \brief What decides a training run's trajectory besides its number of
/// epochs: the flags `blocks-train` and `blocks-train-distributed` read.
struct RunSettings {
  Flavour model = Flavour::custom;  ///< `--model`
  std::size_t batch_size = 5;       ///< `--batch-size`
  optim::SGDOptions sgd{0.01};      ///< `--lr`, `--momentum`, ...
  bool shuffle = false;             ///< `--shuffle`
  /// How the batches are drawn: a Shuffling's name (`blocks-train
  /// --sampler`), or kDistributedSampler.
  std::string sampler = "torch";
  std::uint64_t seed = 123;  ///< `--seed`
  /// `--init-weights` and `--init-bias` gave the start, not
  /// `nn.Linear`'s default init.
  bool init_given = false;
  /// The scalar the model computes in: `double`, or `float`
  /// (`blocks-train-distributed --precision`).
  std::string precision = "double";
  /// The number of ranks where it decides the trajectory: with PyTorch's
  /// DDP semantics each rank draws its own batch, so a step sees `ranks`
  /// batches. 0 for every other sampler ("any" in the file).
  std::size_t ranks = 0;
  /// The checksum of the training and the validation data
  /// (tools::data_checksum()), 16 hex digits in the file.
  std::uint64_t data = 0;
  /// The settings a version 2 checkpoint did not record yet (`ranks`,
  /// `data`): read_settings() leaves them at their defaults, and
  /// differences() does not compare them.
  std::vector<std::string> unrecorded;
};

/// \brief One setting as its line holds it.
struct Setting {
  std::string name;   ///< the flag's name without dashes (`lr`)
  std::string value;  ///< the value as text (`0.01`, `true`, `numpy`)
};

/// \brief The settings in the file's order, numbers with 17 significant
/// digits, so that they read back bit for bit.
std::vector<Setting> settings_of(const RunSettings& settings);

/// \brief One setting on which two runs differ.
struct SettingDifference {
  std::string name;  ///< the setting's name
  std::string was;   ///< its value in the first run, as short as it reads
  std::string now;   ///< its value in the second run, as short as it reads
};

/// \brief The settings on which `made` and `now` differ, in the file's
/// order; numbers differ when their bits do. A setting either leaves
/// unrecorded is not compared.
std::vector<SettingDifference> differences(const RunSettings& made,
                                           const RunSettings& now);

/// \brief Writes the `settings` line and one `setting` line per setting.
/// \throws ValueError when the settings have no learning rate, or leave a
/// setting unrecorded.
void write_settings(std::ostream& out, const RunSettings& settings);

/// \brief Reads what write_settings() writes, from a reader going through
/// a larger file (a checkpoint).
/// \param reader   the checkpoint's reader, at the `settings` line
/// \param version  the checkpoint's format: in version 2, the settings
///                 `ranks` and `data` may be missing (see
///                 RunSettings::unrecorded)
/// \throws DataError naming the line for a missing, repeated or unknown
/// setting, a value that does not parse (an empty or non-finite number, a
/// sampler no program has), a trailing word, or SGD options that
/// optim::validate() refuses.
RunSettings read_settings(LineReader& reader, int version);

}  // namespace blocks::nn
