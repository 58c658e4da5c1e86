#pragma once
// Helpers shared by Chapter 6's tests: the notebook's setup and the goldens
// made by tests/goldens/make_ch06_goldens.py.
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/data.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/testing/golden_lines.hpp"

namespace ch06_test {

using blocks::Tensor;

// The notebook's initial weights and bias (printed in the notebook).
inline Tensor notebook_weight() {
  return Tensor{{-0.12895013, 0.01047492, -0.15705723, 0.11925378, -0.26944348,
                 0.23180881, -0.22984707, -0.25141433, -0.19982024, 0.1432175}};
}
inline constexpr double kNotebookBias = -0.11684369;

// The notebook's data, made once for all tests.
inline const blocks::data::NotebookData& notebook_data() {
  static const blocks::data::NotebookData data = blocks::data::notebook_split(
      blocks::data::make_classification(blocks::data::notebook_options()));
  return data;
}

// Datasets and loaders of the notebook's setup, batch 5.
struct NotebookLoaders {
  explicit NotebookLoaders(bool shuffle = false, std::uint64_t seed = 0)
      : train(notebook_data().train.features, notebook_data().train.labels),
        valid(notebook_data().valid.features, notebook_data().valid.labels),
        test(notebook_data().test.features, notebook_data().test.labels),
        train_loader(train, options(shuffle, seed)),
        valid_loader(valid, options(false, 0)),
        test_loader(test, options(false, 0)) {}
  static blocks::data::DataLoaderOptions options(bool shuffle,
                                                 std::uint64_t seed) {
    blocks::data::DataLoaderOptions o;
    o.batch_size = 5;
    o.shuffle = shuffle;
    if (shuffle) o.seed = seed;
    return o;
  }
  blocks::data::TensorDataset train, valid, test;
  blocks::data::DataLoader train_loader, valid_loader, test_loader;
};

// One run of the notebook's setup; returns the history, the model stays.
struct NotebookRun {
  NotebookRun(blocks::nn::Flavour flavour,
              const blocks::optim::SGDOptions& sgd_options,
              bool shuffle = false, std::uint64_t seed = 0)
      : loaders(shuffle, seed),
        model(
            blocks::nn::make_model(flavour, notebook_weight(), kNotebookBias)),
        sgd(model->parameters(), sgd_options),
        loss(blocks::nn::make_loss(flavour)) {}
  blocks::nn::History train(std::size_t epochs = 10) {
    return blocks::nn::train(*model, loaders.train_loader, loaders.valid_loader,
                             loss, sgd, epochs);
  }
  NotebookLoaders loaders;
  std::unique_ptr<blocks::nn::LogisticRegression> model;
  blocks::optim::SGD sgd;
  blocks::nn::Loss loss;
};

// The words of every line of a golden file, comments skipped.
inline std::vector<std::vector<std::string>> golden_lines(
    const std::string& name) {
  return blocks::testing::chapter_golden_lines("ch06", name);
}

}  // namespace ch06_test
