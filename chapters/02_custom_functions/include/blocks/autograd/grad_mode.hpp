#pragma once
/// \file
/// \brief Grad mode: whether operations are recorded in the graph, and the
/// scope guards that switch it (`torch.no_grad()`, `torch.enable_grad()`).

namespace blocks::autograd {

/// \brief Whether operations are recorded in the graph right now
/// (`torch.is_grad_enabled()`); true unless a NoGradGuard is alive.
bool is_grad_enabled();

/// \brief While alive, grad mode is `enabled`; it restores the mode it
/// found (`torch.set_grad_enabled(enabled)` used as a context manager).
/// Guards nest.
class GradModeGuard {
 public:
  /// \brief Switches grad mode to `enabled` until the guard goes away.
  explicit GradModeGuard(bool enabled);
  ~GradModeGuard();
  /// \brief Not copyable: one guard, one scope.
  GradModeGuard(const GradModeGuard&) = delete;
  /// \brief Not assignable.
  GradModeGuard& operator=(const GradModeGuard&) = delete;

 private:
  bool previous_;
};

/// \brief While alive, nothing is recorded: results do not require grad and
/// have no `grad_fn` (`with torch.no_grad():`).
class NoGradGuard : public GradModeGuard {
 public:
  NoGradGuard() : GradModeGuard(false) {}
};

/// \brief While alive, operations are recorded again, even inside a
/// NoGradGuard (`with torch.enable_grad():`).
class EnableGradGuard : public GradModeGuard {
 public:
  EnableGradGuard() : GradModeGuard(true) {}
};

}  // namespace blocks::autograd
