#pragma once
// Chapter 6 exercises: an evaluation by samples instead of batches, and
// one training step without autograd. The stubs in this folder throw until
// you fill them in; solutions/ holds the tested answers.
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

}  // namespace blocks::exercises
