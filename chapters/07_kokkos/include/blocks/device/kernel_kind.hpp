#pragma once
/// \file
/// \brief `KernelKind`: the five ways to compute the fused sums, their names
/// for the programs' `--kernel` flag, and which of them runs on this build.

#include <string>
#include <vector>

#include "blocks/cli/names.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/error.hpp"

namespace blocks::device {

/// \brief Which kernel computes the fused sums.
enum class KernelKind {
  simple,     ///< FusedSimple: the array reduction
  team,       ///< the team kernel: rows per team, partials per thread
  tiled,      ///< the tiled kernel: coalesced tiles through team scratch
  pipelined,  ///< FusedPipelined: tiles loaded while the last is computed
  blocked,    ///< FusedBlocked: blocks of rows, for CPU cores only
};

/// \brief The kernels' names, for the `--kernel` flag and messages.
inline constexpr cli::NameTable<KernelKind, 5> kKernelNames{
    {{KernelKind::simple, "simple"},
     {KernelKind::team, "team"},
     {KernelKind::tiled, "tiled"},
     {KernelKind::pipelined, "pipelined"},
     {KernelKind::blocked, "blocked"}}};

/// \brief "simple", "team", "tiled", "pipelined" or "blocked".
inline std::string to_string(KernelKind kind) {
  return cli::name_of(kKernelNames, kind);
}

/// \brief The kernels that run on the backend Kokkos was built for: all
/// five on CPU cores, all but the blocked one on a GPU.
inline std::vector<KernelKind> kernel_kinds() {
  std::vector<KernelKind> kinds{KernelKind::simple, KernelKind::team,
                                KernelKind::tiled, KernelKind::pipelined};
  if (!BLOCKS_KOKKOS_GPU) kinds.push_back(KernelKind::blocked);
  return kinds;
}

/// \brief The fastest kernel for the backend Kokkos was built for, as
/// measured (see the chapter): tiled on a GPU, blocked on CPU cores.
inline KernelKind best_kernel() {
  return BLOCKS_KOKKOS_GPU ? KernelKind::tiled : KernelKind::blocked;
}

/// \brief The names of kernel_kinds(), joined by `separator`.
inline std::string kernel_names(const std::string& separator) {
  std::string names;
  for (auto kind : kernel_kinds()) {
    names += (names.empty() ? "" : separator) + to_string(kind);
  }
  return names;
}

/// \brief The KernelKind named `name`, among those that run here.
/// \throws ValueError naming the choices for any other name.
inline KernelKind kernel_kind(const std::string& name) {
  for (auto kind : kernel_kinds()) {
    if (name == to_string(kind)) return kind;
  }
  throw ValueError("unknown '" + name + "' (choose " + kernel_names(", ") +
                   ": the kernels this build runs)");
}

}  // namespace blocks::device
