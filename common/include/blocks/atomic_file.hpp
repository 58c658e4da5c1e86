#pragma once
/// \file
/// \brief Writing files atomically: into a temporary file in the same
/// folder, then renamed over the target, so an interrupted run never leaves
/// a half-written file behind. StagedFiles does that for several files that
/// belong together (features and labels): all are replaced, or none.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "blocks/detail/posix_file.hpp"
#include "blocks/error.hpp"

namespace blocks {

namespace detail {

/// \brief Writes `write(stream)` into a new temporary file next to `path`
/// (a rename is only atomic within one file system), synced to disk, and
/// returns its name. `path` must be absent or a regular file we may write
/// (inspect_target()); the temporary file has its mode.
/// \throws IOError naming `path` and the reason; the temporary file is
///         removed then, whatever was thrown.
inline std::filesystem::path write_temporary(
    const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::filesystem::path temp;
  const int fd = create_temporary(path, inspect_target(path), temp);
  int error = 0;
  try {
    DescriptorBuffer buffer(fd);
    std::ostream out(&buffer);
    write(out);
    out.flush();
    error = buffer.error();
    if (error == 0 && !out) error = EIO;
  } catch (...) {
    close(fd);
    unlink(temp.c_str());
    throw;
  }
  // The bytes on disk before the name: a crash after the rename must not
  // find an empty file under it.
  if (error == 0 && fsync(fd) != 0) error = errno;
  if (close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    unlink(temp.c_str());
    throw IOError("cannot write " + path + ": " + reason(error));
  }
  return temp;
}

/// \brief Renames `temp` over `path` and syncs the folder, so the new name
/// is on disk too.
/// \throws IOError naming `path`; `temp` is removed then.
inline void rename_into_place(const std::filesystem::path& temp,
                              const std::string& path) {
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    throw IOError("cannot write " + path + ": " + reason(error));
  }
  sync_folder(path);
}

}  // namespace detail

/// \brief Writes `path` with `write(stream)` atomically: the bytes go to a
/// temporary file next to `path`, created under a random name that nobody
/// can plant a link at, synced, then renamed over `path`. Readers see the
/// old file or the new one, never a part; the new one keeps the old one's
/// permissions.
/// \param path   the file to create or replace; its folder must exist. An
///               existing `path` must be a regular file we may write: a
///               device, a FIFO, a folder or a symbolic link is refused,
///               since a rename would replace it with a plain file.
/// \param write  writes the content into the binary stream it is given
/// \throws IOError naming the file and the reason (permission denied, a
///         full disk, a file-size limit, ...) when it cannot be written;
///         no temporary file is left and `path` is as it was.
inline void write_file_atomically(
    const std::string& path, const std::function<void(std::ostream&)>& write) {
  detail::rename_into_place(detail::write_temporary(path, write), path);
}

/// \brief Checks, by creating and removing a file where `path` would be
/// written, that a write there can succeed: `path` is absent or a regular
/// file we may write, and its folder takes a new file (not read-only, not
/// a name too long, not `/proc`). What write_file_atomically() would
/// refuse after a long run is refused before it.
/// \throws IOError naming `path` and the reason.
inline void probe_writable(const std::string& path) {
  std::filesystem::path temp;
  const int fd =
      detail::create_temporary(path, detail::inspect_target(path), temp);
  close(fd);
  unlink(temp.c_str());
}

/// \brief Checks, without writing anything, that `path` could be written:
/// it is not a folder, and its folder exists or could be created (the
/// nearest existing folder above it is one we may write into).
/// \throws IOError naming `path` and the reason.
inline void check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw IOError("cannot write " + path + ": it is a folder");
  }
  fs::path folder = fs::path(path).parent_path();
  while (!folder.empty() && !fs::exists(folder, error)) {
    folder = folder.parent_path();
  }
  if (folder.empty()) folder = ".";
  if (!fs::is_directory(folder, error)) {
    throw IOError("cannot write " + path + ": " + folder.string() +
                  " is not a folder");
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    throw IOError("cannot write " + path + ": no permission to write in " +
                  folder.string());
  }
}

/// \brief Files that are written together or not at all. stage() writes
/// each one in full to a temporary file next to it (creating its folder);
/// commit() renames them all into place once every one was written.
/// Without a commit (a stage failed, an exception passed by), the
/// destructor removes the temporary files and the folders stage() created:
/// no new file is left behind and no old one replaced.
///
/// Only commit()'s renames can leave a mix, when one fails half-way. Every
/// target was checked first (not a folder, folder writable), so that takes
/// a change to the folder while the program runs; the error then names the
/// files already replaced.
class StagedFiles {
 public:
  StagedFiles() = default;                              ///< nothing staged
  StagedFiles(const StagedFiles&) = delete;             ///< one owner
  StagedFiles& operator=(const StagedFiles&) = delete;  ///< see above
  /// \brief Without a commit(), removes the temporary files and the
  /// folders stage() created.
  ~StagedFiles() { discard(); }

  /// \brief Writes `write(stream)` to a temporary file for `path`.
  /// \throws IOError naming `path` when it cannot be written (see
  ///         check_writable()); what was staged so far stays staged.
  void stage(const std::string& path,
             const std::function<void(std::ostream&)>& write) {
    namespace fs = std::filesystem;
    check_writable(path);
    // The folders to make, outermost first, so that discard() can take
    // back exactly those (innermost first).
    std::vector<fs::path> missing;
    std::error_code error;
    for (fs::path f = fs::path(path).parent_path();
         !f.empty() && !fs::exists(f, error); f = f.parent_path()) {
      missing.insert(missing.begin(), f);
    }
    for (const auto& f : missing) {
      if (fs::create_directory(f, error)) {
        created_.push_back(f);
      } else if (error) {
        throw IOError("cannot write " + path + ": cannot create folder " +
                      f.string() + ": " + error.message());
      }
    }
    staged_.push_back({detail::write_temporary(path, write), path});
  }

  /// \brief Renames every staged file into place, in the order staged.
  /// \throws IOError naming the file that could not be renamed and those
  ///         already in place; the remaining temporary files are removed.
  void commit() {
    std::string replaced;
    for (auto& file : staged_) {
      if (std::rename(file.temp.c_str(), file.target.c_str()) != 0) {
        throw IOError(
            "cannot write " + file.target + ": " + detail::reason(errno) +
            (replaced.empty() ? std::string()
                              : " (already written:" + replaced + ")"));
      }
      detail::sync_folder(file.target);
      replaced += " " + file.target;
      file.temp.clear();
    }
    staged_.clear();
    created_.clear();  // they hold the new files now
  }

 private:
  struct Staged {
    std::filesystem::path temp;  // empty once renamed
    std::string target;
  };

  void discard() noexcept {
    namespace fs = std::filesystem;
    std::error_code ignored;
    for (const auto& file : staged_) {
      if (!file.temp.empty()) fs::remove(file.temp, ignored);
    }
    // fs::remove takes only an empty folder: one that now holds a renamed
    // file (commit() failed half-way) stays.
    for (auto f = created_.rbegin(); f != created_.rend(); ++f) {
      fs::remove(*f, ignored);
    }
  }

  std::vector<Staged> staged_;
  std::vector<std::filesystem::path> created_;
};

}  // namespace blocks
