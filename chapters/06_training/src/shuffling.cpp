#include "blocks/shuffling.hpp"

#include "blocks/error.hpp"

namespace blocks::nn {

std::string to_string(Shuffling shuffling) {
  switch (shuffling) {
    case Shuffling::torch:
      return "torch";
    case Shuffling::torch_legacy:
      return "torch-legacy";
    case Shuffling::numpy:
      return "numpy";
  }
  return "?";
}

Shuffling parse_shuffling(const std::string& name) {
  for (Shuffling s :
       {Shuffling::torch, Shuffling::torch_legacy, Shuffling::numpy}) {
    if (name == to_string(s)) return s;
  }
  throw ValueError("unknown sampler '" + name +
                   "' (torch, torch-legacy or numpy)");
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
