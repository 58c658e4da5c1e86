#include "blocks/nn/training_loader.hpp"

#include <memory>

#include "blocks/error.hpp"

namespace blocks::nn {

std::string to_string(Shuffling shuffling) {
  return cli::name_of(kShufflingNames, shuffling);
}

data::DataLoaderOptions training_loader_options(std::size_t samples,
                                                std::size_t batch_size,
                                                bool shuffle,
                                                Shuffling shuffling,
                                                std::uint64_t seed) {
  data::DataLoaderOptions o;
  o.batch_size = batch_size;
  if (!shuffle) return o;
  if (shuffling == Shuffling::numpy) {
    // The loader's own draws still hit the global generator.
    o.sampler = std::make_shared<data::NumpySampler>(
        samples, static_cast<std::int64_t>(seed));
  } else {
    o.shuffle = true;  // no generator: the global one, as in the notebook
    o.mode = shuffling == Shuffling::torch_legacy ? data::ShuffleMode::legacy
                                                  : data::ShuffleMode::torch;
  }
  return o;
}

}  // namespace blocks::nn
