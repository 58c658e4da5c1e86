// scikit-learn 1.2.1's make_classification (sklearn/datasets/_samples_
// generator.py), the plain way: one short function per step, called in
// scikit-learn's order, each drawing from the stream what scikit-learn
// draws. The programs use the tuned version in make_classification_
// blocked.cpp, which the tests check equal to this one bit for bit.
#include <algorithm>
#include <string>
#include <unordered_set>

#include "blocks/data/make_classification.hpp"
#include "blocks/error.hpp"
#include "make_classification_steps.hpp"

namespace blocks::data {

namespace detail {

std::vector<double> class_weights(const ClassificationOptions& o) {
  std::vector<double> weights = o.weights;
  if (weights.empty()) {
    weights.assign(static_cast<std::size_t>(o.n_classes),
                   1.0 / static_cast<double>(o.n_classes));
  } else if (static_cast<Index>(weights.size()) == o.n_classes - 1) {
    double sum = 0.0;
    for (double w : weights) sum += w;
    weights.push_back(1.0 - sum);
  }
  return weights;
}

// validate() left no NaN, Inf or negative weight. A size of n or more
// stands for any larger one (the slices clip at n), so no sum overflows.
std::vector<Index> cluster_sizes(const ClassificationOptions& o) {
  const std::vector<double> weights = class_weights(o);
  const Index n = o.n_samples;
  const Index n_clusters = o.n_classes * o.n_clusters_per_class;
  std::vector<Index> sizes;
  Index total = 0;
  for (Index k = 0; k < n_clusters; ++k) {
    const double share = static_cast<double>(n) * weights[k % o.n_classes] /
                         static_cast<double>(o.n_clusters_per_class);
    sizes.push_back(share < static_cast<double>(n) ? Index(share) : n);
    total = std::min(n, total + sizes.back());
  }
  for (Index i = 0; i < n - total; ++i) ++sizes[i % n_clusters];
  return sizes;
}

namespace {

// n distinct vertices of the d-dimensional unit hypercube, one row of
// d bits each, most significant bit first.
std::vector<std::vector<int>> hypercube(Index n, Index d, RandomState& rng) {
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(n));
  if (d > 30) {  // random leading bits, then 30 distinct ones
    for (auto& row : rows) {
      for (Index j = 0; j < d - 30; ++j) row.push_back(int(rng.randint(2)));
    }
    const auto rest = hypercube(n, 30, rng);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      rows[i].insert(rows[i].end(), rest[i].begin(), rest[i].end());
    }
    return rows;
  }
  const auto codes = sample_without_replacement(Index{1} << d, n, rng);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (Index j = d - 1; j >= 0; --j) {
      rows[i].push_back(int((codes[i] >> j) & 1));
    }
  }
  return rows;
}

}  // namespace

// [mc-centroids]
Tensor centroids(const ClassificationOptions& o, Index n_clusters,
                 RandomState& rng) {
  const Index d = o.n_informative;
  const auto bits = hypercube(n_clusters, d, rng);
  Tensor c = Tensor::from_shape({std::size_t(n_clusters), std::size_t(d)});
  for (Index k = 0; k < n_clusters; ++k) {
    for (Index j = 0; j < d; ++j) {
      c(k, j) = bits[k][j] * (2.0 * o.class_sep) - o.class_sep;
    }
  }
  if (!o.hypercube) {  // each cluster and each axis scaled at random
    const auto per_cluster = rng.random_sample(std::size_t(n_clusters));
    const auto per_axis = rng.random_sample(std::size_t(d));
    for (Index k = 0; k < n_clusters; ++k) {
      for (Index j = 0; j < d; ++j) {
        c(k, j) = c(k, j) * per_cluster[k] * per_axis[j];
      }
    }
  }
  return c;
}
// [mc-centroids]

}  // namespace detail

using detail::Index;

namespace {

std::string str(Index v) {
  return std::to_string(v);
}

}  // namespace

ClassificationOptions notebook_options() {
  ClassificationOptions o;
  o.n_samples = 1090;
  o.n_features = 10;
  o.n_informative = 10;
  o.n_redundant = 0;
  o.n_repeated = 0;
  o.n_classes = 2;
  o.n_clusters_per_class = 4;
  o.flip_y = 0.01;  // balanced classes: no weights in the notebook's call
  o.random_state = 123;
  return o;
}

