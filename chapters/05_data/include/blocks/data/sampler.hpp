#pragma once
/// \file
/// \brief Samplers: the order in which a DataLoader visits the samples,
/// epoch after epoch, as `torch.utils.data` draws it.

#include <cstdint>
#include <optional>
#include <vector>

#include "blocks/data/random_state.hpp"
#include "blocks/data/torch_generator.hpp"

namespace blocks::data {

/// \brief Yields the sample indices of one epoch per call.
class Sampler {
 public:
  virtual ~Sampler() = default;
  /// \brief The indices of the next epoch (`list(iter(sampler))`).
  virtual std::vector<std::int64_t> epoch() = 0;
  /// \brief How many indices an epoch yields (`len(sampler)`).
  virtual std::size_t size() const = 0;
};

/// \brief \f$0, 1, \dots, n-1\f$ every epoch.
class SequentialSampler : public Sampler {
 public:
  /// \brief A sampler over \f$n\f$ samples.
  explicit SequentialSampler(std::size_t n) : n_(n) {}
  std::vector<std::int64_t> epoch() override;
  std::size_t size() const override { return n_; }

 private:
  std::size_t n_;
};

/// \brief How a RandomSampler draws its permutation.
enum class ShuffleMode {
  /// PyTorch 1.13's RandomSampler. Without a generator, each epoch seeds
  /// a private generator with one `random_()` from the global one; with a
  /// generator, each epoch draws `randperm(n)` from it and one more,
  /// discarded `randperm(n)` (for the `num_samples % n` tail).
  torch,
  /// The notebook's era (PyTorch up to 1.5): one `randperm(n)` per epoch,
  /// straight from the generator (the global one when none is given).
  legacy,
};

/// \brief A new random order every epoch, reproducible from the seed.
class RandomSampler : public Sampler {
 public:
  /// \param n            the number of samples
  /// \param generator    the generator to draw from; nullptr: the global
  ///                     default_generator(). Not owned.
  /// \param mode         which PyTorch behaviour to reproduce
  /// \param num_samples  indices per epoch (default \f$n\f$); more than
  ///                     \f$n\f$ chains permutations, as PyTorch does
  /// \param replacement  draw each index independently with
  ///                     `randint(n)` (an index may repeat) instead of
  ///                     permuting
  /// \throws ValueError when `num_samples` is 0, or when drawing with
  /// replacement from \f$n = 0\f$ samples.
  explicit RandomSampler(std::size_t n, TorchGenerator* generator = nullptr,
                         ShuffleMode mode = ShuffleMode::torch,
                         std::optional<std::size_t> num_samples = {},
                         bool replacement = false);
  std::vector<std::int64_t> epoch() override;
  std::size_t size() const override { return num_samples_; }

 private:
  std::size_t n_, num_samples_;
  TorchGenerator* generator_;
  ShuffleMode mode_;
  bool replacement_;
};

/// \brief The order the notebook's NumPy code gives: after
/// `np.random.seed(seed)`, one `np.random.permutation(n)` per epoch.
class NumpySampler : public Sampler {
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
  /// \brief The stream's state (`np.random.get_state()`), for a checkpoint.
  RandomState::State get_state() const { return rng_.get_state(); }
  /// \brief Continues from a state that get_state() gave.
  /// \throws ValueError as RandomState::set_state() does.
  void set_state(const RandomState::State& state) { rng_.set_state(state); }

 private:
  std::size_t n_;
  RandomState rng_;
};

/// \brief The one check on a batch size, made wherever samples are grouped
/// into batches (BatchSampler, so every DataLoader, and Chapter 8's
/// trainer), in PyTorch's words.
/// \throws ValueError `batch_size should be a positive integer value, but
///         got batch_size=0`.
void check_batch_size(std::size_t batch_size);

/// \brief Groups a sampler's indices into batches.
class BatchSampler {
 public:
  /// \param sampler     where the indices come from (not owned)
  /// \param batch_size  indices per batch, at least 1
  /// \param drop_last   drop a last batch smaller than `batch_size`
  /// \throws ValueError when `batch_size` is 0 (check_batch_size()).
  BatchSampler(Sampler& sampler, std::size_t batch_size, bool drop_last);
  /// \brief The batches of the next epoch.
  std::vector<std::vector<std::int64_t>> epoch();
  /// \brief Batches per epoch: \f$\lfloor n/b \rfloor\f$ with `drop_last`,
  /// else \f$\lceil n/b \rceil\f$.
  std::size_t size() const;

 private:
  Sampler* sampler_;
  std::size_t batch_size_;
  bool drop_last_;
};

/// \brief `DistributedSampler`: the part of each epoch that one of
/// `num_replicas` processes sees, interleaved (rank \f$r\f$ takes positions
/// \f$r, r+R, r+2R, \dots\f$) and padded by repeating the first indices so
/// that every rank gets the same count.
class DistributedSampler : public Sampler {
 public:
  /// \param n             the number of samples
  /// \param num_replicas  the number of processes \f$R \ge 1\f$
  /// \param rank          this process, \f$0 \le r < R\f$
  /// \param shuffle       permute with `randperm(n)` seeded by
  ///                      `seed + epoch`
  /// \param seed          the same on every rank
  /// \param drop_last     drop the tail instead of padding
  /// \throws ValueError for `num_replicas == 0` or a rank out of range.
  DistributedSampler(std::size_t n, std::size_t num_replicas, std::size_t rank,
                     bool shuffle = true, std::uint64_t seed = 0,
                     bool drop_last = false);
  /// \brief Sets the epoch that seeds the next permutation; call it before
  /// every epoch, or every epoch repeats the same order.
  void set_epoch(std::uint64_t epoch) { epoch_ = epoch; }
  std::vector<std::int64_t> epoch() override;
  std::size_t size() const override { return num_samples_; }
  /// \brief Indices over all ranks, \f$R \cdot\f$ size().
  std::size_t total_size() const { return num_samples_ * num_replicas_; }

 private:
  std::size_t n_, num_replicas_, rank_, num_samples_;
  bool shuffle_, drop_last_;
  std::uint64_t seed_, epoch_ = 0;
};

}  // namespace blocks::data
