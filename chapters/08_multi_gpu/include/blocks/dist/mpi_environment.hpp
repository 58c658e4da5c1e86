#pragma once
/// \file
/// \brief The process model: MPI first, then Kokkos on the device that the
/// node-local rank picks; the collectives the trainer needs; and the rule
/// that an error on one rank ends every rank.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <mpi.h>

#include "blocks/checksum.hpp"

namespace blocks::dist {

/// \brief An MPI communicator with the few collectives data parallelism
/// needs. Every rank must call each collective, in the same order.
class Communicator {
 public:
  /// \brief Wraps `comm` (not owned); finds the node-local rank with
  /// `MPI_Comm_split_type(MPI_COMM_TYPE_SHARED)`.
  explicit Communicator(MPI_Comm comm = MPI_COMM_WORLD);
  ~Communicator();
  Communicator(const Communicator&) = delete;             ///< owns a comm
  Communicator& operator=(const Communicator&) = delete;  ///< owns a comm

  /// \brief This process, \f$0 \le r < R\f$.
  int rank() const { return rank_; }
  /// \brief The number of processes \f$R\f$.
  int size() const { return size_; }
  /// \brief The rank among the processes on this node (picks the GPU).
  int local_rank() const { return local_rank_; }
  /// \brief The number of processes on this node.
  int local_size() const { return local_size_; }
  /// \brief The MPI handle.
  MPI_Comm handle() const { return comm_; }

  /// \brief Replaces `values` on every rank by their sum over ranks.
  void allreduce_sum(double* values, std::size_t count) const;
  /// \brief The same for a vector.
  void allreduce_sum(std::vector<double>& values) const {
    allreduce_sum(values.data(), values.size());
  }
  /// \brief Copies rank `root`'s `values` to every rank (same size).
  void broadcast(std::vector<double>& values, int root = 0) const;
  /// \brief Every rank's `value`, indexed by rank.
  std::vector<std::uint64_t> allgather(std::uint64_t value) const;
  /// \brief Waits for every rank.
  void barrier() const;

  /// \brief Throws DataError on every rank unless all ranks pass the same
  /// `checksum` for `what`; the message names the ranks that differ from
  /// rank 0, then says what to do (`remedy`).
  void require_same(
      std::uint64_t checksum, const std::string& what,
      const std::string& remedy = "give every rank the same data") const;

 private:
  MPI_Comm comm_, local_ = MPI_COMM_NULL;
  int rank_ = 0, size_ = 1, local_rank_ = 0, local_size_ = 1;
};

/// \brief MPI and Kokkos for the life of a program, in the right order:
/// `MPI_Init`, then Kokkos on the node-local rank's device; at the end
/// Kokkos, then MPI. Create one, first thing in `main`, and keep every
/// Kokkos View in an inner scope.
class Environment {
 public:
  /// \brief Starts MPI and Kokkos; `--kokkos-...` flags are Kokkos's.
  Environment(int& argc, char**& argv);
  ~Environment();
  Environment(const Environment&) = delete;             ///< one per process
  Environment& operator=(const Environment&) = delete;  ///< one per process
  /// \brief All processes.
  const Communicator& world() const { return *world_; }

 private:
  Communicator* world_ = nullptr;
};

/// \brief FNV-1a of the bytes of `values`: a cheap fingerprint to compare
/// data across ranks.
std::uint64_t checksum(const double* values, std::size_t count,
                       std::uint64_t seed = kChecksumStart);

// [run-guarded]
/// \brief Runs `body` and returns its status. If it throws on any rank,
/// that rank prints `program (rank r of R): message` to stderr and calls
/// `MPI_Abort`, which ends every rank: the others may be waiting in a
/// collective and would otherwise hang. The status is 2 for bad input
/// (ValueError, DataError, IOError, ShapeError), else 1.
int run_guarded(const Communicator& comm, const std::string& program,
                const std::function<int()>& body);
// [run-guarded]

}  // namespace blocks::dist
