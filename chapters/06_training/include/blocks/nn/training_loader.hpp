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

/// \brief The shuffling named `"torch"`, `"torch-legacy"` or `"numpy"`.
/// \throws ValueError for any other name.
Shuffling parse_shuffling(const std::string& name);

/// \brief A sampler that draws each epoch's order as
/// `RandomState(seed).permutation(n)` draws its successive permutations.
class NumpySampler : public data::Sampler {
 public:
  /// \brief A sampler over \f$n\f$ samples, its stream seeded with `seed`.
  /// \throws ValueError unless \f$0 \le \text{seed} < 2^{32}\f$ (NumPy's).
  NumpySampler(std::size_t n, std::int64_t seed) : n_(n), rng_(seed) {}
  /// \brief The next `permutation(n)`.
  std::vector<std::int64_t> epoch() override {
    return rng_.permutation(static_cast<std::int64_t>(n_));
  }
  /// \brief \f$n\f$.
  std::size_t size() const override { return n_; }

 private:
  std::size_t n_;
  data::RandomState rng_;
};

/// \brief A training loader that shuffles (or not) as a run asks. With
/// Shuffling::torch or torch_legacy it draws from data::default_generator(),
/// which the caller seeds with data::manual_seed(seed) *before* drawing an
/// init from it, as a PyTorch script does; with Shuffling::numpy it owns a
/// NumpySampler seeded with `seed`.
struct TrainingLoader {
  /// \param dataset     the training set; it must outlive the loader
  /// \param batch_size  samples per batch
  /// \param shuffle     false: in order, whatever `shuffling` says
  /// \param shuffling   which generator and mode shuffle
  /// \param seed        NumPy's seed (Shuffling::numpy only)
  TrainingLoader(const data::Dataset& dataset, std::size_t batch_size,
                 bool shuffle, Shuffling shuffling, std::uint64_t seed);
  std::unique_ptr<data::Sampler> sampler;  ///< NumPy's, else empty
  data::DataLoader loader;                 ///< the batches
};

}  // namespace blocks::nn
