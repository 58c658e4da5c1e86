#pragma once
// The benchmarks' problem and step: one batch of `m` samples of `d`
// standard normal features, 0/1 labels and starting weights, from a fixed
// seed, and the notebook's step on it; shared by ch06_bench and
// ch06_step_counts so both measure the same step.
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

}  // namespace blocks::bench
