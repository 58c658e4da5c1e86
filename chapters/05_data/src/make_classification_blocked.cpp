// scikit-learn 1.2.1's make_classification (sklearn/datasets/_samples_
// generator.py), step by step in the same order of draws. The comments
// number the steps in the order scikit-learn runs them.
#include "blocks/data/make_classification.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <unordered_set>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::data {

namespace {

using Index = std::int64_t;

std::string str(Index v) {
  return std::to_string(v);
}

// B2.1: the weight of each class. None is balanced; n_classes - 1 weights
// get a last one, 1 - sum(weights), summed left to right as Python does.
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

// scikit-learn makes each weight w a cluster size int(n_samples * w /
// n_clusters_per_class) and slices X's rows with those sizes. Where that is
// well defined we match it bit for bit: weights summing above 1 give sizes past
// n_samples, which the slices simply clip. We refuse, with a clear error, what
// scikit-learn cannot do: NaN or Inf, and an n_samples * w that overflows to
// Inf (int() raises ValueError or OverflowError); and what it does wrong: a
// negative weight, whose negative size runs the slices backwards over other
// clusters' rows. A negative weight that int() makes an empty cluster is
// refused as well: it is a mistake in the weights.
void validate_weights(const ClassificationOptions& o) {
  const double n = static_cast<double>(o.n_samples);
  const auto given = o.weights.size();
  const auto weights = class_weights(o);
  for (std::size_t c = 0; c < given; ++c) {
    const double w = weights[c];
    const std::string name = "weights[" + std::to_string(c) + "]";
    if (!std::isfinite(w) || w < 0.0) {
      throw ValueError("make_classification: " + name +
                       " must be a finite number >= 0, got " +
                       full_precision(w));
    }
    if (!std::isfinite(n * w)) {
      throw ValueError("make_classification: n_samples * " + name + " = " +
                       str(o.n_samples) + " * " + full_precision(w) +
                       " overflows a double");
    }
  }
  if (weights.size() == given) return;
  // The completed weight, 1 - sum(weights). Weights meant to sum to 1 can
  // overshoot by the rounding of the sum (0.2, 0.4, 0.3, 0.1 leave
  // -2.2e-16): that is no mistake, and int() makes it an empty cluster,
  // as in scikit-learn, unless n_samples is beyond any memory.
  const double last = weights.back();
  const double rounding =
      static_cast<double>(given) * std::numeric_limits<double>::epsilon();
  if (last < -rounding ||
      n * last / static_cast<double>(o.n_clusters_per_class) <= -1.0) {
    throw ValueError(
        "make_classification: the weights sum to more than 1: "
        "the last class's weight, weights[" +
        std::to_string(given) +
        "] = 1 - sum(weights) = " + full_precision(last) + ", is negative");
  }
}

void validate(const ClassificationOptions& o) {
  for (auto [name, value] :
       {std::pair<const char*, Index>{"n_samples", o.n_samples},
        {"n_features", o.n_features},
        {"n_informative", o.n_informative},
        {"n_redundant", o.n_redundant},
        {"n_repeated", o.n_repeated}}) {
    if (value < 0) {
      throw ValueError(std::string("make_classification: ") + name +
                       " must be non-negative, got " + str(value));
    }
  }
  if (o.n_classes < 1 || o.n_clusters_per_class < 1) {
    throw ValueError(
        "make_classification: n_classes and "
        "n_clusters_per_class must be positive, got " +
        str(o.n_classes) + " and " + str(o.n_clusters_per_class));
  }
  if (o.n_informative + o.n_redundant + o.n_repeated > o.n_features) {
    throw ValueError(
        "make_classification: Number of informative, redundant and repeated "
        "features must sum to less than the number of total features (" +
        str(o.n_informative) + " + " + str(o.n_redundant) + " + " +
        str(o.n_repeated) + " > " + str(o.n_features) + ")");
  }
  const double clusters =
      static_cast<double>(o.n_classes) * o.n_clusters_per_class;
  if (static_cast<double>(o.n_informative) < std::log2(clusters)) {
    const std::string vertices =
        o.n_informative < 63 ? str(Index{1} << o.n_informative) : "2^many";
    throw ValueError("make_classification: n_classes(" + str(o.n_classes) +
                     ") * n_clusters_per_class(" + str(o.n_clusters_per_class) +
                     ") must be smaller or equal 2**n_informative(" +
                     str(o.n_informative) + ")=" + vertices);
  }
  const auto n_weights = static_cast<Index>(o.weights.size());
  if (n_weights != 0 && n_weights != o.n_classes &&
      n_weights != o.n_classes - 1) {
    throw ValueError(
        "make_classification: Weights specified but "
        "incompatible with number of classes (" +
        str(n_weights) + " weights, " + str(o.n_classes) + " classes).");
  }
  validate_weights(o);
  for (const auto& [name, values] :
       {std::pair<std::string, const std::optional<std::vector<double>>*>{
            "shift", &o.shift},
        {"scale", &o.scale}}) {
    if (!*values) continue;  // None: drawn, always finite
    const auto& v = **values;
    if (v.size() != 1 && static_cast<Index>(v.size()) != o.n_features) {
      throw ValueError(
          "make_classification: " + name + " has " + std::to_string(v.size()) +
          " values; expected 1 or n_features=" + str(o.n_features));
    }
    for (std::size_t j = 0; j < v.size(); ++j) {
      if (!std::isfinite(v[j])) {
        const auto which =
            v.size() == 1 ? name : name + "[" + std::to_string(j) + "]";
        throw ValueError("make_classification: " + which +
                         " must be finite, got " + full_precision(v[j]));
      }
    }
  }
  // scikit-learn 1.2.1 lets these through and returns NaN features or
  // labels flipped at random; we refuse them with an error instead.
  if (!std::isfinite(o.class_sep)) {
    throw ValueError("make_classification: class_sep must be finite, got " +
                     full_precision(o.class_sep));
  }
  // A negative flip_y flips nothing, as in scikit-learn (a golden uses it).
  if (!(o.flip_y <= 1.0)) {
    throw ValueError("make_classification: flip_y must be at most 1, got " +
                     full_precision(o.flip_y));
  }
}

// Step 1: the cluster centres are distinct vertices of a hypercube,
// one row of n_informative bits each, most significant bit first.
std::vector<std::vector<int>> hypercube(Index samples, Index dimensions,
                                        RandomState& rng) {
  std::vector<std::vector<int>> rows(static_cast<std::size_t>(samples));
  if (dimensions > 30) {
    for (auto& row : rows) {
      for (Index d = 0; d < dimensions - 30; ++d) {
        row.push_back(static_cast<int>(rng.randint(2)));
      }
    }
    auto rest = hypercube(samples, 30, rng);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      rows[i].insert(rows[i].end(), rest[i].begin(), rest[i].end());
    }
    return rows;
  }
  const auto codes =
      sample_without_replacement(Index{1} << dimensions, samples, rng);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (Index d = dimensions; d-- > 0;) {
      rows[i].push_back(static_cast<int>((codes[i] >> d) & 1));
    }
  }
  return rows;
}

