// The tuned make_classification against the plain one, bit for bit: on
// every golden case, on the notebook's data set, on cases large enough to
// cross the tuned code's blocks of rows, and in the errors they throw.
#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "blocks/data/make_classification.hpp"
#include "blocks/error.hpp"
#include "ch05_classification_cases.hpp"
#include "ch05_goldens.hpp"

using blocks::data::ClassificationOptions;
using blocks::data::RandomState;
namespace g = ch05_goldens;

namespace {

// Both generators from one seed: the same X and y to the last bit, and the
// stream left at the same place (the next double and the next normal,
// which sees the cached one, agree).
void expect_same(const ClassificationOptions& o, std::int64_t seed,
                 const std::string& name) {
  SCOPED_TRACE(name);
  RandomState tuned_rng(seed), plain_rng(seed);
  const auto tuned = blocks::data::make_classification(o, tuned_rng);
  const auto plain = blocks::data::make_classification_plain(o, plain_rng);
  ASSERT_EQ(tuned.X.shape(), plain.X.shape());
  EXPECT_EQ(g::bits_differ(tuned.X, plain.X), 0u)
      << "of " << tuned.X.size() << " features differ";
  EXPECT_EQ(tuned.y, plain.y);
  EXPECT_EQ(tuned_rng.standard_normal(), plain_rng.standard_normal());
  EXPECT_EQ(tuned_rng.random_sample(), plain_rng.random_sample());
}

// The error message of a call, or "no error".
template <class F>
std::string message_of(F&& make) {
  try {
    make();
  } catch (const blocks::ValueError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST(MakeClassificationPlain, EqualsTunedOnEveryGoldenCase) {
  std::size_t cases = 0;
  for (const auto& line : g::lines("make_classification_cases.txt")) {
    const auto words = g::words(line);
    const auto o = g::parse_case(words);
    expect_same(o, *o.random_state, words[0]);
    ++cases;
  }
  EXPECT_EQ(cases, 22u);
}

TEST(MakeClassificationPlain, EqualsTunedOnTheNotebooksDataSet) {
  expect_same(blocks::data::notebook_options(), 123, "notebook");
}

// The tuned code works on blocks of 1024 rows and fetches rows 32 ahead in
// its shuffle: these cases cross several blocks, with every kind of column
// and every option that changes the draws.
TEST(MakeClassificationPlain, EqualsTunedAcrossBlocksOfRows) {
  ClassificationOptions o;
  o.n_samples = 3001;
  o.n_features = 14;
  o.n_informative = 5;
  o.n_redundant = 3;
  o.n_repeated = 2;  // 4 useless columns
  o.n_classes = 3;
  o.n_clusters_per_class = 3;
  expect_same(o, 1, "redundant, repeated, useless, 9 clusters");
  o.weights = {0.5, 0.1};
  o.flip_y = 0.2;
  expect_same(o, 2, "weights, flip_y 0.2");
  o.shift = std::nullopt;
  o.scale = std::nullopt;
  expect_same(o, 3, "shift and scale drawn");
  o.shift = std::vector<double>(14, -0.5);
  o.scale = std::vector<double>{3.0};
  o.hypercube = false;
  expect_same(o, 4, "shift per column, one scale, no hypercube");
  o.shuffle = false;
  o.flip_y = -1.0;
  expect_same(o, 5, "no shuffle, no flips");
  o.weights = {2.0, 0.9, 0.1};  // sizes past n_samples: clipped
  expect_same(o, 6, "weights above one");
  ClassificationOptions wide;
  wide.n_samples = 2100;
  wide.n_features = 40;
  wide.n_informative = 33;  // the hypercube's > 30 branch
  wide.n_redundant = 0;
  wide.class_sep = 0.25;
  expect_same(wide, 7, "33 informative features");
}

// One RandomState for two calls, as scikit-learn allows: the second data
// set continues the stream, in both versions alike.
TEST(MakeClassificationPlain, EqualsTunedOnASharedStream) {
  ClassificationOptions o;
  o.n_samples = 77;  // an odd count of normals leaves one cached
  o.n_features = 5;
  o.n_redundant = 0;
  RandomState tuned_rng(9), plain_rng(9);
  for (int call = 0; call < 2; ++call) {
    const auto tuned = blocks::data::make_classification(o, tuned_rng);
    const auto plain = blocks::data::make_classification_plain(o, plain_rng);
    EXPECT_EQ(g::bits_differ(tuned.X, plain.X), 0u) << "call " << call;
    EXPECT_EQ(tuned.y, plain.y) << "call " << call;
  }
}

// The same refusals, with the same words, naming the same value.
TEST(MakeClassificationPlain, ThrowsWhatTheTunedThrows) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<ClassificationOptions> cases(6);
  cases[0].n_features = 3;  // 2 + 2 + 0 > 3
  cases[1].weights = {-1.0, 2.0};
  cases[2].scale = std::vector<double>{inf};
  cases[3].shift = std::vector<double>{1e308};
  cases[3].scale = std::vector<double>{1e308};  // overflows on the way
  cases[4].class_sep = 1e308;
  cases[5].n_classes = 5;  // 10 clusters > 2**2 vertices
  for (const auto& o : cases) {
    RandomState tuned_rng(1), plain_rng(1);
    const auto tuned =
        message_of([&] { blocks::data::make_classification(o, tuned_rng); });
    EXPECT_NE(tuned, "no error");
    EXPECT_EQ(tuned, message_of([&] {
                blocks::data::make_classification_plain(o, plain_rng);
              }));
  }
}
