// Exercise 2 — a learning-rate schedule, StepLR. See ch04_exercises.hpp.
#include <stdexcept>

#include "ch04_exercises.hpp"

namespace blocks::exercises {

StepLR::StepLR(optim::Optimizer& optimizer, std::size_t step_size, double gamma)
    : optimizer_(optimizer), step_size_(step_size), gamma_(gamma) {
  // TODO(exercise 2): reject step_size 0 with a blocks::ValueError.
  throw std::logic_error("exercise 2: not implemented");
}

void StepLR::step() {
  // TODO(exercise 2): count the epoch; at every multiple of step_size,
  // multiply each group's "lr" option by gamma (read it from
  // optimizer_.param_groups(), set it with optimizer_.set_option()).
  throw std::logic_error("exercise 2: not implemented");
}

std::vector<double> StepLR::get_last_lr() const {
  // TODO(exercise 2): each group's "lr", in order.
  throw std::logic_error("exercise 2: not implemented");
}

}  // namespace blocks::exercises
