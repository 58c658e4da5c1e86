// make_classification against scikit-learn 1.2.1 on NumPy with the
// reference BLAS: every feature to the last bit, every label.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include <xtensor/xnpy.hpp>

#include "blocks/data/make_classification.hpp"
#include "blocks/error.hpp"
#include "ch05_classification_cases.hpp"
#include "ch05_goldens.hpp"

using blocks::data::ClassificationOptions;
using blocks::data::make_classification;
using blocks::data::make_classification_plain;
namespace g = ch05_goldens;
using ch05_goldens::bits_differ;
using ch05_goldens::parse_case;

class MakeClassificationGolden : public ::testing::TestWithParam<std::string> {
};

// [golden-test]
TEST_P(MakeClassificationGolden, BitExactWithScikitLearn) {
  for (const auto& line : g::lines("make_classification_cases.txt")) {
    const auto words = g::words(line);
    if (words[0] != GetParam()) continue;
    const auto options = parse_case(words);
    // The goldens are read with xtensor's own loader, not ours.
    const auto X = xt::load_npy<double>(g::path("mc_" + words[0] + "_X.npy"));
    const auto y =
        xt::load_npy<std::int64_t>(g::path("mc_" + words[0] + "_y.npy"));
    blocks::data::RandomState rng(*options.random_state);
    for (const auto& out : {make_classification(options),
                            make_classification_plain(options, rng)}) {
      ASSERT_EQ(out.X.shape(), X.shape());
      EXPECT_EQ(bits_differ(out.X, X), 0u) << "of " << X.size() << " differ";
      EXPECT_EQ(out.y, y);
    }
    return;
  }
  FAIL() << "no golden case " << GetParam();
}
// [golden-test]

INSTANTIATE_TEST_SUITE_P(
    Cases, MakeClassificationGolden,
    ::testing::Values("notebook", "notebook_weighted", "notebook_seed_max",
                      "defaults", "redundant_repeated", "one_redundant",
                      "weights_short", "weights_over_one", "three_classes",
                      "four_classes", "shift_scale_none", "shift_scale_vector",
                      "no_hypercube", "no_shuffle", "flip_03", "flip_negative",
                      "flip_zero", "permutation_path", "large_informative",
                      "one_informative", "one_row_clusters", "class_sep_half"));

TEST(MakeClassification, NotebookOptionsAreTheNotebooksCall) {
  const auto o = blocks::data::notebook_options();
  EXPECT_EQ(o.n_samples, 1090);
  EXPECT_EQ(o.n_features, 10);
  EXPECT_EQ(o.n_informative, 10);
  EXPECT_EQ(o.n_clusters_per_class, 4);
  EXPECT_EQ(o.random_state, 123);
}

// The messages are scikit-learn's (sklearn 1.2.1 _samples_generator.py).
TEST(MakeClassification, ValidationMatchesScikitLearn) {
  auto message_of = [](ClassificationOptions o) -> std::string {
    try {
      make_classification(o);
    } catch (const blocks::ValueError& e) {
      return e.what();
    }
    return "no error";
  };
  ClassificationOptions o;
  o.random_state = 0;
  o.n_features = 3;  // 2 informative + 2 redundant > 3
  EXPECT_NE(message_of(o).find("Number of informative, redundant and repeated"
                               " features must sum to less than"),
            std::string::npos);
  o = {};
  o.random_state = 0;
  o.n_classes = 3;  // 3 * 2 clusters > 2**2 vertices
  EXPECT_NE(message_of(o).find("n_classes(3) * n_clusters_per_class(2) must "
                               "be smaller or equal 2**n_informative(2)=4"),
            std::string::npos);
  o = {};
  o.random_state = 0;
  o.weights = {0.2, 0.3, 0.5};
  EXPECT_NE(message_of(o).find("Weights specified but incompatible with "
                               "number of classes"),
            std::string::npos);
  o = {};
  o.random_state = std::int64_t{1} << 32;
  EXPECT_NE(message_of(o).find("Seed must be between 0 and 2**32 - 1"),
            std::string::npos);
  o = {};
  o.random_state = 0;
  o.shift = std::vector<double>{1.0, 2.0};
  EXPECT_NE(message_of(o).find("shift has 2 values"), std::string::npos);
  o = {};
  o.n_samples = -1;
  EXPECT_NE(message_of(o).find("n_samples must be non-negative"),
            std::string::npos);
}

TEST(MakeClassification, EqualityOfFeatureCountsIsAllowed) {
  ClassificationOptions o;
  o.random_state = 1;
  o.n_features = 4;  // 2 informative + 2 redundant == 4
  EXPECT_NO_THROW(make_classification(o));
}

TEST(MakeClassification, NoSamplesGivesEmptyArrays) {
  ClassificationOptions o;
  o.random_state = 1;
  o.n_samples = 0;
  const auto out = make_classification(o);
  EXPECT_EQ(out.X.shape(0), 0u);
  EXPECT_EQ(out.X.shape(1), 20u);
  EXPECT_EQ(out.y.size(), 0u);
}

