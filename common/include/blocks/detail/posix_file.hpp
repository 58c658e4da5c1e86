#pragma once
/// \file
/// \brief The POSIX pieces of the atomic writer (atomic_file.hpp): what a
/// target may be, a temporary file nobody can guess or plant, a stream on
/// its descriptor, and the syncs that make a rename survive a power loss.
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blocks/error.hpp"

namespace blocks::detail {

/// \brief `strerror(error)`, as a string.
inline std::string reason(int error) {
  return std::strerror(error);
}

/// \brief What stands at a target path now.
struct Target {
  bool exists = false;  ///< something is there
  mode_t mode = 0;      ///< its permission bits, when it exists
  uid_t owner = 0;      ///< its owner, when it exists
  gid_t group = 0;      ///< its group, when it exists
};

/// \brief What a kind of file is called in a message.
inline const char* kind_of(mode_t mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

/// \brief Looks at `path` without following a link. Only a regular file
/// may be replaced: a rename over a device, a FIFO or a link would put a
/// plain file where it stood (as root, `/dev/null` itself), so those are
/// refused, and so is a link, whose target the caller should name. A file
/// we may not write is refused too, although its folder would let us
/// replace it.
/// \throws IOError naming `path` and what it is.
inline Target inspect_target(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return {};
    throw IOError("cannot write " + path + ": " + reason(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    throw IOError(
        "cannot write " + path + ": it is " + kind_of(info.st_mode) +
        "; only a regular file is replaced" +
        (S_ISLNK(info.st_mode) ? " (name the file it points to)" : ""));
  }
  if (access(path.c_str(), W_OK) != 0) {
    throw IOError("cannot write " + path + ": " + reason(errno) +
                  " (the file is read-only)");
  }
  return {true, static_cast<mode_t>(info.st_mode & 07777), info.st_uid,
          info.st_gid};
}

/// \brief The mode a new file gets from `open(..., 0666)`: 0666 less the
/// umask (which can only be read by setting it).
inline mode_t new_file_mode() {
  const mode_t mask = umask(022);
  umask(mask);
  return 0666 & ~mask;
}

/// \brief A new, empty file next to `target`, created by `mkstemp`: a
/// random name opened with `O_EXCL`, so a file or link planted under a
/// name we might pick is never written through. Its mode is the old
/// file's (or a new file's), so a private file stays private.
/// \param target  the file it will replace
/// \param now     what stands at `target` (inspect_target())
/// \param temp    set to the new file's name
/// \return its descriptor, open for writing
/// \throws IOError naming `target` and the reason.
inline int create_temporary(const std::string& target, const Target& now,
                            std::filesystem::path& temp) {
  namespace fs = std::filesystem;
  // Short enough for any legal target name (NAME_MAX is 255 bytes).
  const std::string name = fs::path(target).filename().string().substr(0, 64);
  std::string pattern =
      (fs::path(target).parent_path() / ("." + name + ".tmp.XXXXXX")).string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) {
    throw IOError("cannot write " + target + ": cannot create a file in its " +
                  "folder: " + reason(errno));
  }
  temp = pattern;
  if (now.exists) {
    // As root, give the file back to its owner; as anyone else this
    // fails and the file is ours, as any rewrite would make it.
    if (fchown(fd, now.owner, now.group) != 0) errno = 0;
  }
  if (fchmod(fd, now.exists ? now.mode : new_file_mode()) != 0) {
    const int error = errno;
    close(fd);
    unlink(temp.c_str());
    throw IOError("cannot write " + target + ": " + reason(error));
  }
  return fd;
}

/// \brief Syncs the folder of `path`, so that a rename into it is on disk.
inline void sync_folder(const std::filesystem::path& path) {
  std::filesystem::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // nothing more can be done for the rename
  fsync(fd);
  close(fd);
}

/// \brief A stream buffer that writes to a file descriptor, remembering
/// the first error (`EFBIG` past a size limit, `ENOSPC` on a full disk).
class DescriptorBuffer : public std::streambuf {
 public:
  /// \brief Writes to `fd`, which the caller closes.
  explicit DescriptorBuffer(int fd) : fd_(fd) {
    setp(buffer_, buffer_ + sizeof buffer_);
  }
  DescriptorBuffer(const DescriptorBuffer&) = delete;             ///< one fd
  DescriptorBuffer& operator=(const DescriptorBuffer&) = delete;  ///< one fd

  /// \brief The first write error's errno, 0 if none.
  int error() const { return error_; }

 protected:
  /// \brief Writes out the buffer, then buffers `c`.
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  /// \brief Writes out the buffer.
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* from = pbase();
    while (from < pptr() && error_ == 0) {
      const ssize_t n =
          ::write(fd_, from, static_cast<std::size_t>(pptr() - from));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      if (n == 0) error_ = EIO;  // no progress: do not spin
      if (n > 0) from += n;
    }
    setp(buffer_, buffer_ + sizeof buffer_);
    return error_ == 0;
  }

  int fd_;
  int error_ = 0;
  char buffer_[1 << 16];
};

}  // namespace blocks::detail
