// spare_gradients(): the vectors a backward returns its gradients in, kept
// per thread after the engine gives them back, with their small tensors,
// which gradient_in() hands out again for a gradient of the same shape.
// Only small vectors, and small tensors, are kept.
#include <optional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/detail/spare_gradients.hpp"

using blocks::Shape;
using blocks::Tensor;
using blocks::autograd::detail::give_back_gradients;
using blocks::autograd::detail::gradient_in;
using blocks::autograd::detail::spare_gradients;

namespace {

bool all_empty(const std::vector<std::optional<Tensor>>& grads) {
  for (const auto& g : grads) {
    if (g.has_value()) return false;
  }
  return true;
}

}  // namespace

TEST(SpareGradients, AreEmptyWhenNew) {
  std::thread([] {  // a thread with nothing given back yet
    const auto grads = spare_gradients(3);
    EXPECT_EQ(grads.size(), 3u);
    EXPECT_TRUE(all_empty(grads));
  })
      .join();
}

// A vector comes back with its small tensors, which gradient_in() hands
// out again for a gradient of the same shape: no new tensor is built.
TEST(SpareGradients, KeepTheirSmallTensorsForTheNextBackward) {
  std::thread([] {
    auto grads = spare_gradients(3);
    Tensor& first = gradient_in(grads[0], {2, 3});
    const double* first_elements = first.data();
    grads[2].emplace(Tensor{3.0});
    const void* storage = grads.data();
    give_back_gradients(std::move(grads));

    auto again = spare_gradients(2);  // fewer entries than it held
    EXPECT_EQ(static_cast<const void*>(again.data()), storage);
    ASSERT_EQ(again.size(), 2u);
    ASSERT_TRUE(again[0].has_value());
    EXPECT_FALSE(again[1].has_value());
    Tensor& reused = gradient_in(again[0], {2, 3});
    EXPECT_EQ(reused.data(), first_elements);  // the same tensor
    EXPECT_EQ(reused.shape(), (Shape{2, 3}));
    Tensor& built = gradient_in(again[1], Shape{4});
    EXPECT_EQ(built.shape(), Shape{4});
    EXPECT_EQ(built.size(), 4u);
  }).join();
}

// A kept tensor of another shape, or one whose elements were moved away
// (as a leaf's first gradient is), is replaced by a whole new one.
TEST(SpareGradients, GradientInBuildsANewTensorForAnotherShape) {
  std::optional<Tensor> slot;
  EXPECT_EQ(gradient_in(slot, {5, 1}).shape(), (Shape{5, 1}));
  EXPECT_EQ(gradient_in(slot, {1, 5}).shape(), (Shape{1, 5}));
  EXPECT_EQ(gradient_in(slot, {5}).shape(), Shape{5});
  EXPECT_EQ(gradient_in(slot, Shape{}).shape(), Shape{});
  EXPECT_EQ(slot->size(), 1u);
  Tensor taken = std::move(*slot);  // leaves an empty shell in the slot
  Tensor& rebuilt = gradient_in(slot, Shape{});
  EXPECT_EQ(rebuilt.size(), 1u);
  EXPECT_EQ(rebuilt.storage().size(), 1u);
  EXPECT_TRUE(blocks::autograd::detail::holds_extents(taken, Shape{}));
}

// Tensors of more than a thousand elements together are freed, not kept;
// the vector itself is kept.
TEST(SpareGradients, LargeTensorsAreFreedNotKept) {
  std::thread([] {
    auto grads = spare_gradients(2);
    gradient_in(grads[0], {2000});
    give_back_gradients(std::move(grads));
    EXPECT_TRUE(all_empty(spare_gradients(2)));
  }).join();
}

// A store full of vectors no one took back (a taught Function's) still
// keeps the last one given: the oldest makes room.
TEST(SpareGradients, AFullStoreKeepsTheLastVectorGiven) {
  std::thread([] {
    for (int i = 0; i < 40; ++i) {
      give_back_gradients(std::vector<std::optional<Tensor>>(2));
    }
    auto mine = spare_gradients(2);
    gradient_in(mine[0], {5, 1});
    const double* elements = mine[0]->data();
    give_back_gradients(std::vector<std::optional<Tensor>>(2));  // full
    give_back_gradients(std::move(mine));
    auto again = spare_gradients(2);
    ASSERT_TRUE(again[0].has_value());
    EXPECT_EQ(again[0]->data(), elements);
  }).join();
}

TEST(SpareGradients, ALargeVectorIsFreedNotKept) {
  std::vector<std::optional<Tensor>> large(100);
  give_back_gradients(std::move(large));
  EXPECT_LE(spare_gradients(1).capacity(), 16u);
}

TEST(SpareGradients, EachThreadHasItsOwn) {
  auto grads = spare_gradients(4);
  const void* storage = grads.data();
  give_back_gradients(std::move(grads));
  const void* other_thread = nullptr;
  std::thread([&] {
    auto theirs = spare_gradients(4);
    other_thread = theirs.data();
    EXPECT_TRUE(all_empty(theirs));
  }).join();
  EXPECT_NE(other_thread, storage);
  EXPECT_EQ(static_cast<const void*>(spare_gradients(4).data()), storage);
}
