// SpareLease, the per-thread spares behind the engine's scratch vectors: a
// lease gets back what an earlier one with its key gave back, never what
// a live lease holds, and nothing that tidy() refused.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "../src/thread_spares.hpp"

namespace {

// Keeps a vector unless it grew past 100 elements.
bool keep_small(std::vector<int>& v) {
  return v.size() <= 100;
}
using Lease =
    blocks::autograd::detail::SpareLease<std::vector<int>, keep_small>;

const int kLinear = 0, kSigmoid = 0;  // two keys: their addresses differ

}  // namespace

TEST(SpareLease, EachKeyGetsBackWhatItGaveBack) {
  std::thread([] {
    const std::vector<int>* linear_spare = nullptr;
    const std::vector<int>* sigmoid_spare = nullptr;
    {
      Lease lease(&kLinear);
      (*lease).assign({5, 1});
      linear_spare = &*lease;
    }
    {
      Lease lease(&kSigmoid);  // not the linear one's
      EXPECT_NE(&*lease, linear_spare);
      EXPECT_TRUE((*lease).empty());
      (*lease).assign({7});
      sigmoid_spare = &*lease;
    }
    for (int round = 0; round < 3; ++round) {  // alternating, as a walk does
      {
        Lease lease(&kLinear);
        EXPECT_EQ(&*lease, linear_spare);
        EXPECT_EQ(*lease, (std::vector<int>{5, 1}));
      }
      {
        Lease lease(&kSigmoid);
        EXPECT_EQ(&*lease, sigmoid_spare);
        EXPECT_EQ(*lease, (std::vector<int>{7}));
      }
    }
  }).join();
}

TEST(SpareLease, ALiveLeaseIsNeverSharedAndRefusedSparesAreNotKept) {
  std::thread([] {
    Lease outer(&kLinear);
    Lease inner(&kLinear);  // a backward inside a backward
    EXPECT_NE(&*outer, &*inner);
    Lease unkeyed;
    EXPECT_NE(&*unkeyed, &*outer);
    EXPECT_NE(&*unkeyed, &*inner);
  }).join();
  std::thread([] {
    {
      Lease lease;
      (*lease).resize(1000);  // tidy() refuses it: freed, not kept
    }
    Lease next;
    EXPECT_TRUE((*next).empty());
  }).join();
}
