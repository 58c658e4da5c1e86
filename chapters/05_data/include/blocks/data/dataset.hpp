#pragma once
/// \file
/// \brief `torch.utils.data.Dataset` in C++: a size and an item per index,
/// plus the batch a DataLoader asks for.

#include <cstdint>
#include <vector>

#include "blocks/data/torch_generator.hpp"
#include "blocks/tensor.hpp"

namespace blocks::data {

/// \brief One sample: features of shape \f$(d,)\f$ and its label, \f$(1,)\f$.
struct Example {
  Tensor features;  ///< shape \f$(d,)\f$
  Tensor label;     ///< shape \f$(1,)\f$
};

/// \brief A batch as the training loop wants it: contiguous row-major
/// features \f$(b, d)\f$ and labels \f$(b, 1)\f$.
struct Batch {
  Tensor features;  ///< shape \f$(b, d)\f$
  Tensor labels;    ///< shape \f$(b, 1)\f$
};

/// \brief A map-style data set: `size()` items, item `i` by `get(i)`.
// [dataset-interface]
class Dataset {
 public:
  virtual ~Dataset() = default;
  /// \brief The number of samples (`len(dataset)`).
  virtual std::size_t size() const = 0;
  /// \brief Sample `index` (`dataset[index]`).
  /// \throws ValueError when `index >= size()`.
  virtual Example get(std::size_t index) const = 0;
  /// \brief The samples `indices`, collated: stacks `get(i)` row by row
  /// (PyTorch's `default_collate`). Data sets that hold whole tensors
  /// override it with a direct row gather. Safe to call from several
  /// threads at once.
  /// \throws ShapeError when two samples have different shapes.
  virtual Batch get_batch(const std::vector<std::int64_t>& indices) const;
  /// \brief get_batch() into `batch`, which the DataLoader keeps from one
  /// batch to the next. The default assigns `get_batch(indices)`.
  virtual void get_batch_into(const std::vector<std::int64_t>& indices,
                              Batch& batch) const {
    batch = get_batch(indices);
  }
};
// [dataset-interface]

/// \brief `TensorDataset(features, labels)`: row `i` of each tensor.
class TensorDataset : public Dataset {
 public:
  /// \brief Takes features \f$(m, d)\f$ and labels \f$(m,)\f$ or \f$(m, 1)\f$.
  /// \throws ShapeError when the ranks are wrong or the row counts differ.
  TensorDataset(Tensor features, Tensor labels);
  std::size_t size() const override { return features_.shape(0); }
  Example get(std::size_t index) const override;
  Batch get_batch(const std::vector<std::int64_t>& indices) const override;
  /// \brief get_batch() into the tensors `batch` already holds when their
  /// shapes fit: no allocation for a batch the size of the last one.
  /// \throws ValueError, leaving `batch` as it was, for an index out of
  /// range.
  void get_batch_into(const std::vector<std::int64_t>& indices,
                      Batch& batch) const override;
  /// \brief All features, \f$(m, d)\f$.
  const Tensor& features() const { return features_; }
  /// \brief All labels, \f$(m, 1)\f$.
  const Tensor& labels() const { return labels_; }

 private:
  Tensor features_, labels_;
};

/// \brief `Subset(dataset, indices)`: item `i` is `dataset[indices[i]]`.
/// Holds a reference: `dataset` must outlive the subset.
class Subset : public Dataset {
 public:
  /// \brief \throws ValueError when an index is outside the data set.
  Subset(const Dataset& dataset, std::vector<std::int64_t> indices);
  std::size_t size() const override { return indices_.size(); }
  Example get(std::size_t index) const override;
  Batch get_batch(const std::vector<std::int64_t>& indices) const override;
  /// \brief The indices into the underlying data set.
  const std::vector<std::int64_t>& indices() const { return indices_; }

 private:
  const Dataset* dataset_;
  std::vector<std::int64_t> indices_;
};

/// \brief `random_split(dataset, lengths, generator)`: one `randperm` of
/// the whole data set, cut into consecutive pieces of these lengths.
/// \throws ValueError when the lengths do not sum to `dataset.size()`.
std::vector<Subset> random_split(
    const Dataset& dataset, const std::vector<std::size_t>& lengths,
    TorchGenerator& generator = default_generator());

/// \brief `random_split` with fractions summing to 1: each part gets
/// \f$\lfloor n f_i \rfloor\f$ samples, the remainder goes one by one to the
/// parts from the first on.
/// \throws ValueError when the fractions are negative or do not sum to 1.
std::vector<Subset> random_split_fractions(
    const Dataset& dataset, const std::vector<double>& fractions,
    TorchGenerator& generator = default_generator());

}  // namespace blocks::data
