// spare_gradients(): the vectors a backward returns its gradients in, kept
// per thread after the engine gives them back. A vector taken is always
// all std::nullopt, whatever it held; only small ones are kept.
#include <optional>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/detail/spare_gradients.hpp"

using blocks::Tensor;
using blocks::autograd::detail::give_back_gradients;
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
  const auto grads = spare_gradients(3);
  EXPECT_EQ(grads.size(), 3u);
  EXPECT_TRUE(all_empty(grads));
}

TEST(SpareGradients, ComeBackEmptyInTheStorageGivenBack) {
  auto grads = spare_gradients(3);
  grads[0].emplace(Tensor{1.0, 2.0});
  grads[2].emplace(Tensor{3.0});
  const void* storage = grads.data();
  give_back_gradients(std::move(grads));
  auto again = spare_gradients(2);  // fewer than it held
  EXPECT_EQ(static_cast<const void*>(again.data()), storage);
  EXPECT_EQ(again.size(), 2u);
  EXPECT_TRUE(all_empty(again));
  give_back_gradients(std::move(again));
  auto more = spare_gradients(5);  // more than it held: still all empty
  EXPECT_EQ(more.size(), 5u);
  EXPECT_TRUE(all_empty(more));
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
