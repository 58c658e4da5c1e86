#pragma once
/// \file
/// \brief Writing files atomically: into a temporary file in the same
/// folder, then renamed over the target, so an interrupted run never leaves
/// a half-written file behind. StagedFiles does that for several files that
/// belong together (features and labels): all are replaced, or none.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

#include "blocks/error.hpp"

namespace blocks {

namespace detail {

/// \brief Writes `write(stream)` into a new temporary file next to `path`
/// (a rename is only atomic within one file system) and returns its name.
/// \throws IOError naming `path`; the temporary file is removed then.
inline std::filesystem::path write_temporary(
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
  std::ofstream out(temp, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw IOError("cannot write " + path + ": cannot create " + temp.string());
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
  return temp;
}

}  // namespace detail

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
  const fs::path temp = detail::write_temporary(path, write);
  std::error_code error, ignored;
  fs::rename(temp, path, error);
  if (error) {
    fs::remove(temp, ignored);
    throw IOError("cannot write " + path + ": " + error.message());
  }
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
    namespace fs = std::filesystem;
    std::string replaced;
    for (auto& file : staged_) {
      std::error_code error;
      fs::rename(file.temp, file.target, error);
      if (error) {
        throw IOError("cannot write " + file.target + ": " + error.message() +
                      (replaced.empty()
                           ? std::string()
                           : " (already written:" + replaced + ")"));
      }
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
