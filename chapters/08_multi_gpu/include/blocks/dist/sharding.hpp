#pragma once
/// \file
/// \brief Which rows each rank visits: the epoch's global order (as
/// `DistributedSampler` draws it) cut into global batches, each batch dealt
/// to the ranks in turn.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace blocks::dist {

/// \brief The global order of one epoch: Chapter 5's `DistributedSampler`
/// with one replica after `set_epoch(epoch)`, so \f$0..n-1\f$, or with
/// `shuffle` `randperm(n)` seeded with `seed + epoch` (epochs count from
/// 0).
std::vector<std::int64_t> epoch_order(std::size_t n, bool shuffle,
                                      std::uint64_t seed, std::uint64_t epoch);

/// \brief One rank's share of an epoch: its rows, in visiting order, and
/// where each global batch's rows start.
struct ShardPlan {
  /// Global row numbers, batch after batch.
  std::vector<std::int64_t> rows;
  /// Batch \f$k\f$ is `rows[offsets[k] .. offsets[k+1])`; size batches+1.
  std::vector<std::size_t> offsets;
  /// \brief The number of global batches (the same on every rank).
  std::size_t batches() const { return offsets.size() - 1; }
};

// [plan-shard]
/// \brief Cuts `order` into global batches of `batch_size` (the last may
/// be shorter) and gives rank \f$r\f$ of \f$R\f$ the positions
/// \f$r, r+R, r+2R, \dots\f$ of each batch: `DistributedSampler`'s
/// interleaving, applied per global batch and without padding. So the
/// ranks together visit each global batch exactly once, and \f$R\f$
/// ranks follow one process's trajectory with the same `batch_size`. When
/// \f$R\f$ divides `batch_size` and \f$n\f$, the rows equal
/// `DistributedSampler`'s. A rank may get no row of a short batch.
/// \throws ValueError for batch_size 0, ranks 0 or rank >= ranks.
ShardPlan plan_shard(const std::vector<std::int64_t>& order,
                     std::size_t batch_size, std::size_t ranks,
                     std::size_t rank);
// [plan-shard]

/// \brief Rank \f$r\f$'s contiguous block of \f$n\f$ rows, the first
/// \f$n \bmod R\f$ ranks one row more: for full-batch work on data that
/// each rank generates or reads by itself.
/// \return the first row and the number of rows.
std::pair<std::size_t, std::size_t> contiguous_block(std::size_t n,
                                                     std::size_t ranks,
                                                     std::size_t rank);

}  // namespace blocks::dist
