# Chapter 7 needs Kokkos, Chapter 8 Kokkos and MPI.
# blocks_find_device_deps(NN) finds what chapter NN needs and sets
# BLOCKS_DEVICE_MISSING (empty when all is there) in the caller.
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

macro(blocks_find_device_deps number)
  blocks_check_kokkos_root()
  find_package(Kokkos QUIET)
  set(BLOCKS_DEVICE_MISSING "")
  if(NOT Kokkos_FOUND)
    list(APPEND BLOCKS_DEVICE_MISSING
         "Kokkos (apt-get install libtrilinos-kokkos-dev, or set Kokkos_ROOT)")
  endif()
  if("${number}" STREQUAL "08")
    find_package(MPI QUIET COMPONENTS CXX)
    if(NOT MPI_CXX_FOUND)
      list(APPEND BLOCKS_DEVICE_MISSING
           "MPI (apt-get install libopenmpi-dev openmpi-bin)")
    endif()
  endif()
endmacro()
