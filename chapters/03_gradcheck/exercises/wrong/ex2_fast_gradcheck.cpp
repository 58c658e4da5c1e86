// Exercise 2 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the numerical side moves only the first differentiable
// input by eps u, while the analytical side sums over all of them, so any
// function of several inputs (a linear layer's x, W and b) "fails".
#include <cmath>
#include <random>

#include <xtensor/xmath.hpp>

#include "blocks/error.hpp"
#include "ch03_exercises.hpp"

namespace blocks::exercises {

namespace {

// Standard normal values of `shape`, drawn in row-major order.
Tensor normal(const Shape& shape, std::mt19937& rng) {
  std::normal_distribution<double> draw(0.0, 1.0);
  Tensor t = Tensor::from_shape(shape);
  for (auto& value : t) value = draw(rng);
  return t;
}

Tensor evaluate(const autograd::SingleOutputFunction& function,
                const std::vector<autograd::Variable>& inputs) {
  autograd::NoGradGuard no_grad;
  return function(inputs).value();
}

}  // namespace

bool fast_gradcheck(const autograd::SingleOutputFunction& function,
                    const std::vector<autograd::Variable>& inputs,
                    const autograd::GradcheckOptions& options, unsigned seed) {
  std::vector<autograd::Variable> diff;
  for (const auto& x : inputs) {
    if (x.requires_grad()) diff.push_back(x);
  }
  if (diff.empty()) {
    throw ValueError("fast_gradcheck: no input requires grad");
  }
  std::mt19937 rng(seed);
  std::vector<Tensor> u;
  double length = 0.0;
  for (const auto& x : diff) {
    u.push_back(normal(x.shape(), rng));
    length += xt::sum(u.back() * u.back())();
  }
  for (auto& part : u) part /= std::sqrt(length);

  const autograd::Variable out = function(inputs);
  Tensor v = normal(out.shape(), rng);
  v /= std::sqrt(xt::sum(v * v)());

  // Numerical: one central difference along u gives J u.
  std::vector<Tensor> original;
  for (auto& x : diff) original.push_back(x.value());
  diff[0].value() = original[0] + options.eps * u[0];
  const Tensor above = evaluate(function, inputs);
  diff[0].value() = original[0] - options.eps * u[0];
  const Tensor below = evaluate(function, inputs);
  for (std::size_t i = 0; i < diff.size(); ++i) diff[i].value() = original[i];
  const double n = xt::sum(v * (above - below))() / (2.0 * options.eps);

  // Analytical: one backward with grad_output v gives v^T J.
  const auto grads = autograd::grad({out}, diff, {v}, false, true);
  double a = 0.0;
  for (std::size_t i = 0; i < diff.size(); ++i) {
    a += xt::sum(grads[i] * u[i])();
  }
  return std::abs(a - n) <= options.atol + options.rtol * std::abs(n);
}

}  // namespace blocks::exercises
