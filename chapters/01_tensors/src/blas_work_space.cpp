// The check behind require_blas_work_space(): map the buffer's size of
// address space, touching nothing, and give it back. Under an
// address-space limit (RLIMIT_AS, `ulimit -v`) the mapping fails exactly
// when OpenBLAS's malloc of its buffer would; without one it costs two
// system calls, once per process.
#include "blocks/detail/blas_work_space.hpp"

#include <sys/mman.h>

#include <atomic>
#include <string>

#include "blocks/error.hpp"

namespace blocks::detail {

bool address_space_for(std::size_t bytes) {
  void* region = mmap(nullptr, bytes, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (region == MAP_FAILED) return false;
  munmap(region, bytes);
  return true;
}

void require_blas_work_space(std::size_t bytes) {
  static std::atomic<bool> passed{false};
  if (passed.load(std::memory_order_relaxed)) return;
  if (!address_space_for(bytes)) {
    throw Error("matmul: OpenBLAS needs " + std::to_string(bytes >> 20) +
                " MiB of address space for its work buffer, and this "
                "process's limit (ulimit -v) leaves less; raise the limit");
  }
  passed.store(true, std::memory_order_relaxed);
}

}  // namespace blocks::detail
