#pragma once
/// \file
/// \brief Opening a data file for reading: a regular file, or a clear
/// error before anything blocks.
#include <cerrno>
#include <fstream>
#include <string>

#include <sys/stat.h>

#include "blocks/detail/posix_file.hpp"
#include "blocks/error.hpp"

namespace blocks {

/// \brief Opens `path` for reading, after checking (through links) that it
/// is a regular file: opening a FIFO that nobody writes would block
/// forever, and a device or a folder holds no data file.
/// \throws IOError "cannot open PATH: REASON" when it cannot be opened, or
///         "cannot read PATH: it is a FIFO (named pipe); ..." for anything
///         but a regular file.
inline std::ifstream open_input(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    throw IOError("cannot open " + path + ": " + detail::reason(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    throw IOError("cannot read " + path + ": it is " +
                  detail::kind_of(info.st_mode) +
                  "; only a regular file is read");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IOError("cannot open " + path + ": " + detail::reason(errno));
  return in;
}

}  // namespace blocks
