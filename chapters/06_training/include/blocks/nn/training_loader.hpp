#pragma once
/// \file
/// \brief How a training run shuffles its batches: PyTorch 1.13's
/// DataLoader, the notebook-era one, or NumPy's permutations (what
/// `blocks-train --sampler` chooses).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "blocks/cli/names.hpp"
#include "blocks/data.hpp"

namespace blocks::nn {

/// \brief The generator and the mode that shuffle the training batches.
enum class Shuffling {
  /// PyTorch 1.13's `DataLoader(shuffle=True)` after `torch.manual_seed`:
  /// the global generator, ShuffleMode::torch.
  torch,
  /// The notebook's PyTorch: the global generator, ShuffleMode::legacy
  /// (one `randperm(n)` per epoch straight from it).
  torch_legacy,
  /// `np.random.seed(seed)`, then `np.random.permutation(n)` every epoch.
  numpy,
};

/// \brief The samplers' names, for files, flags and messages.
inline constexpr cli::NameTable<Shuffling, 3> kShufflingNames{
    {{Shuffling::torch, "torch"},
     {Shuffling::torch_legacy, "torch-legacy"},
     {Shuffling::numpy, "numpy"}}};

/// \brief `"torch"`, `"torch-legacy"` or `"numpy"`.
std::string to_string(Shuffling shuffling);

/// \brief The options of a training run's DataLoader: batches in order
/// without `shuffle`; with it, reshuffled every epoch the `shuffling` way.
/// Shuffling::torch and torch_legacy draw from data::default_generator(),
/// which the caller seeds with data::manual_seed(seed) *before* drawing an
/// init from it, as a PyTorch script does; Shuffling::numpy gives the
/// loader its own data::NumpySampler seeded with `seed`, in `sampler`,
/// where a program that saves the run's state finds it.
/// \param samples     the training set's size
/// \param batch_size  samples per batch
/// \param shuffle     false: in order, whatever `shuffling` says
/// \param shuffling   which generator and mode shuffle
/// \param seed        NumPy's seed (Shuffling::numpy only)
data::DataLoaderOptions training_loader_options(std::size_t samples,
                                                std::size_t batch_size,
                                                bool shuffle,
                                                Shuffling shuffling,
                                                std::uint64_t seed);

}  // namespace blocks::nn
