#pragma once
/// \file
/// \brief Sizes a flag asks for that this machine could never hold are
/// refused up front, by the flag's name: not a bare `std::bad_alloc` after
/// a wait, a Kokkos abort, or the kernel's OOM killer (Linux promises
/// memory it does not have, so a large enough allocation may "succeed").

#include <iomanip>
#include <sstream>
#include <string>

#include <unistd.h>

#include "blocks/error.hpp"

namespace blocks::cli {

/// \brief This machine's physical memory in bytes; 0 where unknown.
inline double physical_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? double(pages) * double(page) : 0.0;
}

/// \brief Refuses `bytes` (computed in double, so that no product of
/// sizes wraps around) when they exceed the physical memory.
/// \throws ValueError "`what` needs X GiB for `purpose`, more than this
///         machine's Y GiB of memory".
inline void require_memory(double bytes, const std::string& what,
                           const std::string& purpose) {
  const double memory = physical_memory();
  if (memory <= 0 || bytes <= memory) return;
  const double gib = double(1 << 30);
  std::ostringstream why;
  why << std::setprecision(3) << what << " needs " << bytes / gib << " GiB for "
      << purpose << ", more than this machine's " << memory / gib
      << " GiB of memory";
  throw ValueError(why.str());
}

}  // namespace blocks::cli
