// The block cache behind a Tensor's elements ("Making it fast"): which
// block serves which size, that a freed block is handed out again on the
// same thread (under AddressSanitizer, that each block has its exact size
// instead), and that tensors may still cross threads and outlive the
// thread that made them. Numbers never depend on it; every other test of
// the course runs on it.
#include <cstddef>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <xtensor/xbuilder.hpp>

#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/tensor.hpp"

#if BLOCKS_ADDRESS_SANITIZER
// The sanitizer's own record of a block's size (compiler-rt's
// allocator_interface.h, which GCC does not ship).
extern "C" std::size_t __sanitizer_get_allocated_size(const volatile void*);
#endif

using blocks::Tensor;
using blocks::detail::kBlocksKept;
using blocks::detail::size_class;

TEST(RecyclingAllocator, SizeClassesRoundUpToFivePowersOfTwo) {
  EXPECT_EQ(size_class(1), 64u);
  EXPECT_EQ(size_class(64), 64u);
  EXPECT_EQ(size_class(65), 128u);
  EXPECT_EQ(size_class(200), 256u);
  EXPECT_EQ(size_class(400), 512u) << "the notebook's batch, 5 x 10 doubles";
  EXPECT_EQ(size_class(1024), 1024u);
  EXPECT_EQ(size_class(1025), 0u) << "larger blocks go to operator new";
}

#if BLOCKS_ADDRESS_SANITIZER
// Nothing is kept, and no block is rounded up to its class: a write past a
// tensor's end must land outside its block, where the sanitizer sees it.
TEST(RecyclingAllocator, UnderAddressSanitizerEveryBlockHasItsExactSize) {
  ASSERT_EQ(kBlocksKept, 0u);
  Tensor batch = xt::ones<double>({5, 10});  // 400 bytes, not 512
  EXPECT_EQ(__sanitizer_get_allocated_size(batch.data()), 400u);
  Tensor loss(0.25);
  EXPECT_EQ(__sanitizer_get_allocated_size(loss.data()), sizeof(double));
}
#else
TEST(RecyclingAllocator, AFreedTensorsBlockServesTheNextOfItsClass) {
  const double* freed = nullptr;
  {
    Tensor batch = xt::ones<double>({5, 10});  // 400 bytes: the 512 class
    freed = batch.data();
  }
  Tensor next = xt::zeros<double>({4, 16});  // 512 bytes: the same class
  EXPECT_EQ(next.data(), freed);
  EXPECT_EQ(next(3, 15), 0.0);
}

TEST(RecyclingAllocator, AScalarsElementIsRecycledToo) {
  const double* freed = nullptr;
  {
    Tensor loss(0.25);  // one element, 8 bytes: a cache of its own
    freed = loss.data();
  }
  Tensor next(0.5);
  EXPECT_EQ(next.data(), freed);
  EXPECT_EQ(next(), 0.5);
}
#endif

TEST(RecyclingAllocator, TensorsCrossThreadsAndOutliveTheirThread) {
  // Made on a worker that then exits (its kept blocks go back to the
  // heap), read and freed here: the blocks join this thread's cache.
  // Leaks and double frees would show under the sanitizers and valgrind.
  std::vector<Tensor> made;
  std::thread worker([&made] {
    for (int i = 0; i < 3 * static_cast<int>(kBlocksKept) + 5; ++i) {
      Tensor scratch = xt::ones<double>({8});  // kept when freed
      made.push_back(xt::full_like(scratch, double(i)));
    }
  });
  worker.join();
  ASSERT_EQ(made.size(), 3 * kBlocksKept + 5);
  for (std::size_t i = 0; i < made.size(); ++i) {
    EXPECT_EQ(made[i](7), double(i));
  }
  made.clear();
  Tensor after = xt::ones<double>({8});
  EXPECT_EQ(after(0), 1.0);
}
