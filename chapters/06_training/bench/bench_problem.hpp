#pragma once
// The benchmarks' problem: one batch of `m` samples of `d` standard normal
// features, 0/1 labels and starting weights, from a fixed seed, shared by
// ch06_bench and ch06_step_counts so both time the same step.
#include <cstddef>

#include "blocks/data.hpp"
#include "blocks/tensor.hpp"

namespace blocks::bench {

struct Problem {
  Tensor x, y, w;
  double b = -0.1;
};

inline Problem make_problem(std::size_t m, std::size_t d) {
  data::RandomState rng(123);
  Problem p{Tensor::from_shape({m, d}), Tensor::from_shape({m, 1}),
            Tensor::from_shape({1, d})};
  for (double& v : p.x) v = rng.standard_normal();
  for (double& v : p.y) v = rng.random_sample() < 0.5 ? 0.0 : 1.0;
  for (double& v : p.w) v = 0.1 * rng.standard_normal();
  return p;
}

}  // namespace blocks::bench
