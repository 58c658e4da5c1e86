// Exercise 2 — a fast, random-projection gradcheck: a solution.
//
// The page's question, "why can a single random projection still miss a
// bug, and how unlikely is it?": the error E = A - N is seen only as the
// number v^T E u. That is exactly 0 with probability 0 for random u, v (the
// zero set of a non-zero polynomial), but it can fall under the tolerance:
// one wrong element E_kj enters as E_kj u_k v_j, about E_kj / sqrt(N M) for
// unit vectors over N inputs and M outputs. Large or widespread errors are
// caught on almost every draw; a small error in one element of a large
// Jacobian is missed with real probability. Another seed, or the slow mode,
// settles it.
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
  for (std::size_t i = 0; i < diff.size(); ++i) {
    diff[i].value() = original[i] + options.eps * u[i];
  }
  const Tensor above = evaluate(function, inputs);
  for (std::size_t i = 0; i < diff.size(); ++i) {
    diff[i].value() = original[i] - options.eps * u[i];
  }
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
