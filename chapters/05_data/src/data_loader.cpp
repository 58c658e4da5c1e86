// DataLoader (torch/utils/data/dataloader.py, 1.13), single process with
// optional collating threads that keep the batch order.
#include "blocks/data/data_loader.hpp"

#include <string>

#include "blocks/error.hpp"

namespace blocks::data {

DataLoader::DataLoader(const Dataset& dataset, DataLoaderOptions options)
    : dataset_(&dataset), options_(options) {
  const auto& o = options_;
  if (o.batch_sampler &&
      (o.batch_size != 1 || o.shuffle || o.sampler || o.drop_last)) {
    throw ValueError(
        "DataLoader: batch_sampler option is mutually exclusive "
        "with batch_size, shuffle, sampler, and drop_last");
  }
  if (o.sampler && o.shuffle) {
    throw ValueError(
        "DataLoader: sampler option is mutually exclusive with shuffle");
  }
  // A zero batch_size is refused by the BatchSampler made below.
  if (o.seed) own_generator_ = std::make_unique<TorchGenerator>(*o.seed);
  generator_ = own_generator_ ? own_generator_.get() : o.generator;

  batch_sampler_ = o.batch_sampler;
  if (!batch_sampler_) {
    sampler_ = o.sampler;
    if (!sampler_ && o.shuffle) {
      sampler_ =
          std::make_shared<RandomSampler>(dataset.size(), generator_, o.mode);
    } else if (!sampler_) {
      sampler_ = std::make_shared<SequentialSampler>(dataset.size());
      in_order_ = true;
    }
    batch_sampler_ =
        std::make_shared<BatchSampler>(*sampler_, o.batch_size, o.drop_last);
  }
}

std::size_t DataLoader::size() const {
  return batch_sampler_->size();
}

// [loader-epoch]
std::vector<std::vector<std::int64_t>> DataLoader::next_epoch() {
  // Every new iterator draws a base seed for its workers, even without
  // workers, from the loader's generator or the global one.
  (generator_ ? *generator_ : default_generator()).random_();
  return batch_sampler_->epoch();
}
// [loader-epoch]

// The next epoch's batches, as next_epoch() draws them. A loader in order
// still draws the base seed every epoch, but reuses its first epoch's
// batches: a hundred small vectors, each a malloc and a free, cost a
// validation pass as much as its five first batches.
std::shared_ptr<const DataLoader::Batches> DataLoader::epoch_batches() {
  if (!in_order_ || !in_order_batches_) {
    auto batches = std::make_shared<const Batches>(next_epoch());
    if (in_order_) in_order_batches_ = batches;
    return batches;
  }
  (generator_ ? *generator_ : default_generator()).random_();
  return in_order_batches_;
}

DataLoader::Iterator DataLoader::begin() {
  Iterator it;
  it.loader_ = this;
  it.batches_ = epoch_batches();
  it.fill();
  if (!it.load_next()) it.position_ = SIZE_MAX;
  return it;
}

DataLoader::Iterator DataLoader::end() const {
  Iterator it;
  it.position_ = SIZE_MAX;
  return it;
}

// Keeps up to 2 * num_workers batches in flight (PyTorch's default
// prefetch_factor); futures are consumed in order, so the order is fixed.
void DataLoader::Iterator::fill() {
  const std::size_t workers = loader_->options_.num_workers;
  while (workers > 0 && requested_ < batches_->size() &&
         ahead_.size() < 2 * workers) {
    const auto* indices = &(*batches_)[requested_++];
    const Dataset* dataset = loader_->dataset_;
    // The shared batches_ keeps `indices` alive while the task runs.
    ahead_.push_back(
        std::async(std::launch::async, [dataset, indices, keep = batches_] {
          return dataset->get_batch(*indices);
        }));
  }
}

// Makes the next batch current; false at the end of the epoch. Without
// workers the batch is collated here and now, into the current batch's
// tensors: a future, even a deferred one, costs a system call (a futex
// wake) per batch, which was a tenth of Chapter 6's whole program.
bool DataLoader::Iterator::load_next() {
  if (loader_->options_.num_workers == 0) {
    if (requested_ == batches_->size()) return false;
    loader_->dataset_->get_batch_into((*batches_)[requested_++], current_);
    return true;
  }
  if (ahead_.empty()) return false;
  current_ = ahead_.front().get();
  ahead_.pop_front();
  fill();
  return true;
}

DataLoader::Iterator& DataLoader::Iterator::operator++() {
  if (load_next()) {
    ++position_;
  } else {
    position_ = SIZE_MAX;
  }
  return *this;
}

}  // namespace blocks::data
