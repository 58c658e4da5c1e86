// Exercise 2 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the textbook formula log σ(z) = -log(1 + e^{-z}). Right for
// moderate z, but e^{800} overflows to inf, so log σ(-800) is -inf (and
// its gradient nan) instead of -800.
#include "blocks/autograd/ops.hpp"
#include "ch02_exercises.hpp"

namespace blocks::exercises {

autograd::Variable log_sigmoid(const autograd::Variable& z) {
  using namespace autograd;
  return -log1p(exp(-z));
}

}  // namespace blocks::exercises