// y = x A for the rows of one cluster, as the reference BLAS computes it:
// each output is a dot product summed left to right, every product and
// every sum rounded on its own (no FMA: -ffp-contract=off).
// [cluster-product]
void multiply_rows(double* x, Index rows, Index stride, const double* a,
                   Index k) {
  std::vector<double> out(static_cast<std::size_t>(k));
  for (Index i = 0; i < rows; ++i) {
    double* row = x + i * stride;
    for (Index j = 0; j < k; ++j) {
      double acc = 0.0;
      for (Index l = 0; l < k; ++l) acc = acc + row[l] * a[l * k + j];
      out[static_cast<std::size_t>(j)] = acc;
    }
    std::copy(out.begin(), out.end(), row);
  }
}
// [cluster-product]

// A large X spans tens of thousands of 4 KiB pages; the row shuffle then
// misses the TLB on nearly every row. Asking Linux for 2 MiB pages (where
// transparent huge pages are enabled on request) cuts both the page faults
// and those misses. Only a hint: the values are the same either way.
void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  if (last > first) {
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#else
  (void)data, (void)bytes;
#endif
}

// The error for a row of X (after shift and scale) that holds Inf or NaN.
[[noreturn]] void not_finite(const std::vector<double>& row, Index i) {
  const auto j = static_cast<std::size_t>(
      std::find_if(row.begin(), row.end(),
                   [](double v) { return !std::isfinite(v); }) -
      row.begin());
  throw ValueError("make_classification: feature X[" + str(i) + ", " +
                   std::to_string(j) + "] is " + full_precision(row[j]) +
                   ": class_sep, shift or scale overflow a double");
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

std::vector<std::int64_t> sample_without_replacement(Index n_population,
                                                     Index n_samples,
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

Classification make_classification(const ClassificationOptions& options) {
  // scikit-learn checks random_state first (check_random_state).
  std::int64_t seed;
  if (options.random_state) {
    seed = *options.random_state;
  } else {
    seed = static_cast<std::int64_t>(std::random_device{}());
  }
  RandomState rng(seed);
  return make_classification(options, rng);
}

Classification make_classification(const ClassificationOptions& o,
                                   RandomState& rng) {
  validate(o);
  const Index n = o.n_samples, f = o.n_features, inf = o.n_informative;
  const Index n_useless = f - inf - o.n_redundant - o.n_repeated;
  const Index n_clusters = o.n_classes * o.n_clusters_per_class;

  // Deterministic set-up, before any draw: weights, then rows per cluster.
  // validate_weights() left no NaN, Inf or negative size. A size of n or
  // more stands for any larger one: the slices clip at n, and nothing is
  // left over to hand out. So sizes and their sum stay at most n.
  const std::vector<double> weights = class_weights(o);
  std::vector<Index> sizes(static_cast<std::size_t>(n_clusters));
  Index total = 0;
  for (Index k = 0; k < n_clusters; ++k) {
    const double share = static_cast<double>(n) *
                         weights[static_cast<std::size_t>(k % o.n_classes)] /
                         static_cast<double>(o.n_clusters_per_class);
    const Index size =
        share < static_cast<double>(n) ? static_cast<Index>(share) : n;
    sizes[static_cast<std::size_t>(k)] = size;
    total = std::min(n, total + size);
  }
  for (Index i = 0; i < n - total; ++i) ++sizes[i % n_clusters];

  // Every column of X is written below, so we fill the result in place:
  // no zeroed scratch matrix and no copy at the end.
  Classification out;
  out.X = Tensor::from_shape(
      {static_cast<std::size_t>(n), static_cast<std::size_t>(f)});
  out.y = Labels::from_shape({static_cast<std::size_t>(n)});
  double* X = out.X.data();
  advise_huge_pages(X, static_cast<std::size_t>(n * f) * sizeof(double));
  std::int64_t* y = out.y.data();
  std::fill(y, y + n, std::int64_t{0});
  auto at = [&](Index i, Index j) -> double& { return X[i * f + j]; };

  // Steps 1-2: centroids at hypercube vertices, +-class_sep per axis.
  const auto bits = hypercube(n_clusters, inf, rng);
  std::vector<double> centroids(static_cast<std::size_t>(n_clusters * inf));
  const double two_sep = 2.0 * o.class_sep;
  for (Index k = 0; k < n_clusters; ++k) {
    for (Index j = 0; j < inf; ++j) {
      centroids[k * inf + j] = bits[k][j] * two_sep - o.class_sep;
    }
  }
  if (!o.hypercube) {
    const auto per_cluster = rng.random_sample(n_clusters);
    const auto per_axis = rng.random_sample(inf);
    for (Index k = 0; k < n_clusters; ++k) {
      for (Index j = 0; j < inf; ++j) {
        centroids[k * inf + j] *= per_cluster[k];
        centroids[k * inf + j] *= per_axis[j];
      }
    }
  }

  // Step 3: standard normal informative features, row by row.
  rng.standard_normal(X, static_cast<std::size_t>(n),
                      static_cast<std::size_t>(inf),
                      static_cast<std::size_t>(f));

  // Steps 4-6 only draw uniforms and step 7 only normals, so we make all
  // of steps 4-6's draws first, in scikit-learn's order, and then do the
  // arithmetic of steps 4-7 a block of rows at a time, while the block is
  // in cache. Every value sees the same operations in the same order.
  // Step 4 draws: a random covariance per cluster (even an empty one).
  struct Cluster {
    Index start, end;
    std::vector<double> A;
  };
  std::vector<Cluster> clusters(static_cast<std::size_t>(n_clusters));
  Index stop = 0;  // the clusters tile rows [0, n) in order
  for (Index k = 0; k < n_clusters; ++k) {
    Cluster& c = clusters[k];
    c.start = stop;
    stop = std::min(n, stop + sizes[k]);
    c.end = stop;
    c.A.resize(static_cast<std::size_t>(inf * inf));
    for (auto& a : c.A) a = 2.0 * rng.random_sample() - 1.0;
    for (Index i = c.start; i < c.end; ++i) y[i] = k % o.n_classes;
  }
  // Step 5 draws: the mixing matrix of the redundant features.
  const Index r = o.n_redundant;
  std::vector<double> B(static_cast<std::size_t>(inf * r));
  for (auto& b : B) b = 2.0 * rng.random_sample() - 1.0;
  // Step 6 draws: which earlier column each repeated feature copies.
  const Index m = inf + r;
  std::vector<Index> source;
  for (double u : rng.random_sample(o.n_repeated)) {
    source.push_back(static_cast<Index>((m - 1) * u + 0.5));
  }

  constexpr Index kBlock = 1024;
  Index first = 0;  // the first cluster not yet finished
  for (Index r0 = 0; r0 < n; r0 += kBlock) {
    const Index r1 = std::min(n, r0 + kBlock);
    // Step 4: X_k <- X_k A_k + centroid_k on this block's rows.
    for (Index k = first; k < n_clusters; ++k) {
      const Cluster& c = clusters[k];
      if (c.start >= r1) break;
      const Index lo = std::max(c.start, r0), hi = std::min(c.end, r1);
      if (lo >= hi) continue;
      multiply_rows(&at(lo, 0), hi - lo, f, c.A.data(), inf);
      for (Index i = lo; i < hi; ++i) {
        for (Index j = 0; j < inf; ++j) at(i, j) += centroids[k * inf + j];
      }
    }
    while (first < n_clusters && clusters[first].end <= r1) {
      ++first;
    }
    // Step 5: redundant features, linear combinations of informative ones.
    for (Index i = r0; i < r1; ++i) {
      for (Index j = 0; j < r; ++j) {
        double acc = 0.0;
        for (Index l = 0; l < inf; ++l) acc = acc + at(i, l) * B[l * r + j];
        at(i, inf + j) = acc;
      }
    }
    // Step 6: repeated features, copies of random earlier columns.
    for (Index i = r0; i < r1; ++i) {
      for (Index j = 0; j < o.n_repeated; ++j) at(i, m + j) = at(i, source[j]);
    }
    // Step 7: useless features, pure noise (same Gaussian stream).
    rng.standard_normal(
        &at(r0, f - n_useless), static_cast<std::size_t>(r1 - r0),
        static_cast<std::size_t>(n_useless), static_cast<std::size_t>(f));
  }

  // Step 8: flip a random fraction of the labels.
  if (o.flip_y >= 0.0) {
    std::vector<Index> flipped;
    for (Index i = 0; i < n; ++i) {
      if (rng.random_sample() < o.flip_y) flipped.push_back(i);
    }
    for (Index i : flipped) y[i] = rng.randint(o.n_classes);
  }

  // Steps 9-10: shift, then scale, per column.
  std::vector<double> shift, scale;
  if (o.shift) {
    shift = *o.shift;
  } else {
    for (double u : rng.random_sample(f)) {
      shift.push_back((2.0 * u - 1.0) * o.class_sep);
    }
  }
  if (o.scale) {
    scale = *o.scale;
  } else {
    for (double u : rng.random_sample(f)) scale.push_back(1.0 + 100.0 * u);
  }
  for (auto* values : {&shift, &scale}) {  // one value: the same per column
    if (values->size() == 1) {
      const double value = values->front();
      values->assign(static_cast<std::size_t>(f), value);
    }
  }

  // Step 11: shuffle the rows, then the columns, from the same stream.
  // All its draws come first: the swap partners of NumPy's shuffle of the
  // row indices, then the column order.
  std::vector<Index> partner(static_cast<std::size_t>(n));
  std::vector<Index> cols(static_cast<std::size_t>(f));
  for (Index i = 0; i < n; ++i) partner[i] = i;
  for (Index j = 0; j < f; ++j) cols[j] = j;
  if (o.shuffle) {
    for (Index i = n - 1; i > 0; --i) {
      partner[i] = static_cast<Index>(
          rng.random_interval(static_cast<std::uint64_t>(i)));
    }
    rng.shuffle(cols);
  }
  // Then one pass from the last row up. Swapping the rows of X as NumPy
  // swaps the entries of its index array gives X[indices] in place, and
  // row i is final once swapped: on its way it gets steps 9-10 (shift,
  // then scale) and the new column order (new column j = old cols[j]).
  constexpr Index kAhead = 32;  // rows in flight: hide the cache misses
  std::vector<double> row(static_cast<std::size_t>(f));
  for (Index i = n - 1; i >= 0; --i) {
    if (i >= kAhead && f > 0) {
      const double* ahead = &at(partner[i - kAhead], 0);
      for (Index j = 0; j < f; j += 8) __builtin_prefetch(ahead + j, 1);
      __builtin_prefetch(ahead + f - 1, 1);
    }
    const Index p = partner[i];
    double* x = &at(i, 0);
    const double* from = &at(p, 0);
    bool finite = true;
    for (Index j = 0; j < f; ++j) {
      const Index c = cols[j];
      row[j] = (from[c] + shift[c]) * scale[c];
      finite &= std::isfinite(row[j]);
    }
    // Finite parameters can still overflow a double on the way: a shift of
    // 1e308 scaled by 1e308, a class_sep of 1e308 (its centroids are
    // 2 * class_sep - class_sep). scikit-learn returns Inf and NaN there.
    if (!finite) not_finite(row, i);
    if (p != i) {
      std::copy(x, x + f, &at(p, 0));
      std::swap(y[i], y[p]);
    }
    std::copy(row.begin(), row.end(), x);
  }
  return out;
}

}  // namespace blocks::data
