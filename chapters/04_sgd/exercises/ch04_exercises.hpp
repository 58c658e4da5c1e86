#pragma once
// Chapter 4 exercises: the optimizer and the scheduler you write. The stubs
// in this folder throw until you fill them in; solutions/ holds the tested
// answers.
#include <cstddef>
#include <vector>

#include "blocks/optim.hpp"

namespace blocks::exercises {

// Exercise 1: torch.optim.Adagrad (PyTorch 1.13), one more subclass of
// optim::Optimizer. Options per group: "lr", "lr_decay", "weight_decay",
// "eps" and "initial_accumulator_value" (kept only for the state dict).
struct AdagradOptions {
  double lr = 0.01;
  double lr_decay = 0.0;
  double weight_decay = 0.0;
  double initial_accumulator_value = 0.0;
  double eps = 1e-10;
};

class Adagrad : public optim::Optimizer {
 public:
  // Like PyTorch 1.13, fills every parameter's state at once: "step" a
  // 0-d tensor 0, "sum" a tensor of initial_accumulator_value.
  Adagrad(std::vector<autograd::Variable> params,
          const AdagradOptions& options);
  Adagrad(std::vector<optim::ParamGroup> groups, const AdagradOptions& options);

 protected:
  void update() override;
};

// Exercise 2: torch.optim.lr_scheduler.StepLR. Multiplies every group's
// "lr" by gamma each time step() has been called step_size more times:
// after n calls, lr = initial lr * gamma^(n / step_size) (integer division),
// computed as PyTorch does, by one multiplication at each boundary.
class StepLR {
 public:
  StepLR(optim::Optimizer& optimizer, std::size_t step_size,
         double gamma = 0.1);
  // One epoch done: call after optimizer.step().
  void step();
  // How many times step() was called (PyTorch's last_epoch).
  std::size_t last_epoch() const { return epoch_; }
  // Every group's current learning rate (get_last_lr()).
  std::vector<double> get_last_lr() const;

 private:
  optim::Optimizer& optimizer_;
  std::size_t step_size_;
  double gamma_;
  std::size_t epoch_ = 0;
};

// Exercise 3 (challenge): torch.optim.Adam (PyTorch 1.13). Options per
// group: "lr", "beta1", "beta2" (PyTorch's betas), "eps", "weight_decay"
// and the flag "amsgrad".
struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  bool amsgrad = false;
};

class Adam : public optim::Optimizer {
 public:
  // Fills every parameter's state at once (PyTorch 1.13 does it at the
  // first step; the values are the same): "step" a 0-d tensor 0,
  // "exp_avg" and "exp_avg_sq" zeros, and with amsgrad "max_exp_avg_sq".
  Adam(std::vector<autograd::Variable> params, const AdamOptions& options);
  Adam(std::vector<optim::ParamGroup> groups, const AdamOptions& options);

 protected:
  void update() override;
};

}  // namespace blocks::exercises
