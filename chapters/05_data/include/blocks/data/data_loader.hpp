#pragma once
/// \file
/// \brief `torch.utils.data.DataLoader` in C++: batches of a Dataset in a
/// sampler's order, for a range-for loop.

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "blocks/data/dataset.hpp"
#include "blocks/data/sampler.hpp"
#include "blocks/data/torch_generator.hpp"

namespace blocks::data {

/// \brief DataLoader's keyword arguments, with PyTorch's defaults.
// [loader-options]
struct DataLoaderOptions {
  std::size_t batch_size = 1;  ///< examples per batch
  bool shuffle = false;        ///< RandomSampler instead of SequentialSampler
  bool drop_last = false;      ///< drop a last, smaller batch
  /// A private generator seeded with this (like `generator=Generator()
  /// .manual_seed(seed)`); without it, `generator` or the global one.
  std::optional<std::uint64_t> seed;
  TorchGenerator* generator = nullptr;    ///< not owned
  ShuffleMode mode = ShuffleMode::torch;  ///< PyTorch's or legacy order
  /// Shared with the loader, as Python shares it; excludes shuffle.
  std::shared_ptr<Sampler> sampler;
  /// Shared with the loader; excludes the four options above it.
  std::shared_ptr<BatchSampler> batch_sampler;
  std::size_t num_workers = 0;  ///< threads that collate batches ahead
};
// [loader-options]

/// \brief Iterates over a Dataset in batches, one epoch per range-for.
///
/// As in PyTorch, each epoch (each `begin()`) first draws one 64-bit seed
/// (`_base_seed`) from the generator, then the sampler draws its order, so
/// a C++ loop and a Python loop seeded alike see the same batches.
class DataLoader {
 public:
  /// \brief \throws ValueError for PyTorch's invalid combinations
  /// (`sampler` with `shuffle`; `batch_sampler` with `batch_size` other
  /// than 1, `shuffle`, `sampler` or `drop_last`) and for `batch_size` 0.
  /// `dataset` must outlive the loader; the loader keeps its samplers
  /// (`shuffle=True` makes its own RandomSampler, as PyTorch's does).
  DataLoader(const Dataset& dataset, DataLoaderOptions options = {});
  DataLoader(const DataLoader&) = delete;
  DataLoader& operator=(const DataLoader&) = delete;

  /// \brief Batches per epoch (`len(loader)`).
  std::size_t size() const;
  /// \brief The batches' indices of the next epoch, drawing exactly what
  /// an iteration draws (what `begin()` uses).
  std::vector<std::vector<std::int64_t>> next_epoch();

  /// \brief An input iterator over one epoch's batches.
  class Iterator {
   public:
    /// \brief The current batch.
    const Batch& operator*() const { return current_; }
    /// \brief Member access to the current batch.
    const Batch* operator->() const { return &current_; }
    /// \brief Moves to the next batch.
    Iterator& operator++();
    /// \brief True when both are at the end (or at the same batch).
    bool operator==(const Iterator& other) const {
      return position_ == other.position_;
    }
    /// \brief Negation of ==.
    bool operator!=(const Iterator& other) const { return !(*this == other); }

   private:
    friend class DataLoader;
    void fill();
    bool load_next();
    const DataLoader* loader_ = nullptr;
    std::shared_ptr<const std::vector<std::vector<std::int64_t>>> batches_;
    std::size_t position_ = 0, requested_ = 0;
    std::deque<std::future<Batch>> ahead_;
    Batch current_;
  };

  /// \brief Starts an epoch: draws the base seed and the order.
  Iterator begin();
  /// \brief The end of any epoch.
  Iterator end() const;

 private:
  using Batches = std::vector<std::vector<std::int64_t>>;
  std::shared_ptr<const Batches> epoch_batches();

  const Dataset* dataset_;
  DataLoaderOptions options_;
  std::unique_ptr<TorchGenerator> own_generator_;
  TorchGenerator* generator_;
  std::shared_ptr<Sampler> sampler_;  // what batch_sampler_ reads
  std::shared_ptr<BatchSampler> batch_sampler_;
  // With its own SequentialSampler the loader's batches are the same every
  // epoch: kept here after the first.
  bool in_order_ = false;
  std::shared_ptr<const Batches> in_order_batches_;
};

}  // namespace blocks::data
