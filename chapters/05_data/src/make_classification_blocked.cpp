// make_classification, tuned: the same draws and the same arithmetic as
// the plain version (make_classification_plain.cpp, which the tests check
// equal to this one bit for bit), in fewer passes over X. The chapter's
// "Making it fast" tells each change and what it bought. The comments
// number the steps in the order scikit-learn runs them.
#include <algorithm>
#include <cmath>
#include <random>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "blocks/data/make_classification.hpp"
#include "make_classification_steps.hpp"

namespace blocks::data {

namespace {

using detail::Index;

// y = x A for the rows of one cluster, as the reference BLAS computes it:
// each output is a dot product summed left to right, every product and
// every sum rounded on its own (no FMA: -ffp-contract=off).
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

}  // namespace

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
  detail::validate(o);
  const Index n = o.n_samples, f = o.n_features, inf = o.n_informative;
  const Index n_useless = f - inf - o.n_redundant - o.n_repeated;
  const Index n_clusters = o.n_classes * o.n_clusters_per_class;
  const std::vector<Index> sizes = detail::cluster_sizes(o);

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
  const Tensor centroids = detail::centroids(o, n_clusters, rng);

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
        for (Index j = 0; j < inf; ++j) at(i, j) += centroids(k, j);
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
    if (!finite) detail::not_finite(row.data(), f, i);
    if (p != i) {
      std::copy(x, x + f, &at(p, 0));
      std::swap(y[i], y[p]);
    }
    std::copy(row.begin(), row.end(), x);
  }
  return out;
}

}  // namespace blocks::data
