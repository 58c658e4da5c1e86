#pragma once
/// \file
/// \brief The notebook's minimal optimizer, `CustomSGD`: plain gradient
/// descent with one learning rate, written on top of Optimizer.

#include <vector>

#include "blocks/optim/optimizer.hpp"

namespace blocks::optim {

// [custom-sgd]
/// \brief The notebook's `CustomSGD(Optimizer)`: \f$p \leftarrow p - \gamma
/// \nabla_p L\f$ for every parameter that has a gradient. The base class
/// does the rest: groups, zero_grad(), step(), the state dict.
class CustomSGD : public Optimizer {
 public:
  /// \brief Plain SGD over `params` with learning rate `lr`.
  CustomSGD(std::vector<autograd::Variable> params, double lr)
      : Optimizer(std::move(params), Options{{"lr", lr}}) {}

 protected:
  /// \brief `p.data -= lr * p.grad`, as the notebook writes it.
  void update() override {
    for (const auto& group : param_groups()) {
      const double lr = group.number("lr");
      for (autograd::Variable p : group.params) {  // a handle, as in Python
        if (!p.has_grad()) continue;               // never touched by backward
        p.sub_(p.grad(), lr);
      }
    }
  }
};
// [custom-sgd]

}  // namespace blocks::optim
