#pragma once
// Chapter 6 exercises: an evaluation by samples instead of batches, one
// training step without autograd, and the training loop with Adagrad. The stubs
// in this folder throw until you fill them in; solutions/ holds the tested
// answers.
#include "blocks/nn.hpp"

namespace blocks::exercises {

// Exercise 1: like nn::evaluate, but averaged over samples, not batches:
// the loss is the mean of every sample's loss and the accuracy the fraction
// of all samples predicted right. With a smaller last batch the two
// definitions differ. Throws blocks::ValueError for a loader with no batch.
nn::Evaluation evaluate_per_sample(const nn::LogisticRegression& model,
                                   data::DataLoader& loader);

// Exercise 2: one plain SGD step of logistic regression written out, with
// no graph: z = x w^T + b, g = (sigmoid(z) - y) / batch, then
// w -= lr * g^T x and b -= lr * sum(g). Returns the batch's mean loss
// before the step. `weight` is (1, d), `x` (batch, d), `y` (batch, 1).
double manual_step(Tensor& weight, double& bias, const Tensor& x,
                   const Tensor& y, double lr);

// Exercise 3: torch.optim.Adagrad's settings (PyTorch 1.13's defaults,
// weight decay and initial accumulator left out: both 0).
struct AdagradSettings {
  double lr = 0.01;
  double lr_decay = 0.0;
  double eps = 1e-10;
};

// Exercise 3: nn::train's loop with Adagrad in place of the optimizer,
// written out: per batch clear the gradients, forward, loss, backward,
// then Adagrad's update of every parameter; after each epoch evaluate on
// valid_loader. Returns the same records as nn::train (epochs 1, 2, ...).
nn::History train_adagrad(nn::LogisticRegression& model,
                          data::DataLoader& train_loader,
                          data::DataLoader& valid_loader, const nn::Loss& loss,
                          const AdagradSettings& settings, std::size_t epochs);

}  // namespace blocks::exercises
