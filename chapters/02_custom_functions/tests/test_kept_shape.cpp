// KeptShape, the shape a graph node keeps of each argument and result:
// it must give back every extent of the shape it was made from, of any
// rank, inline (four or fewer) or not, and tell "no shape" apart from the
// shape of a scalar.
#include <cstddef>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/detail/kept_shape.hpp"
#include "blocks/detail/same_shape.hpp"

using blocks::Shape;
using blocks::autograd::detail::KeptShape;

TEST(KeptShape, GivesBackEveryExtentOfEveryRank) {
  const std::vector<Shape> shapes = {Shape{},
                                     Shape{0},
                                     Shape{7},
                                     Shape{5, 1},
                                     Shape{1, 10},
                                     Shape{2, 0, 3},
                                     Shape{2, 3, 4, 5},
                                     Shape{2, 3, 4, 5, 6},
                                     Shape{1, 1, 1, 1, 1, 9, 2}};
  for (const Shape& shape : shapes) {
    const KeptShape kept(shape);
    EXPECT_TRUE(kept.has_value());
    ASSERT_EQ(kept.size(), shape.size());
    for (std::size_t i = 0; i < shape.size(); ++i) {
      EXPECT_EQ(kept[i], shape[i]) << "extent " << i;
    }
    EXPECT_EQ(kept.shape(), shape);
    EXPECT_TRUE(blocks::detail::same_shape(shape, kept));
  }
}

TEST(KeptShape, NoShapeIsNotTheShapeOfAScalar) {
  const KeptShape none;
  EXPECT_FALSE(none.has_value());
  EXPECT_EQ(none.size(), 0u);
  const KeptShape scalar{Shape{}};
  EXPECT_TRUE(scalar.has_value());
  EXPECT_EQ(scalar.shape(), Shape{});
}

TEST(KeptShape, CopiesAreIndependentOfTheirSource) {
  Shape shape{3, 4, 5, 6, 7};
  const KeptShape large(shape);
  KeptShape copy = large;
  shape[0] = 99;
  EXPECT_EQ(copy.shape(), (Shape{3, 4, 5, 6, 7}));
  copy = KeptShape(Shape{2});
  EXPECT_EQ(copy.shape(), Shape{2});
  EXPECT_EQ(large.shape(), (Shape{3, 4, 5, 6, 7}));
  EXPECT_FALSE(blocks::detail::same_shape(Shape{3, 4}, large));
}
