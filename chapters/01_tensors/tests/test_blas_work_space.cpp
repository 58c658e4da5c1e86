// The check before BLAS's first call: under an address-space limit
// (`ulimit -v`) too low for OpenBLAS's work buffer it throws, naming the
// limit, where OpenBLAS itself would retry its malloc forever.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstddef>
#include <fstream>
#include <iostream>

#include "blocks/detail/blas_work_space.hpp"
#include "blocks/error.hpp"

namespace {

using blocks::detail::address_space_for;
using blocks::detail::kBlasWorkSpaceBytes;
using blocks::detail::require_blas_work_space;

constexpr std::size_t kMiB = std::size_t{1} << 20;

// The address space the process maps now (/proc/self/statm, in pages).
std::size_t mapped_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::size_t>(sysconf(_SC_PAGE_SIZE));
}

// Runs in a child process: with 64 MiB of address space left, 1 MiB is
// granted, the buffer's 129 MiB is not, and the check says so.
[[noreturn]] void check_under_a_limit() {
  const rlim_t limit = mapped_bytes() + 64 * kMiB;
  const rlimit lowered{limit, limit};
  if (setrlimit(RLIMIT_AS, &lowered) != 0) _exit(3);
  if (!address_space_for(kMiB)) _exit(4);
  if (address_space_for(kBlasWorkSpaceBytes)) _exit(5);
  try {
    require_blas_work_space();
  } catch (const blocks::Error& e) {
    std::cerr << e.what() << std::endl;
    _exit(0);
  }
  _exit(6);
}

TEST(BlasWorkSpace, RefusedUnderAnAddressSpaceLimit) {
  // A fresh process runs only this test, so no earlier BLAS call has
  // passed the check already.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(check_under_a_limit(), testing::ExitedWithCode(0),
              "129 MiB of address space.*ulimit -v");
}

TEST(BlasWorkSpace, GrantedWithoutALimit) {
  rlimit current{};
  ASSERT_EQ(getrlimit(RLIMIT_AS, &current), 0);
  if (current.rlim_cur != RLIM_INFINITY) {
    GTEST_SKIP() << "this process has an address-space limit of "
                 << current.rlim_cur << " bytes";
  }
  EXPECT_TRUE(address_space_for(kBlasWorkSpaceBytes));
  EXPECT_NO_THROW(require_blas_work_space());
}

}  // namespace
