// Rank 1 throws while rank 0 waits in a collective that rank 1 never
// joins: without run_guarded's MPI_Abort, rank 0 would wait forever.
#include <stdexcept>

#include "blocks/dist/mpi_environment.hpp"

int main(int argc, char** argv) {
  blocks::dist::Environment env(argc, argv);
  const auto& world = env.world();
  return blocks::dist::run_guarded(world, "abort_probe", [&]() -> int {
    if (world.rank() == world.size() - 1) {
      throw std::runtime_error("the disk on this rank is full");
    }
    world.barrier();  // never completes: the last rank is gone
    return 0;
  });
}
