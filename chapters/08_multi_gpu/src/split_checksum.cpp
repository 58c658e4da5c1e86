// The fingerprint of a split that the ranks compare at start.
#include "blocks/dist/ddp.hpp"

namespace blocks::dist {

std::uint64_t split_checksum(const data::Split& split) {
  const std::uint64_t h =
      checksum(split.features.data(), split.features.size());
  return checksum(split.labels.data(), split.labels.size(), h);
}

}  // namespace blocks::dist
