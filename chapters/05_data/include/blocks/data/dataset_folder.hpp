#pragma once
/// \file
/// \brief The notebook's files, `DIR/{train,valid,test}/{features,labels}.npy`,
/// and the 90/500/500 split that made them.

#include <cstdint>
#include <string>
#include <vector>

#include "blocks/data/make_classification.hpp"
#include "blocks/tensor.hpp"

namespace blocks::data {

/// \brief One part of a data set: features \f$(m, d)\f$ and labels as an
/// \f$(m, 1)\f$ column of doubles (the notebook's shapes).
struct Split {
  Tensor features;  ///< shape \f$(m, d)\f$
  Tensor labels;    ///< shape \f$(m, 1)\f$
};

/// \brief The notebook's three parts.
struct NotebookData {
  Split train;  ///< 90 rows in the notebook
  Split valid;  ///< 500 rows
  Split test;   ///< 500 rows
};

/// \brief Splits rows as `np.random.seed(seed);
/// idx = np.random.permutation(m)` and consecutive slices of `idx`.
/// \param X      features, shape \f$(m, d)\f$
/// \param y      labels, shape \f$(m,)\f$
/// \param sizes  rows per part, summing to \f$m\f$
/// \param seed   the seed of NumPy's global generator
/// \throws ValueError when the sizes do not sum to \f$m\f$ (naming both),
///         ShapeError when X and y disagree.
std::vector<Split> split_rows(const Tensor& X, const Labels& y,
                              const std::vector<std::size_t>& sizes,
                              std::int64_t seed);

/// \brief The notebook's split of its data: 90/500/500 with seed 123.
NotebookData notebook_split(const Classification& data);

/// \brief Writes `dir/features.npy` (float64) and `dir/labels.npy` (int64,
/// \f$(m, 1)\f$), creating `dir`; each file atomically.
/// \throws ValueError when a label is not an integer, IOError naming the
///         file that cannot be written.
void save_split(const std::string& dir, const Split& split);

/// \brief Reads `dir/features.npy` and `dir/labels.npy` (binary labels).
/// \throws DataError naming the file for any bad content and when the two
///         files have different numbers of rows; IOError when one is
///         missing.
Split load_split(const std::string& dir);

/// \brief Writes `dir/train`, `dir/valid` and `dir/test`.
void save_notebook_folder(const std::string& dir, const NotebookData& data);

/// \brief Reads `dir/train`, `dir/valid` and `dir/test`; all three must
/// have the same number of features.
NotebookData load_notebook_folder(const std::string& dir);

}  // namespace blocks::data
