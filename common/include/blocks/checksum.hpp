#pragma once
/// \file
/// \brief FNV-1a, a 64-bit fingerprint of bytes: the same bytes give the
/// same number on every machine and every rank. Cheap, and not meant to
/// resist someone who forges data on purpose; it catches a file, a flag
/// or a data folder that differs by mistake.

#include <cstddef>
#include <cstdint>
#include <string>

namespace blocks {

/// \brief FNV-1a's starting value: the checksum of no bytes.
inline constexpr std::uint64_t kChecksumStart = 14695981039346656037ull;

/// \brief The checksum of `count` bytes at `bytes`, continuing from
/// `hash` (the checksum of what came before them).
inline std::uint64_t checksum_bytes(const void* bytes, std::size_t count,
                                    std::uint64_t hash = kChecksumStart) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (std::size_t i = 0; i < count; ++i)
    hash = (hash ^ p[i]) * 1099511628211ull;
  return hash;
}

/// \brief The checksum of a text's bytes.
inline std::uint64_t checksum_text(const std::string& text,
                                   std::uint64_t hash = kChecksumStart) {
  return checksum_bytes(text.data(), text.size(), hash);
}

}  // namespace blocks
