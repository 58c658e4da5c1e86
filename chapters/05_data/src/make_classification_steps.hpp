#pragma once
// What the plain make_classification (make_classification_plain.cpp) and
// the tuned one (make_classification_blocked.cpp) share: the parameter
// checks (make_classification_checks.cpp) and the steps before the first
// Gaussian, which cost nothing next to the rest.
#include <cstdint>
#include <vector>

#include "blocks/data/make_classification.hpp"

namespace blocks::data::detail {

using Index = std::int64_t;

// scikit-learn 1.2.1's checks, with its messages, then ours for what it
// would turn into nonsense (NaN, Inf, negative weights and the like).
void validate(const ClassificationOptions& o);

// The weight of each class: None is balanced; n_classes - 1 weights get a
// last one, 1 - sum(weights), summed left to right as Python does.
std::vector<double> class_weights(const ClassificationOptions& o);

// Rows per cluster, int(n_samples * weight / n_clusters_per_class), the
// rest handed out one at a time; a size of n or more counts as n.
std::vector<Index> cluster_sizes(const ClassificationOptions& o);

// Steps 1-2: the centroids, a (n_clusters, n_informative) matrix.
Tensor centroids(const ClassificationOptions& o, Index n_clusters,
                 RandomState& rng);

// The error for row i of X (n_features values) holding Inf or NaN.
[[noreturn]] void not_finite(const double* row, Index n_features, Index i);

// Throws not_finite() for the last row of X that is not finite: the row
// the tuned code, which finishes rows from the last one up, meets first.
void check_finite(const Tensor& X);

}  // namespace blocks::data::detail
