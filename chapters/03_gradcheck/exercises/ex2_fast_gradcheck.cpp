// Exercise 2 — a fast, random-projection gradcheck. See ch03_exercises.hpp.
#include <stdexcept>

#include "ch03_exercises.hpp"

namespace blocks::exercises {

bool fast_gradcheck(const autograd::SingleOutputFunction& function,
                    const std::vector<autograd::Variable>& inputs,
                    const autograd::GradcheckOptions& options, unsigned seed) {
  // TODO(exercise 2): draw u and v, move all differentiable inputs by
  // +eps u and -eps u together for the numerical side, and run one
  // backward with grad_output v (autograd::grad) for the analytical side.
  (void)function;
  (void)inputs;
  (void)options;
  (void)seed;
  throw std::logic_error("exercise 2: not implemented");
}

}  // namespace blocks::exercises
