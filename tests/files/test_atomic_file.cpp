// The atomic writer under hostile conditions: what stands at the target
// (a link, a FIFO, a socket, a folder, a read-only file), links planted
// where the old writer's temporary file went, a file-size limit, a long
// name, and the file's permissions. Each case checks that nothing else was
// touched and no temporary file was left.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "blocks/atomic_file.hpp"

namespace fs = std::filesystem;

namespace {

class AtomicFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("blocks_files_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::others_all,
                    fs::perm_options::add);
    fs::remove_all(dir_);
  }
  std::string path(const std::string& name) const {
    return (dir_ / name).string();
  }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static void write(const std::string& p, const std::string& text) {
    blocks::write_file_atomically(p, [&](std::ostream& out) { out << text; });
  }
  // How many names the folder holds (a temporary file left behind counts).
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  // The IOError's message from writing `p` ("" if none).
  static std::string refusal(const std::string& p) {
    try {
      write(p, "new");
    } catch (const blocks::IOError& e) {
      return e.what();
    }
    return "";
  }
  fs::path dir_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(AtomicFile, ReplacesARegularFileAndKeepsItsMode) {
  write(path("h.csv"), "old");
  fs::permissions(path("h.csv"), fs::perms::owner_read | fs::perms::owner_write,
                  fs::perm_options::replace);
  write(path("h.csv"), "new");
  EXPECT_EQ(read(path("h.csv")), "new");
  EXPECT_EQ(fs::status(path("h.csv")).permissions(),
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, ANewFileGetsTheUmasksMode) {
  const mode_t mask = umask(027);
  write(path("n.csv"), "x");
  umask(mask);
  struct stat info {};
  ASSERT_EQ(stat(path("n.csv").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0640u);
}

TEST_F(AtomicFile, RefusesASymbolicLinkAndLeavesBothAlone) {
  write(path("run7.csv"), "run 7");
  fs::create_symlink("run7.csv", path("latest.csv"));
  EXPECT_TRUE(contains(refusal(path("latest.csv")), "a symbolic link"));
  EXPECT_TRUE(fs::is_symlink(path("latest.csv")));
  EXPECT_EQ(read(path("run7.csv")), "run 7");
  EXPECT_EQ(entries(), 2u);
}

TEST_F(AtomicFile, RefusesAFifoWithoutOpeningIt) {
  ASSERT_EQ(mkfifo(path("fifo").c_str(), 0600), 0);
  // Opening a FIFO for writing would block until a reader comes.
  EXPECT_TRUE(contains(refusal(path("fifo")), "a FIFO"));
  EXPECT_TRUE(fs::is_fifo(path("fifo")));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, RefusesASocketAndAFolder) {
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = path("sock");
  ASSERT_LT(name.size(), sizeof address.sun_path);
  name.copy(address.sun_path, name.size());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_TRUE(contains(refusal(name), "a socket"));
  EXPECT_TRUE(fs::is_socket(name));
  close(fd);
  fs::create_directory(path("folder"));
  EXPECT_TRUE(contains(refusal(path("folder")), "a folder"));
}

TEST_F(AtomicFile, RefusesACharacterDeviceWhereOneCanBeMade) {
  // /dev/null's numbers, in our own folder: the real one is never risked.
  if (mknod(path("null").c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) {
    GTEST_SKIP() << "mknod is not permitted here (not root); the programs' "
                    "catalogue tries it too";
  }
  EXPECT_TRUE(contains(refusal(path("null")), "a character device"));
  struct stat info {};
  ASSERT_EQ(lstat(path("null").c_str(), &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
}

// The old writer opened ".<name>.tmp.<pid>.<n>" without O_EXCL: a link
// planted there made it write through the link into any file.
TEST_F(AtomicFile, LinksPlantedAtPredictableNamesAreNeverWrittenThrough) {
  write(path("victim"), "precious");
  for (int n = 0; n < 256; ++n) {  // the old counter, whatever it was
    fs::create_symlink(path("victim"),
                       path(".h.csv.tmp." + std::to_string(getpid()) + "." +
                            std::to_string(n)));
  }
  write(path("h.csv"), "history");
  EXPECT_EQ(read(path("victim")), "precious");
  EXPECT_EQ(read(path("h.csv")), "history");
  EXPECT_FALSE(fs::is_symlink(path("h.csv")));
}

TEST_F(AtomicFile, AFailingWriterLeavesTheOldFileAndNoTemporary) {
  write(path("c.txt"), "old");
  EXPECT_THROW(
      blocks::write_file_atomically(path("c.txt"),
                                    [](std::ostream& out) {
                                      out << "half";
                                      throw std::runtime_error("stopped");
                                    }),
      std::runtime_error);
  EXPECT_EQ(read(path("c.txt")), "old");
  EXPECT_EQ(entries(), 1u);
}

// Past `ulimit -f` with SIGXFSZ ignored (as every program does), a write
// fails with EFBIG: an error that names the file, and nothing left over.
TEST_F(AtomicFile, AFileSizeLimitIsAnErrorAndLeavesNothing) {
  write(path("big.bin"), "old");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{4096, 4096};
    setrlimit(RLIMIT_FSIZE, &limit);
    try {
      blocks::write_file_atomically(path("big.bin"), [](std::ostream& out) {
        out << std::string(1 << 20, 'x');
      });
    } catch (const blocks::IOError& e) {
      _exit(contains(e.what(), "File too large") ? 0 : 3);
    }
    _exit(4);  // written in full: the limit did not hold
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(read(path("big.bin")), "old");
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicFile, ALongLegalNameCanBeWrittenAndATooLongOneIsNamed) {
  const std::string legal(250, 'h');  // with ".csv", 254 bytes
  write(path(legal + ".csv"), "ok");
  EXPECT_EQ(read(path(legal + ".csv")), "ok");
  const std::string message = refusal(path(std::string(300, 'x')));
  EXPECT_TRUE(contains(message, "File name too long")) << message;
}

TEST_F(AtomicFile, ProbeMakesAndRemovesAFile) {
  blocks::probe_writable(path("h.csv"));
  EXPECT_EQ(entries(), 0u);
  EXPECT_THROW(blocks::probe_writable(path("no/h.csv")), blocks::IOError);
}

// What only an unprivileged user meets: a read-only file or folder. As
// root the test drops to `nobody` in a child process.
TEST_F(AtomicFile, ReadOnlyFilesAndFoldersAreRefusedForAnOrdinaryUser) {
  write(path("ro.csv"), "kept");
  fs::permissions(path("ro.csv"),
                  fs::perms::owner_read | fs::perms::others_read,
                  fs::perm_options::replace);
  fs::create_directory(path("ro"));
  fs::permissions(path("ro"), fs::perms::owner_read | fs::perms::owner_exec,
                  fs::perm_options::replace);
  fs::permissions(dir_, fs::perms::all, fs::perm_options::replace);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(9);
    const bool file_refused =
        contains(refusal(path("ro.csv")), "the file is read-only");
    bool folder_refused = false;
    try {
      blocks::probe_writable(path("ro/h.csv"));
    } catch (const blocks::IOError& e) {
      folder_refused = contains(e.what(), "Permission denied");
    }
    _exit(file_refused && folder_refused ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(read(path("ro.csv")), "kept");
}

}  // namespace
