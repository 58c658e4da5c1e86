// The checks of make_classification's parameters, shared by the plain and
// the tuned generator: scikit-learn 1.2.1's, with its messages, and ours
// for what it would turn into nonsense.
#include <cmath>
#include <limits>
#include <string>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "make_classification_steps.hpp"

namespace blocks::data::detail {

namespace {

std::string str(Index v) {
  return std::to_string(v);
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

}  // namespace

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
  // scikit-learn 1.2.1 fails on n_informative=0 with a broadcast error
  // (its hypercube then has 32 columns); 1.3 states the range.
  if (o.n_informative < 1) {
    throw ValueError(
        "make_classification: The 'n_informative' parameter must be an int "
        "in the range [1, inf), got " +
        str(o.n_informative));
  }
  // The sum compared piece by piece: added up, counts near 2^63 wrap
  // around to a small number and pass (Python's integers do not wrap).
  const bool too_many =
      o.n_informative > o.n_features ||
      o.n_redundant > o.n_features - o.n_informative ||
      o.n_repeated > o.n_features - o.n_informative - o.n_redundant;
  if (too_many) {
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

void not_finite(const double* row, Index n_features, Index i) {
  Index j = 0;
  while (j < n_features && std::isfinite(row[j])) ++j;
  throw ValueError("make_classification: feature X[" + str(i) + ", " + str(j) +
                   "] is " + full_precision(row[j]) +
                   ": class_sep, shift or scale overflow a double");
}

void check_finite(const Tensor& X) {
  const auto n = static_cast<Index>(X.shape(0));
  const auto f = static_cast<Index>(X.shape(1));
  for (Index i = n - 1; i >= 0; --i) {
    const double* row = X.data() + i * f;
    for (Index j = 0; j < f; ++j) {
      if (!std::isfinite(row[j])) not_finite(row, f, i);
    }
  }
}

}  // namespace blocks::data::detail

namespace blocks::data {

void check_options(const ClassificationOptions& options) {
  detail::validate(options);
}

}  // namespace blocks::data