TEST(MakeClassification, SharedRandomStateContinuesTheStream) {
  // Passing a RandomState is like passing random_state=<RandomState>: two
  // calls consume one stream, so the second data set differs.
  blocks::data::RandomState rng(5);
  ClassificationOptions o;
  const auto a = make_classification(o, rng);
  const auto b = make_classification(o, rng);
  EXPECT_NE(a.X, b.X);
  blocks::data::RandomState again(5);
  EXPECT_EQ(make_classification(o, again).X, a.X);
}

// Weights that scikit-learn cannot turn into cluster sizes (int() of NaN or
// Inf raises there) or turns into negative ones (its slices then run
// backwards) are refused, naming the weight; they used to write out of
// bounds.
TEST(MakeClassification, WeightsWithoutClusterSizesAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<std::pair<std::vector<double>, std::string>> cases = {
      {{nan, 0.5}, "weights[0] must be a finite number >= 0, got nan"},
      {{0.5, inf}, "weights[1] must be a finite number >= 0, got inf"},
      {{-1.0, 2.0}, "weights[0] must be a finite number >= 0, got -1"},
      {{5.0}, "weights[1] = 1 - sum(weights) = -4, is negative"},
      {{1.001}, "weights[1] = 1 - sum(weights) = -0.0009"},
      {{1e308, 0.5}, "n_samples * weights[0] = 100 * 1e+308 overflows"},
  };
  for (const auto& [weights, words] : cases) {
    ClassificationOptions o;
    o.random_state = 1;
    o.weights = weights;
    try {
      make_classification(o);
      ADD_FAILURE() << "no error for weights "
                    << ::testing::PrintToString(weights);
    } catch (const blocks::ValueError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos)
          << e.what();
    }
  }
}

// Weights far above 1 are well defined in scikit-learn: the cluster sizes
// int(n_samples * w / n_clusters_per_class) pass n_samples and the slices
// clip them. So 1e300 and 2 give the same rows; scikit-learn 1.2.1 says
// np.bincount(make_classification(n_features=4, weights=[1e300, 1],
// random_state=7)[1]) == [97, 3] (the 3 are flipped labels).
TEST(MakeClassification, WeightsFarAboveOneAreClippedAsInScikitLearn) {
  ClassificationOptions o;
  o.n_features = 4;
  o.random_state = 7;
  o.weights = {1e300, 1.0};
  const auto huge = make_classification(o);
  o.weights = {2.0, 1.0};
  const auto two = make_classification(o);
  EXPECT_EQ(huge.X, two.X);
  EXPECT_EQ(huge.y, two.y);
  EXPECT_EQ(std::count(huge.y.begin(), huge.y.end(), 1), 3);
}

// Weights meant to sum to 1 can leave a completed last weight of -2.2e-16
// (Python's 1 - (0.2 + 0.4 + 0.3 + 0.1)): a rounding error, an empty
// class in scikit-learn 1.2.1 (bincount [199, 400, 297, 104, 0] for
// n_samples=1000, n_features=6, n_informative=4, n_redundant=0,
// n_classes=5, n_clusters_per_class=2, random_state=7), not an error.
TEST(MakeClassification, CompletedWeightOffByRoundingIsAnEmptyClass) {
  ClassificationOptions o;
  o.n_samples = 1000;
  o.n_features = 6;
  o.n_informative = 4;
  o.n_redundant = 0;
  o.n_classes = 5;
  o.random_state = 7;
  o.weights = {0.2, 0.4, 0.3, 0.1};
  const auto out = make_classification(o);
  const std::vector<std::int64_t> expected = {199, 400, 297, 104, 0};
  for (std::int64_t c = 0; c < 5; ++c) {
    EXPECT_EQ(std::count(out.y.begin(), out.y.end(), c), expected[c])
        << "class " << c;
  }
}

// scikit-learn 1.2.1 returns NaN or Inf features for these; we refuse
// them: a shift or scale that is not finite, and finite ones (or a
// class_sep) whose features overflow a double.
TEST(MakeClassification, FeaturesThatAreNotFiniteAreRefused) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  using Values = std::optional<std::vector<double>>;
  struct Case {
    Values shift, scale;
    double class_sep;
    std::string words;
  };
  const std::vector<Case> cases = {
      {Values{{nan}}, Values{{1.0}}, 1.0, "shift must be finite, got nan"},
      {Values{{0.0}}, Values{{inf}}, 1.0, "scale must be finite, got inf"},
      {Values{{0.0, 0.0, -inf, 0.0}}, Values{{1.0}}, 1.0,
       "shift[2] must be finite, got -inf"},
      {Values{{1e308}}, Values{{1e308}}, 1.0, "overflow a double"},
      {Values{{0.0}}, Values{{1.0}}, 1e308, "overflow a double"},
  };
  for (const auto& c : cases) {
    ClassificationOptions o;
    o.n_features = 4;
    o.random_state = 1;
    o.shift = c.shift;
    o.scale = c.scale;
    o.class_sep = c.class_sep;
    try {
      make_classification(o);
      ADD_FAILURE() << "no error for " << c.words;
    } catch (const blocks::ValueError& e) {
      EXPECT_NE(std::string(e.what()).find(c.words), std::string::npos)
          << e.what();
    }
  }
}
