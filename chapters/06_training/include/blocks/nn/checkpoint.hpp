#pragma once
/// \file
/// \brief Checkpoints: the model, the optimizer's state and the history so
/// far in one text file, written atomically, from which a run resumes on
/// exactly the same trajectory.
///
/// The format (version 3), one record per line; numbers have 17
/// significant digits (or `inf`, `-inf`, `nan`), so they read back bit for
/// bit:
/// \verbatim
/// blocks-checkpoint 3
/// settings <K>
/// setting <name> <value>       (K lines: the run's settings, compared on
///                               resume; see run_settings.hpp)
/// model <builtin|custom> <in_features>
/// weight <w0> ... <w{d-1}>
/// bias <b>
/// history <E>
/// epoch <n> <train_loss> <valid_loss> <valid_accuracy> <bias> <w>...
///                                                          (E lines)
/// <the optimizer's state dict, see state_dict_file.hpp, up to its end>
/// generators <G>
/// generator torch <seed> <pos> <key0> ... <key623>
/// generator numpy <pos> <true|false: has_gauss> <cached_gaussian> <key0>...
///                              (G lines, each kind at most once)
/// end checkpoint
/// \endverbatim
/// The generators are those the run draws from after its last epoch:
/// PyTorch's default generator (`torch.get_rng_state()`) and, with
/// `--sampler numpy`, the sampler's `np.random.get_state()`. A resumed run
/// puts them back, so its next epoch draws what the interrupted one would
/// have drawn. Version 2 is read too: it lacks the settings `ranks` and
/// `data`, which are then not checked. Version 1 (a free-text run line,
/// no generators) is refused.

#include <istream>
#include <optional>
#include <ostream>
#include <string>

#include "blocks/data/random_state.hpp"
#include "blocks/data/sampler.hpp"
#include "blocks/data/torch_generator.hpp"
#include "blocks/nn/logistic_regression.hpp"
#include "blocks/nn/run_settings.hpp"
#include "blocks/nn/training.hpp"
#include "blocks/optim/optimizer.hpp"

namespace blocks::nn {

/// \brief The first line of every checkpoint.
inline constexpr const char* kCheckpointHeader = "blocks-checkpoint 3";

/// \brief Everything a run needs to continue where it stopped.
struct Checkpoint {
  RunSettings settings;               ///< compared with the resuming run's
  Flavour flavour = Flavour::custom;  ///< the model's flavour
  Tensor weight;                      ///< \f$w\f$, (1, in)
  double bias = 0.0;                  ///< \f$b\f$
  History history;                    ///< the epochs done so far
  optim::StateDict optimizer;         ///< momentum buffers and options
  /// The default generator after the last epoch, for a run that draws
  /// from it (`blocks-train`; none for `blocks-train-distributed`, whose
  /// order is a function of the seed and the epoch).
  std::optional<data::TorchGenerator::State> torch_generator;
  /// The NumPy sampler's stream after the last epoch (`--sampler numpy`
  /// with `--shuffle true`).
  std::optional<data::RandomState::State> numpy_sampler;
};

/// \brief The state of a run after its last epoch, without the generators
/// (save_generators() adds them).
/// \param model      the model after its last epoch
/// \param optimizer  the optimizer over `model.parameters()`
/// \param history    the epochs done so far
/// \param settings   the run's settings, checked on resume
Checkpoint make_checkpoint(const LogisticRegression& model,
                           const optim::Optimizer& optimizer,
                           const History& history, const RunSettings& settings);

/// \brief Records the generators the run draws from: `torch` (the default
/// generator) and `numpy`, the run's NumPy sampler or nullptr.
void save_generators(Checkpoint& checkpoint, const data::TorchGenerator& torch,
                     const data::NumpySampler* numpy);

/// \brief Puts the generators of save_generators() back, so that the next
/// epoch draws what it would have drawn without the interruption.
/// \param checkpoint  the checkpoint, read from `source`
/// \param source      the file's name, for error messages
/// \param torch       the default generator
/// \param numpy       the run's NumPy sampler, or nullptr
/// \throws DataError naming `source` when the checkpoint lacks the state of
/// a generator the run has, or holds a NumPy sampler's state the run has
/// no sampler for.
void restore_generators(const Checkpoint& checkpoint, const std::string& source,
                        data::TorchGenerator& torch, data::NumpySampler* numpy);

/// \brief Puts the checkpoint's parameters into `model` and its state into
/// `optimizer` (built over `model.parameters()`).
/// \throws ValueError when the flavour or the number of features differs.
void restore(const Checkpoint& checkpoint, LogisticRegression& model,
             optim::Optimizer& optimizer);

/// \brief Writes `checkpoint` to `out` in the format above.
void write_checkpoint(std::ostream& out, const Checkpoint& checkpoint);
/// \brief Reads a checkpoint from `in`.
/// \param in      the stream, at the header
/// \param source  the file's name, for error messages
/// \throws DataError naming `source` and the line when the text is not a
///         complete checkpoint (truncated, corrupted, another format), or
///         is a version 1 checkpoint, which cannot be resumed.
Checkpoint read_checkpoint(std::istream& in, const std::string& source);

/// \brief write_checkpoint into `path`, atomically.
/// \throws IOError naming the path when it cannot be written.
void save_checkpoint(const std::string& path, const Checkpoint& checkpoint);
/// \brief read_checkpoint from the file `path`.
/// \throws IOError when the file cannot be opened; DataError as above.
Checkpoint load_checkpoint(const std::string& path);

}  // namespace blocks::nn
