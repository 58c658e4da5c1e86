#pragma once
/// \file
/// \brief Checkpoints: the model, the optimizer's state and the history so
/// far in one text file, written atomically, from which a run resumes on
/// exactly the same trajectory.
///
/// The format (version 1), one record per line; numbers have 17
/// significant digits (or `inf`, `-inf`, `nan`), so they read back bit for
/// bit:
/// \verbatim
/// blocks-checkpoint 1
/// run <free text: the run's settings, compared on resume>
/// model <builtin|custom> <in_features>
/// weight <w0> ... <w{d-1}>
/// bias <b>
/// history <E>
/// epoch <n> <train_loss> <valid_loss> <valid_accuracy> <bias> <w>...
///                                                          (E lines)
/// <the optimizer's state dict, see state_dict_file.hpp, up to its end>
/// end checkpoint
/// \endverbatim

#include <istream>
#include <ostream>
#include <string>

#include "blocks/nn/logistic_regression.hpp"
#include "blocks/nn/training.hpp"
#include "blocks/optim/optimizer.hpp"

namespace blocks::nn {

/// \brief The first line of every checkpoint.
inline constexpr const char* kCheckpointHeader = "blocks-checkpoint 1";

/// \brief Everything a run needs to continue where it stopped.
struct Checkpoint {
  std::string run;                    ///< the run's settings, one line
  Flavour flavour = Flavour::custom;  ///< the model's flavour
  Tensor weight;                      ///< \f$w\f$, (1, in)
  double bias = 0.0;                  ///< \f$b\f$
  History history;                    ///< the epochs done so far
  optim::StateDict optimizer;         ///< momentum buffers and options
};

/// \brief The state of a run after its last epoch.
/// \param model      the model after its last epoch
/// \param optimizer  the optimizer over `model.parameters()`
/// \param history    the epochs done so far
/// \param run        the run's settings (no newline), checked on resume
Checkpoint make_checkpoint(const LogisticRegression& model,
                           const optim::Optimizer& optimizer,
                           const History& history, const std::string& run);

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
///         complete checkpoint (truncated, corrupted, another format).
Checkpoint read_checkpoint(std::istream& in, const std::string& source);

/// \brief write_checkpoint into `path`, atomically.
/// \throws IOError naming the path when it cannot be written.
void save_checkpoint(const std::string& path, const Checkpoint& checkpoint);
/// \brief read_checkpoint from the file `path`.
/// \throws IOError when the file cannot be opened; DataError as above.
Checkpoint load_checkpoint(const std::string& path);

}  // namespace blocks::nn