std::vector<std::int64_t> sample_without_replacement(std::int64_t n_population,
                                                     std::int64_t n_samples,
                                                     RandomState& rng) {
  if (n_population < 0) {
    throw ValueError(
        "sample_without_replacement: n_population should be greater than 0, "
        "got " +
        str(n_population));
  }
  if (n_samples > n_population) {
    throw ValueError(
        "sample_without_replacement: n_population should be greater or "
        "equal than n_samples, got n_samples > n_population (" +
        str(n_samples) + " > " + str(n_population) + ")");
  }
  const double ratio = n_population != 0 ? static_cast<double>(n_samples) /
                                               static_cast<double>(n_population)
                                         : 1.0;
  std::vector<std::int64_t> out;
  if (ratio > 0.01 && ratio < 0.99) {  // shuffle everything, keep the head
    out = rng.permutation(n_population);
    out.resize(static_cast<std::size_t>(n_samples));
  } else if (ratio < 0.2) {  // few samples: redraw the rare repeats
    std::unordered_set<std::int64_t> chosen;
    for (Index i = 0; i < n_samples; ++i) {
      std::int64_t j = rng.randint(n_population);
      while (chosen.count(j)) j = rng.randint(n_population);
      chosen.insert(j);
      out.push_back(j);
    }
  } else {  // nearly everything: reservoir sampling
    for (Index i = 0; i < n_samples; ++i) out.push_back(i);
    for (Index i = n_samples; i < n_population; ++i) {
      const std::int64_t j = rng.randint(0, i + 1);
      if (j < n_samples) out[static_cast<std::size_t>(j)] = i;
    }
  }
  return out;
}

