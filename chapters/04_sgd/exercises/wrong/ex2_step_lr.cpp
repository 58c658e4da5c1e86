// Exercise 2 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the boundary is tested before the epoch is counted (off by
// one), so the first decay comes at the very first step() instead of after
// step_size of them.
#include "blocks/error.hpp"
#include "ch04_exercises.hpp"

namespace blocks::exercises {

StepLR::StepLR(optim::Optimizer& optimizer, std::size_t step_size, double gamma)
    : optimizer_(optimizer), step_size_(step_size), gamma_(gamma) {
  if (step_size == 0) {
    throw ValueError("StepLR: step_size must be at least 1, got 0");
  }
}

void StepLR::step() {
  const bool boundary = epoch_ % step_size_ == 0;
  ++epoch_;
  if (!boundary) return;
  const auto& groups = optimizer_.param_groups();
  for (std::size_t g = 0; g < groups.size(); ++g) {
    optimizer_.set_option(g, "lr", groups[g].number("lr") * gamma_);
  }
}

std::vector<double> StepLR::get_last_lr() const {
  std::vector<double> lrs;
  for (const auto& group : optimizer_.param_groups()) {
    lrs.push_back(group.number("lr"));
  }
  return lrs;
}

}  // namespace blocks::exercises
