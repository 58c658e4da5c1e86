// Samplers of torch/utils/data/sampler.py and distributed.py (1.13).
#include "blocks/data/sampler.hpp"

#include <algorithm>
#include <string>

#include "blocks/error.hpp"

namespace blocks::data {

std::vector<std::int64_t> SequentialSampler::epoch() {
  std::vector<std::int64_t> out(n_);
  for (std::size_t i = 0; i < n_; ++i) out[i] = static_cast<std::int64_t>(i);
  return out;
}

RandomSampler::RandomSampler(std::size_t n, TorchGenerator* generator,
                             ShuffleMode mode,
                             std::optional<std::size_t> num_samples,
                             bool replacement)
    : n_(n),
      num_samples_(num_samples.value_or(n)),
      generator_(generator),
      mode_(mode),
      replacement_(replacement) {
  if (num_samples && *num_samples == 0) {
    throw ValueError(
        "RandomSampler: num_samples should be a positive "
        "integer value, but got num_samples=0");
  }
  if (replacement && n == 0 && num_samples_ > 0) {
    throw ValueError(
        "RandomSampler: cannot draw with replacement from 0 samples "
        "(randint: random_ expects 'from' to be less than 'to', but got "
        "from=0 >= to=0)");
  }
}

std::vector<std::int64_t> RandomSampler::epoch() {
  TorchGenerator& shared = generator_ ? *generator_ : default_generator();
  const auto n = static_cast<std::int64_t>(n_);
  std::vector<std::int64_t> out;
  if (mode_ == ShuffleMode::legacy && replacement_) {
    for (std::size_t i = 0; i < num_samples_; ++i)
      out.push_back(shared.randint(n));
    return out;
  }
  if (mode_ == ShuffleMode::legacy) {
    out = shared.randperm(n);
    out.resize(std::min(out.size(), num_samples_));
    return out;
  }
  // PyTorch 1.13: without a generator, a private one seeded from the
  // global stream; then whole permutations and one for the tail.
  TorchGenerator own(0);
  if (!generator_)
    own.manual_seed(static_cast<std::uint64_t>(shared.random_()));
  TorchGenerator& g = generator_ ? shared : own;
  if (replacement_) {
    // randint(n, (32,)) chunks, then one of num_samples % 32: the values
    // are drawn one after the other either way, so chunks change nothing.
    for (std::size_t i = 0; i < num_samples_; ++i) out.push_back(g.randint(n));
    return out;
  }
  for (std::size_t k = 0; n_ > 0 && k < num_samples_ / n_; ++k) {
    const auto perm = g.randperm(n);
    out.insert(out.end(), perm.begin(), perm.end());
  }
  const auto tail = g.randperm(n);  // drawn even when the tail is empty
  out.insert(out.end(), tail.begin(),
             tail.begin() +
                 static_cast<std::ptrdiff_t>(n_ > 0 ? num_samples_ % n_ : 0));
  return out;
}

void check_batch_size(std::size_t batch_size) {
  if (batch_size == 0) {
    throw ValueError(
        "batch_size should be a positive integer value, but got "
        "batch_size=0");
  }
}

BatchSampler::BatchSampler(Sampler& sampler, std::size_t batch_size,
                           bool drop_last)
    : sampler_(&sampler), batch_size_(batch_size), drop_last_(drop_last) {
  check_batch_size(batch_size);
}

std::vector<std::vector<std::int64_t>> BatchSampler::epoch() {
  std::vector<std::vector<std::int64_t>> batches;
  batches.reserve(size());
  // Each batch is sized once: growing it by push_back reallocated it
  // several times, every epoch. (A batch_size beyond the data is legal.)
  const std::size_t capacity = std::min(batch_size_, sampler_->size());
  std::vector<std::int64_t> batch;
  batch.reserve(capacity);
  for (auto index : sampler_->epoch()) {
    batch.push_back(index);
    if (batch.size() == batch_size_) {
      batches.push_back(std::move(batch));
      batch = {};
      batch.reserve(capacity);
    }
  }
  if (!batch.empty() && !drop_last_) batches.push_back(std::move(batch));
  return batches;
}

std::size_t BatchSampler::size() const {
  const std::size_t n = sampler_->size();
  return drop_last_ ? n / batch_size_ : (n + batch_size_ - 1) / batch_size_;
}

DistributedSampler::DistributedSampler(std::size_t n, std::size_t num_replicas,
                                       std::size_t rank, bool shuffle,
                                       std::uint64_t seed, bool drop_last)
    : n_(n),
      num_replicas_(num_replicas),
      rank_(rank),
      shuffle_(shuffle),
      drop_last_(drop_last),
      seed_(seed) {
  if (num_replicas == 0) {
    throw ValueError("DistributedSampler: num_replicas must be at least 1");
  }
  if (rank >= num_replicas) {
    throw ValueError("DistributedSampler: Invalid rank " +
                     std::to_string(rank) +
                     ", rank should be in the "
                     "interval [0, " +
                     std::to_string(num_replicas - 1) + "]");
  }
  const std::size_t R = num_replicas;
  // drop_last: ceil((n - R) / R) when n % R != 0, else ceil(n / R).
  num_samples_ = drop_last && n % R != 0 ? (n < R ? 0 : (n - R + R - 1) / R)
                                         : (n + R - 1) / R;
}

std::vector<std::int64_t> DistributedSampler::epoch() {
  std::vector<std::int64_t> indices;
  if (shuffle_) {
    TorchGenerator g(seed_ + epoch_);
    indices = g.randperm(static_cast<std::int64_t>(n_));
  } else {
    indices = SequentialSampler(n_).epoch();
  }
  const std::size_t total = total_size();
  // Pad by repeating from the start (several times if needed), or cut.
  for (std::size_t i = 0; indices.size() < total && n_ > 0; ++i) {
    indices.push_back(indices[i]);
  }
  indices.resize(total);
  std::vector<std::int64_t> mine;
  for (std::size_t i = rank_; i < total; i += num_replicas_) {
    mine.push_back(indices[i]);
  }
  return mine;
}

}  // namespace blocks::data
