#pragma once
// The benchmarks' problem, step and epoch: one batch of `m` samples of `d`
// standard normal features, 0/1 labels and starting weights, from a fixed
// seed, and the notebook's step on it; the notebook's data, loaders and
// one epoch of training. Shared by ch06_bench and ch06_step_counts so
// both measure the same work.
#include <cstddef>
#include <memory>

#include "blocks/data.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/tensor.hpp"

namespace blocks::bench {

struct Problem {
  Tensor x, y, w;
  double b = -0.1;
};

inline Problem make_problem(std::size_t m, std::size_t d) {
  data::RandomState rng(123);
  Problem p{Tensor::from_shape({m, d}), Tensor::from_shape({m, 1}),
            Tensor::from_shape({1, d})};
  for (double& v : p.x) v = rng.standard_normal();
  for (double& v : p.y) v = rng.random_sample() < 0.5 ? 0.0 : 1.0;
  for (double& v : p.w) v = 0.1 * rng.standard_normal();
  return p;
}

// A model of one flavour on one problem, and the notebook's step on it:
// zero_grad, forward, loss, backward, step.
class NotebookStepper {
 public:
  NotebookStepper(nn::Flavour flavour, std::size_t m, std::size_t d)
      : problem_(make_problem(m, d)),
        model_(nn::make_model(flavour, problem_.w, problem_.b)),
        sgd_(model_->parameters(), optim::SGDOptions(0.01)),
        loss_(nn::make_loss(flavour)),
        x_(problem_.x),
        y_(problem_.y) {}

  // One step; returns the batch's loss as forward saw it.
  double step() {
    sgd_.zero_grad();
    const autograd::Variable l = loss_(model_->forward(x_).logits, y_);
    l.backward();
    sgd_.step();
    return l.value()();
  }

 private:
  Problem problem_;
  std::unique_ptr<nn::LogisticRegression> model_;
  optim::SGD sgd_;
  nn::Loss loss_;
  autograd::Variable x_, y_;
};

// The notebook's epoch: its data split, its two loaders (training batches
// of 5 shuffled as PyTorch 1.13 does, validation in order) and a model of
// one flavour trained by SGD, one epoch per call: 18 steps and the
// validation pass of 100 batches.
class NotebookEpoch {
 public:
  explicit NotebookEpoch(nn::Flavour flavour)
      : split_(data::notebook_split(
            data::make_classification(data::notebook_options()))),
        train_(split_.train.features, split_.train.labels),
        valid_(split_.valid.features, split_.valid.labels),
        train_loader_(train_, nn::training_loader_options(
                                  train_.size(), 5, true,
                                  nn::Shuffling::torch_legacy, 123)),
        valid_loader_(valid_, in_order(5)),
        problem_(make_problem(1, 10)),
        model_(nn::make_model(flavour, problem_.w, problem_.b)),
        sgd_(model_->parameters(), optim::SGDOptions(0.01)),
        loss_(nn::make_loss(flavour)) {
    data::manual_seed(123);  // the training loader shuffles with it
  }

  // One epoch; returns its mean training loss.
  double epoch() {
    return nn::train(*model_, train_loader_, valid_loader_, loss_, sgd_, 1)
        .front()
        .train_loss;
  }
  // The epoch's validation pass alone; returns its loss.
  double validation_loss() {
    return nn::evaluate(*model_, valid_loader_, loss_).loss;
  }

 private:
  static data::DataLoaderOptions in_order(std::size_t batch_size) {
    data::DataLoaderOptions options;
    options.batch_size = batch_size;
    return options;
  }

  data::NotebookData split_;
  data::TensorDataset train_, valid_;
  data::DataLoader train_loader_, valid_loader_;
  Problem problem_;
  std::unique_ptr<nn::LogisticRegression> model_;
  optim::SGD sgd_;
  nn::Loss loss_;
};

}  // namespace blocks::bench
