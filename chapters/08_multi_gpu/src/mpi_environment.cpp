// MPI + Kokkos start-up, the collectives, and the abort-on-error rule.
#include "blocks/dist/mpi_environment.hpp"

#include <exception>
#include <iostream>
#include <sstream>
#include <string>

#include "blocks/cli/exit_status.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::dist {

Communicator::Communicator(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
  // Ranks that share memory share a node: their rank among themselves
  // picks the GPU, whatever launcher started them.
  MPI_Comm_split_type(comm_, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL,
                      &local_);
  MPI_Comm_rank(local_, &local_rank_);
  MPI_Comm_size(local_, &local_size_);
}

Communicator::~Communicator() {
  if (local_ != MPI_COMM_NULL) MPI_Comm_free(&local_);
}

void Communicator::allreduce_sum(double* values, std::size_t count) const {
  MPI_Allreduce(MPI_IN_PLACE, values, static_cast<int>(count), MPI_DOUBLE,
                MPI_SUM, comm_);
}

void Communicator::broadcast(std::vector<double>& values, int root) const {
  MPI_Bcast(values.data(), static_cast<int>(values.size()), MPI_DOUBLE, root,
            comm_);
}

std::vector<std::uint64_t> Communicator::allgather(std::uint64_t value) const {
  std::vector<std::uint64_t> all(static_cast<std::size_t>(size_));
  MPI_Allgather(&value, 1, MPI_UINT64_T, all.data(), 1, MPI_UINT64_T, comm_);
  return all;
}

void Communicator::barrier() const {
  MPI_Barrier(comm_);
}

void Communicator::require_same(std::uint64_t value, const std::string& what,
                                const std::string& remedy) const {
  const std::vector<std::uint64_t> all = allgather(value);
  std::ostringstream differ;
  for (std::size_t r = 1; r < all.size(); ++r) {
    if (all[r] != all[0]) differ << (differ.tellp() > 0 ? ", " : "") << r;
  }
  if (differ.tellp() > 0) {
    throw DataError(
        "the ranks disagree on " + what + ": rank(s) " + differ.str() +
        " hold other values than rank 0 (checksums differ); " + remedy);
  }
}

namespace {

// The --kokkos-... flags on the command line, for a message: Kokkos's own
// can be one word ("stoi", from a number it could not read).
std::string kokkos_flags(int argc, char** argv) {
  std::string flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--kokkos-", 0) == 0) {
      flags += (flags.empty() ? "" : " ") + printable(arg);
    }
  }
  return flags;
}

}  // namespace

Environment::Environment(int& argc, char**& argv) {
  MPI_Init(&argc, &argv);
  world_ = new Communicator(MPI_COMM_WORLD);
  // Read before Kokkos, which takes its flags out of argv.
  const std::string flags = kokkos_flags(argc, argv);
  try {
    device::compat::initialize(argc, argv, world_->local_rank());
  } catch (const std::exception& e) {
    // No GPU, or a --kokkos-... flag Kokkos cannot read: nothing can run,
    // and a throw from here would end in std::terminate. Every rank is
    // ended, with the reason.
    std::cerr << (argc > 0 ? argv[0] : "blocks") << " (rank " << world_->rank()
              << "): Kokkos did not start: " << e.what();
    if (!flags.empty())
      std::cerr << " (the Kokkos flags given: " << flags << ")";
    std::cerr << "\n";
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
}

Environment::~Environment() {
  Kokkos::finalize();
  delete world_;
  MPI_Finalize();
}

std::uint64_t checksum(const double* values, std::size_t count,
                       std::uint64_t seed) {
  return checksum_bytes(values, count * sizeof(double), seed);
}

int run_guarded(const Communicator& comm, const std::string& program,
                const std::function<int()>& body) {
  cli::Failure failure{1, ""};
  try {
    return body();
  } catch (...) {
    failure = cli::current_failure();
  }
  const int status = failure.status;
  const std::string& message = failure.message;
  // One write of the whole line: std::cerr is unbuffered, so each << was
  // its own write, and Open MPI's abort banner could land between them.
  const std::string line = program + " (rank " + std::to_string(comm.rank()) +
                           " of " + std::to_string(comm.size()) +
                           "): " + message + "\n";
  std::cerr << line << std::flush;
  // No return to main: the other ranks may sit in a collective that this
  // rank will never join. MPI_Abort ends them all with our status.
  MPI_Abort(MPI_COMM_WORLD, status);
  return status;
}

}  // namespace blocks::dist
