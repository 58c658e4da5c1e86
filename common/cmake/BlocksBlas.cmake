# The BLAS behind Chapter 1's matmul: OpenBLAS's single-threaded build
# (Debian's libopenblas-serial-dev), linked statically: BLAS::BLAS and
# xtensor-blas's target both point at it.
#
# Why not the shared, multi-threaded OpenBLAS that libopenblas-dev selects
# (measured on 06_training, 50 runs alternated with the shared build):
# - loading the shared library costs about 1.6 ms at every program start,
#   mostly the dynamic linker resolving its 10,000 symbol relocations;
# - when it loads, the threaded build starts one worker per core, and each
#   worker spins for about 0.1 s waiting for work, on the cores beside ours.
# Linked this way, 06_training starts and ends 3 ms sooner (21.0 -> 17.6 ms
# at best). The course's products are small, and Chapter 8 runs one MPI
# rank per core, so one BLAS thread per process is what it wants anyway
# (HPC codes set OPENBLAS_NUM_THREADS=1 for the same reason).
# The price: each program carries its own copy of the kernels it can reach
# (about 25 MB).
# xtensor-blas's package links whatever find_package(BLAS) and
# find_package(LAPACK) return (OpenBLAS holds both), so we steer those
# searches rather than add a second BLAS beside theirs.
set(BLOCKS_OPENBLAS_SERIAL_DIR
    /usr/lib/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-serial)
set(BLA_VENDOR OpenBLAS)
set(BLA_STATIC ON)
list(PREPEND CMAKE_LIBRARY_PATH ${BLOCKS_OPENBLAS_SERIAL_DIR})
# A build folder configured before the course chose this BLAS has the
# shared library cached: search again.
if(NOT BLAS_openblas_LIBRARY MATCHES "openblas-serial/libopenblas.a$")
  foreach(cached BLAS_openblas_LIBRARY BLAS_openblas_WORKS
                 LAPACK_openblas_LIBRARY LAPACK_openblas_WORKS)
    unset(${cached} CACHE)
  endforeach()
endif()
find_package(BLAS QUIET)
if(NOT BLAS_FOUND OR NOT BLAS_LIBRARIES MATCHES "openblas-serial/libopenblas.a")
  message(FATAL_ERROR "blocks: the single-threaded static OpenBLAS "
    "(${BLOCKS_OPENBLAS_SERIAL_DIR}/libopenblas.a) was not found. "
    "On Debian 12: apt-get install libopenblas-serial-dev "
    "(or run ./course setup).")
endif()
message(STATUS "blocks: BLAS is ${BLAS_LIBRARIES}")
