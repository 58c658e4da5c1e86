#include "blocks/autograd/grad_mode.hpp"

namespace blocks::autograd {

namespace {
// Grad mode is per thread, as in PyTorch: a guard in one thread does not
// silence recording in another.
thread_local bool grad_enabled = true;
}  // namespace

bool is_grad_enabled() {
  return grad_enabled;
}

GradModeGuard::GradModeGuard(bool enabled) : previous_(grad_enabled) {
  grad_enabled = enabled;
}

GradModeGuard::~GradModeGuard() {
  grad_enabled = previous_;
}

}  // namespace blocks::autograd
