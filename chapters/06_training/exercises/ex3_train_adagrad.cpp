// Exercise 3 — the training loop with Adagrad. See ch06_exercises.hpp.
#include <stdexcept>

#include "ch06_exercises.hpp"

namespace blocks::exercises {

nn::History train_adagrad(nn::LogisticRegression& model,
                          data::DataLoader& train_loader,
                          data::DataLoader& valid_loader, const nn::Loss& loss,
                          const AdagradSettings& settings, std::size_t epochs) {
  // TODO(exercise 3): start from nn::train (the page's "the training
  // loop"); where it calls optimizer.step(), apply Adagrad's update to
  // each of model.parameters() yourself (PyTorch's documentation of
  // torch.optim.Adagrad has the algorithm).
  (void)model;
  (void)train_loader;
  (void)valid_loader;
  (void)loss;
  (void)settings;
  (void)epochs;
  throw std::logic_error("exercise 3: not implemented");
}

}  // namespace blocks::exercises
