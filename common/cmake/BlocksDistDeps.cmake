# Chapter 7 alone needs Kokkos and MPI. blocks_find_dist_deps() finds them
# and sets BLOCKS_DIST_MISSING (empty when both are there) in the caller.
include_guard(GLOBAL)

# A Kokkos_ROOT that holds no Kokkos is a typo, not a missing package:
# say so, whatever BLOCKS_REQUIRE_ALL says.
function(blocks_check_kokkos_root)
  set(root "${Kokkos_ROOT}")
  if(NOT root AND DEFINED ENV{Kokkos_ROOT})
    set(root "$ENV{Kokkos_ROOT}")
  endif()
  if(NOT root)
    return()
  endif()
  # The places find_package(Kokkos) looks in under a prefix.
  file(GLOB configs LIST_DIRECTORIES false
       "${root}/KokkosConfig.cmake"
       "${root}/lib*/cmake/Kokkos/KokkosConfig.cmake"
       "${root}/lib/*/cmake/Kokkos/KokkosConfig.cmake"
       "${root}/share/cmake/Kokkos/KokkosConfig.cmake")
  if(NOT configs)
    message(FATAL_ERROR "blocks: Kokkos_ROOT is '${root}', but there is no "
      "Kokkos installation there (no lib/cmake/Kokkos/KokkosConfig.cmake). Point it "
      "at the folder you installed Kokkos into (the CMAKE_INSTALL_PREFIX of "
      "your Kokkos build), or unset it to use Debian's Kokkos.")
  endif()
endfunction()

macro(blocks_find_dist_deps)
  blocks_check_kokkos_root()
  find_package(Kokkos QUIET)
  find_package(MPI QUIET COMPONENTS CXX)
  set(BLOCKS_DIST_MISSING "")
  if(NOT Kokkos_FOUND)
    list(APPEND BLOCKS_DIST_MISSING
         "Kokkos (apt-get install libtrilinos-kokkos-dev, or set Kokkos_ROOT)")
  endif()
  if(NOT MPI_CXX_FOUND)
    list(APPEND BLOCKS_DIST_MISSING
         "MPI (apt-get install libopenmpi-dev openmpi-bin)")
  endif()
endmacro()
