#pragma once
/// \file
/// \brief PrefetchStream: asks the memory for a range of bytes a few cache
/// lines at a time, so that loading goes on while the core computes.

#include <cstddef>
#include <cstdint>

namespace blocks::device {

// [prefetch-stream]
/// \brief The cache lines of `[begin, begin + bytes)`, asked for in order,
/// a few per call of step(). A kernel that computes in bursts paces the
/// requests over its loops with pace(), so the memory always has a few
/// lines in flight; asking for a whole block at once would fill the
/// core's few miss buffers and then leave the memory idle again.
class PrefetchStream {
 public:
  /// \brief Bytes per cache line on the CPUs we target.
  static constexpr std::size_t kLine = 64;

  /// \brief A stream over `bytes` bytes from `begin` (none when 0).
  PrefetchStream(const void* begin, std::size_t bytes)
      : next_(reinterpret_cast<std::uintptr_t>(begin)), end_(next_ + bytes) {}

  /// \brief The lines not asked for yet.
  std::size_t lines_left() const {
    return next_ < end_ ? (end_ - next_ + kLine - 1) / kLine : 0;
  }

  /// \brief Spreads the next `lines` lines over `steps` calls of step().
  void pace(std::size_t lines, std::size_t steps) {
    per_step_ = steps > 0 ? (lines + steps - 1) / steps : lines;
  }

  /// \brief Asks for the next few lines, as paced. One test a step, not
  /// one a line: the last step may ask for up to `per_step - 1` lines past
  /// the end, which costs nothing (a prefetch never faults; the address is
  /// computed as an integer, so no pointer leaves its array).
  void step() {
    if (next_ >= end_) return;
    for (std::size_t k = 0; k < per_step_; ++k) {
      __builtin_prefetch(reinterpret_cast<const void*>(next_ + k * kLine));
    }
    next_ += per_step_ * kLine;
  }

 private:
  std::uintptr_t next_;  ///< the first line not asked for yet
  std::uintptr_t end_;   ///< one past the range
  std::size_t per_step_ = 0;
};
// [prefetch-stream]

}  // namespace blocks::device
