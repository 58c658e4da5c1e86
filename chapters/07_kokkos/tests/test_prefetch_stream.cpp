// PrefetchStream asks for each line of its range once, paced, and stops
// at the end (its last step may overshoot by less than one step).
#include <vector>

#include <gtest/gtest.h>

#include "blocks/device/prefetch_stream.hpp"

namespace {

using blocks::device::PrefetchStream;

TEST(PrefetchStream, CountsWholeAndPartLines) {
  const std::vector<char> bytes(1000);
  EXPECT_EQ(PrefetchStream(bytes.data(), 0).lines_left(), 0u);
  EXPECT_EQ(PrefetchStream(bytes.data(), 1).lines_left(), 1u);
  EXPECT_EQ(PrefetchStream(bytes.data(), 640).lines_left(), 10u);
  EXPECT_EQ(PrefetchStream(bytes.data(), 641).lines_left(), 11u);
}

TEST(PrefetchStream, StepsAskForThePacedLinesAndStopAtTheEnd) {
  const std::vector<char> bytes(640);
  PrefetchStream ahead(bytes.data(), bytes.size());
  ahead.pace(10, 4);  // 3 lines a step, rounded up
  for (std::size_t left : {7u, 4u, 1u, 0u, 0u}) {
    ahead.step();
    EXPECT_EQ(ahead.lines_left(), left);
  }
}

TEST(PrefetchStream, UnpacedStepsAskForNothing) {
  const std::vector<char> bytes(640);
  PrefetchStream ahead(bytes.data(), bytes.size());
  ahead.step();
  EXPECT_EQ(ahead.lines_left(), 10u);
  ahead.pace(4, 0);  // no steps to spread over: all at the next step
  ahead.step();
  EXPECT_EQ(ahead.lines_left(), 6u);
}

}  // namespace
