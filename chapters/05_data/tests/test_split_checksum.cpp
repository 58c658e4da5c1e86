// A split's checksum: equal for equal splits, different when one number,
// one label or only the shape differs; and FNV-1a's published values.
#include <gtest/gtest.h>

#include <string>

#include "blocks/checksum.hpp"
#include "blocks/data/split_checksum.hpp"

namespace {

using blocks::Tensor;
using blocks::data::Split;

Split small_split() {
  Split s{Tensor::from_shape({3, 2}), Tensor({3, 1}, 0.0)};
  for (std::size_t i = 0; i < s.features.size(); ++i) {
    s.features.flat(i) = 0.5 * static_cast<double>(i);
  }
  s.labels.flat(1) = 1.0;
  return s;
}

TEST(Checksum, FnvOneAOfKnownTexts) {
  // FNV-1a 64's test vectors (Fowler, Noll, Vo).
  EXPECT_EQ(blocks::checksum_text(""), 0xcbf29ce484222325u);
  EXPECT_EQ(blocks::checksum_text("a"), 0xaf63dc4c8601ec8cu);
  EXPECT_EQ(blocks::checksum_text("foobar"), 0x85944171f73967e8u);
  // Continuing from a text's checksum is checksumming the joined text.
  EXPECT_EQ(blocks::checksum_text("bar", blocks::checksum_text("foo")),
            blocks::checksum_text("foobar"));
}

TEST(Checksum, SplitsDifferInAnyNumberOrShape) {
  const Split s = small_split();
  const std::uint64_t h = blocks::data::checksum(s);
  EXPECT_EQ(blocks::data::checksum(small_split()), h);
  Split feature = small_split();
  feature.features.flat(4) = 2.0000000000000004;  // one bit
  EXPECT_NE(blocks::data::checksum(feature), h);
  Split label = small_split();
  label.labels.flat(2) = 1.0;
  EXPECT_NE(blocks::data::checksum(label), h);
  Split reshaped = small_split();  // the same bytes, (2, 3) features
  reshaped.features.reshape({2, 3});
  EXPECT_NE(blocks::data::checksum(reshaped), h);
  // Continuing from another split's checksum is not starting afresh.
  EXPECT_NE(blocks::data::checksum(s, blocks::data::checksum(s)), h);
}

}  // namespace
