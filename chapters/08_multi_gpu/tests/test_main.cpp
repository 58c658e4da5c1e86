// The test program's main: MPI and Kokkos once for all tests (Kokkos 4
// cannot be initialised twice), results printed by rank 0 only, and a
// status that fails if any rank failed.
#include <gtest/gtest.h>

#include "blocks/dist/mpi_environment.hpp"
#include "ch08_test_support.hpp"

namespace {
const blocks::dist::Communicator* g_world = nullptr;
}

namespace ch08_test {
const blocks::dist::Communicator& world() {
  return *g_world;
}
}  // namespace ch08_test

int main(int argc, char** argv) {
  blocks::dist::Environment env(argc, argv);
  g_world = &env.world();
  ::testing::InitGoogleTest(&argc, argv);
  if (env.world().rank() != 0) {
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
  }
  int failed = RUN_ALL_TESTS() != 0 ? 1 : 0;
  MPI_Allreduce(MPI_IN_PLACE, &failed, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return failed;
}
