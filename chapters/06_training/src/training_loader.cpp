#include "blocks/nn/training_loader.hpp"

#include "blocks/error.hpp"

namespace blocks::nn {

std::string to_string(Shuffling shuffling) {
  return cli::name_of(kShufflingNames, shuffling);
}

Shuffling parse_shuffling(const std::string& name) {
  return cli::value_named(kShufflingNames, name, "sampler");
}

namespace {

data::DataLoaderOptions loader_options(std::size_t batch_size, bool shuffle,
                                       Shuffling shuffling,
                                       data::Sampler* sampler) {
  data::DataLoaderOptions o;
  o.batch_size = batch_size;
  if (!shuffle) return o;
  if (sampler) {
    o.sampler = sampler;  // the loader's own draws still hit the global one
  } else {
    o.shuffle = true;  // no generator: the global one, as in the notebook
    o.mode = shuffling == Shuffling::torch_legacy ? data::ShuffleMode::legacy
                                                  : data::ShuffleMode::torch;
  }
  return o;
}

}  // namespace

TrainingLoader::TrainingLoader(const data::Dataset& dataset,
                               std::size_t batch_size, bool shuffle,
                               Shuffling shuffling, std::uint64_t seed)
    : sampler(shuffle && shuffling == Shuffling::numpy
                  ? std::make_unique<NumpySampler>(
                        dataset.size(), static_cast<std::int64_t>(seed))
                  : nullptr),
      loader(dataset,
             loader_options(batch_size, shuffle, shuffling, sampler.get())) {}

}  // namespace blocks::nn
