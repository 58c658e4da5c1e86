// The fingerprint of a split: its shapes, then its numbers' bytes.
#include "blocks/data/split_checksum.hpp"

#include "blocks/checksum.hpp"

namespace blocks::data {

namespace {

std::uint64_t tensor_checksum(const Tensor& t, std::uint64_t hash) {
  for (const std::size_t extent : t.shape()) {
    hash = checksum_bytes(&extent, sizeof extent, hash);
  }
  return checksum_bytes(t.data(), t.size() * sizeof(double), hash);
}

}  // namespace

std::uint64_t checksum(const Split& split, std::uint64_t hash) {
  return tensor_checksum(split.labels, tensor_checksum(split.features, hash));
}

}  // namespace blocks::data
