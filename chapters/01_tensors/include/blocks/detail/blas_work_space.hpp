#pragma once
/// \file
/// \brief A check before the first BLAS call: that the process has room
/// for OpenBLAS's work buffer. Not part of the course's API.

#include <cstddef>

namespace blocks::detail {

/// \brief Bytes OpenBLAS 0.3.21 (Debian 12's, single-threaded) takes for
/// its work buffer at its first call: 129 MiB on x86-64.
inline constexpr std::size_t kBlasWorkSpaceBytes = std::size_t{129} << 20;

/// \brief Returns when the process could map `bytes` more of address
/// space; otherwise throws blocks::Error, naming the limit (`ulimit -v`).
/// Once the check has passed, later calls return at once: OpenBLAS keeps
/// its buffer for the life of the process.
///
/// Why: when `malloc` refuses the buffer, OpenBLAS 0.3.21 asks again,
/// forever, inside the library, where no signal handler of ours can stop
/// it: a run under `ulimit -v` hung until killed with SIGKILL.
void require_blas_work_space(std::size_t bytes = kBlasWorkSpaceBytes);

/// \brief Whether the process could map `bytes` more of address space now
/// (the check itself, without require_blas_work_space's memory of a pass).
bool address_space_for(std::size_t bytes);

}  // namespace blocks::detail