namespace {

// 2 * uniform(size=(rows, cols)) - 1, in row-major order.
Tensor uniform_matrix(Index rows, Index cols, RandomState& rng) {
  Tensor a = Tensor::from_shape({std::size_t(rows), std::size_t(cols)});
  for (double& v : a) v = 2.0 * rng.random_sample() - 1.0;
  return a;
}

// [mc-row-times]
// X[i, :k] @ A for a (k, m) matrix A, summed as the reference BLAS sums.
std::vector<double> row_times(const Tensor& X, Index i, const Tensor& A) {
  std::vector<double> out(A.shape(1));
  for (std::size_t j = 0; j < out.size(); ++j) {
    double acc = 0.0;
    for (std::size_t l = 0; l < A.shape(0); ++l) acc = acc + X(i, l) * A(l, j);
    out[j] = acc;
  }
  return out;
}
// [mc-row-times]

// [mc-informative]
void informative_features(Tensor& X, Index d, RandomState& rng) {
  for (std::size_t i = 0; i < X.shape(0); ++i) {
    for (Index j = 0; j < d; ++j) X(i, j) = rng.standard_normal();
  }
}

void clusters(Tensor& X, Labels& y, const Tensor& centroids,
              const std::vector<Index>& sizes, Index n_classes,
              RandomState& rng) {
  const auto n = static_cast<Index>(X.shape(0));
  const auto d = static_cast<Index>(centroids.shape(1));
  Index stop = 0;
  for (std::size_t k = 0; k < sizes.size(); ++k) {
    const Index start = stop;
    stop = std::min(n, stop + sizes[k]);
    const Tensor A = uniform_matrix(d, d, rng);  // even for an empty cluster
    for (Index i = start; i < stop; ++i) {
      y(i) = Index(k) % n_classes;
      const auto row = row_times(X, i, A);
      for (Index j = 0; j < d; ++j) X(i, j) = row[j] + centroids(k, j);
    }
  }
}
// [mc-informative]

// [mc-redundant-repeated]
void redundant_features(Tensor& X, Index d, Index r, RandomState& rng) {
  const Tensor B = uniform_matrix(d, r, rng);
  for (std::size_t i = 0; i < X.shape(0); ++i) {
    const auto row = row_times(X, Index(i), B);
    for (Index j = 0; j < r; ++j) X(i, d + j) = row[j];
  }
}

void repeated_features(Tensor& X, Index m, Index n_repeated, RandomState& rng) {
  const auto u = rng.random_sample(std::size_t(n_repeated));
  for (Index j = 0; j < n_repeated; ++j) {
    const auto source = Index(static_cast<double>(m - 1) * u[j] + 0.5);
    for (std::size_t i = 0; i < X.shape(0); ++i) X(i, m + j) = X(i, source);
  }
}

void useless_features(Tensor& X, Index n_useless, RandomState& rng) {
  const auto f = static_cast<Index>(X.shape(1));
  for (std::size_t i = 0; i < X.shape(0); ++i) {
    for (Index j = f - n_useless; j < f; ++j) X(i, j) = rng.standard_normal();
  }
}
// [mc-redundant-repeated]

// [mc-flip]
void flip_labels(Labels& y, double flip_y, Index n_classes, RandomState& rng) {
  if (!(flip_y >= 0.0)) return;  // a negative flip_y draws nothing
  const auto toss = rng.random_sample(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (toss[i] < flip_y) y(i) = rng.randint(n_classes);
  }
}
// [mc-flip]

// One value for every column, or one per column.
std::vector<double> per_column(const std::vector<double>& v, std::size_t f) {
  return v.size() == 1 ? std::vector<double>(f, v.front()) : v;
}

// [mc-shift-scale]
void shift_and_scale(Tensor& X, const ClassificationOptions& o,
                     RandomState& rng) {
  const std::size_t f = X.shape(1);
  auto shift = o.shift ? per_column(*o.shift, f) : rng.random_sample(f);
  if (!o.shift) {
    for (double& s : shift) s = (2.0 * s - 1.0) * o.class_sep;
  }
  auto scale = o.scale ? per_column(*o.scale, f) : rng.random_sample(f);
  if (!o.scale) {
    for (double& s : scale) s = 1.0 + 100.0 * s;
  }
  for (std::size_t i = 0; i < X.shape(0); ++i) {
    for (std::size_t j = 0; j < f; ++j) {
      X(i, j) = (X(i, j) + shift[j]) * scale[j];
    }
  }
}
// [mc-shift-scale]

// [mc-shuffle]
void shuffle_rows_and_columns(Tensor& X, Labels& y, RandomState& rng) {
  const auto rows = rng.permutation(static_cast<Index>(X.shape(0)));
  const auto cols = rng.permutation(static_cast<Index>(X.shape(1)));
  Tensor shuffled = Tensor::from_shape(X.shape());
  Labels labels = Labels::from_shape(y.shape());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j) {
      shuffled(i, j) = X(rows[i], cols[j]);
    }
    labels(i) = y(rows[i]);
  }
  X = std::move(shuffled);
  y = std::move(labels);
}
// [mc-shuffle]

}  // namespace

// [mc-plain]
Classification make_classification_plain(const ClassificationOptions& o,
                                         RandomState& rng) {
  detail::validate(o);
  const Index n = o.n_samples, f = o.n_features;
  const Index d = o.n_informative, r = o.n_redundant, m = d + r;
  const Index n_useless = f - m - o.n_repeated;
  const auto sizes = detail::cluster_sizes(o);
  Classification out{xt::zeros<double>({n, f}), xt::zeros<std::int64_t>({n})};
  // Steps 1-2: one centroid per cluster, on a vertex of the hypercube.
  const Tensor c = detail::centroids(o, Index(sizes.size()), rng);
  informative_features(out.X, d, rng);                         // step 3
  clusters(out.X, out.y, c, sizes, o.n_classes, rng);          // step 4
  if (r > 0) redundant_features(out.X, d, r, rng);             // step 5
  repeated_features(out.X, m, o.n_repeated, rng);              // step 6
  useless_features(out.X, n_useless, rng);                     // step 7
  flip_labels(out.y, o.flip_y, o.n_classes, rng);              // step 8
  shift_and_scale(out.X, o, rng);                              // steps 9-10
  if (o.shuffle) shuffle_rows_and_columns(out.X, out.y, rng);  // step 11
  // scikit-learn returns Inf or NaN where a double overflows; we refuse.
  detail::check_finite(out.X);
  return out;
}
// [mc-plain]

}  // namespace blocks::data
