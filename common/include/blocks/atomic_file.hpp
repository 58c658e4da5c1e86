#pragma once
/// \file
/// \brief Writing a file atomically: into a temporary file in the same
/// folder, then renamed over the target, so an interrupted run never leaves
/// a half-written file behind.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <system_error>

#include <unistd.h>

#include "blocks/error.hpp"

namespace blocks {

/// \brief Writes `path` with `write(stream)` atomically: the bytes go to a
/// temporary file next to `path` (a rename is only atomic within one file
/// system), which replaces `path` once it is complete and flushed.
/// \param path   the file to create or replace; its folder must exist
/// \param write  writes the content into the binary stream it is given
/// \throws IOError naming the file when it cannot be written or renamed;
///         the temporary file is removed and `path` is left as it was.
inline void write_file_atomically(
    const std::string& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  static std::atomic<unsigned> counter{0};
  const fs::path target(path);
  // Unique per process and call, so parallel writers never share a file.
  const fs::path temp =
      target.parent_path() /
      ("." + target.filename().string() + ".tmp." + std::to_string(getpid()) +
       "." + std::to_string(counter++));
  std::error_code ignored;
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw IOError("cannot write " + path + ": cannot create " +
                    temp.string());
    }
    try {
      write(out);
    } catch (...) {
      out.close();
      fs::remove(temp, ignored);
      throw;
    }
    out.flush();
    if (!out) {
      out.close();
      fs::remove(temp, ignored);
      throw IOError("cannot write " + path + ": write failed (disk full?)");
    }
  }
  std::error_code error;
  fs::rename(temp, target, error);
  if (error) {
    fs::remove(temp, ignored);
    throw IOError("cannot write " + path + ": " + error.message());
  }
}

}  // namespace blocks
