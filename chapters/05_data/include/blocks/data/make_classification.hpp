#pragma once
/// \file
/// \brief scikit-learn 1.2.1's `make_classification`, bit for bit: the toy
/// data set of the course.

#include <cstdint>
#include <optional>
#include <vector>

#include <xtensor/xarray.hpp>

#include "blocks/data/random_state.hpp"
#include "blocks/tensor.hpp"

namespace blocks::data {

/// \brief Integer class labels, like scikit-learn's `int64` `y`.
using Labels = xt::xarray<std::int64_t>;

/// \brief The parameters of `sklearn.datasets.make_classification`, with
/// scikit-learn's defaults.
struct ClassificationOptions {
  std::int64_t n_samples = 100;           ///< rows of X
  std::int64_t n_features = 20;           ///< columns of X
  std::int64_t n_informative = 2;         ///< columns that carry the classes
  std::int64_t n_redundant = 2;           ///< mixtures of the informative ones
  std::int64_t n_repeated = 0;            ///< copies of earlier columns
  std::int64_t n_classes = 2;             ///< number of labels
  std::int64_t n_clusters_per_class = 2;  ///< Gaussian blobs per class
  std::vector<double> weights;  ///< class proportions; empty: balanced (None)
  double flip_y = 0.01;         ///< fraction of labels drawn at random
  double class_sep = 1.0;       ///< half the hypercube's side
  bool hypercube = true;        ///< centroids on vertices, else random
  /// Added to each column: one value, one per column, or nullopt (None:
  /// drawn uniformly in [-class_sep, class_sep]).
  std::optional<std::vector<double>> shift = std::vector<double>{0.0};
  /// Multiplies each column: one value, one per column, or nullopt (None:
  /// drawn uniformly in [1, 100]).
  std::optional<std::vector<double>> scale = std::vector<double>{1.0};
  bool shuffle = true;  ///< shuffle rows and columns at the end
  std::optional<std::int64_t> random_state;  ///< seed; nullopt: OS entropy
};

/// \brief Features `X` (shape `(n_samples, n_features)`) and labels `y`
/// (shape `(n_samples,)`), as `make_classification` returns them.
struct Classification {
  Tensor X;  ///< float64 features, row-major
  Labels y;  ///< int64 class labels in \f$\{0, \dots, n\_classes-1\}\f$
};

/// \brief The notebook's call: 1090 samples, 10 informative features, two
/// balanced classes of four clusters each, `flip_y=0.01`,
/// `random_state=123`.
ClassificationOptions notebook_options();

/// \brief The checks make_classification() makes before it draws anything,
/// alone: a program runs them first, then asks whether the sizes fit in
/// memory, so that a mistake is named as such and not as a size.
/// \throws ValueError as make_classification() does for its parameters.
void check_options(const ClassificationOptions& options);

/// \brief `make_classification(**options)`, bit-exact with scikit-learn
/// 1.2.1 on NumPy with the reference BLAS for an integer `random_state`.
/// \throws ValueError for the parameters scikit-learn 1.2.1 rejects, with
/// its messages (plus the values); and, naming the value, for weights it
/// cannot turn into cluster sizes (NaN, Inf, negative, or a completed last
/// weight below zero), for a class_sep, shift or scale that is not
/// finite, and when a feature overflows a double (Inf or NaN in X).
Classification make_classification(const ClassificationOptions& options);

/// \brief The same, drawing from `rng` (scikit-learn accepts a
/// `RandomState` as `random_state`; `options.random_state` is ignored).
Classification make_classification(const ClassificationOptions& options,
                                   RandomState& rng);

/// \brief The same data set made the plain way: one short function per
/// step of scikit-learn's algorithm, called in its order
/// (`src/make_classification_plain.cpp`).
///
/// The tests check that it returns what make_classification() returns, bit
/// for bit, and throws the same errors; make_classification() makes it in
/// fewer passes over `X`, and is what the programs use.
Classification make_classification_plain(const ClassificationOptions& options,
                                         RandomState& rng);

/// \brief `sklearn.utils.random.sample_without_replacement(n_population,
/// n_samples, method="auto")`: distinct integers in
/// \f$[0, n\_population)\f$, drawn by the method scikit-learn picks.
std::vector<std::int64_t> sample_without_replacement(std::int64_t n_population,
                                                     std::int64_t n_samples,
                                                     RandomState& rng);

}  // namespace blocks::data
