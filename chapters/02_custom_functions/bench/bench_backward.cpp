// The plain backward pass against the engine the programs use, on the
// notebook's graph (batch 5, three features), side by side in one run:
//   taskset -c 1 ./build/bin/ch02_bench
// Each iteration builds the graph and walks it once (a walk frees what the
// graph saved, so the graph cannot be reused); the forward half is the same
// code for both, so the difference between the rows is the walk.
#include <benchmark/benchmark.h>

#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/autograd/plain_engine.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

namespace {

struct Batch {
  Variable x, y, w, b;
};

Batch notebook_batch() {
  Tensor x{{0.5, -1.2, 2.0},
           {3.0, 0.7, -0.5},
           {-2.0, 1.5, 0.2},
           {0.1, 0.2, 0.3},
           {1.0, -1.0, 0.5}};
  Tensor y = Tensor::from_shape({5, 1});
  for (std::size_t i = 0; i < 5; ++i) y(i, 0) = static_cast<double>(i % 2);
  return {Variable(x), Variable(y), Variable(Tensor{{0.3, -0.7, 0.1}}, true),
          Variable(Tensor({0.05}), true)};
}

// The custom flavour: three recorded operations.
Variable custom_loss(const Batch& d) {
  return BCEWithLogitsFunction::apply(LinearFunction::apply(d.x, d.w, d.b),
                                      d.y);
}

// The loss from elementary operations: about a dozen recorded operations.
Variable elementary_loss(const Batch& d) {
  Variable z = matmul(d.x, transpose(d.w)) + d.b;
  return mean(maximum(z, 0.0) - z * d.y + log1p(exp(-abs(z))));
}

template <Variable (*Loss)(const Batch&), bool Plain>
void BM_Backward(benchmark::State& state) {
  Batch d = notebook_batch();
  Tensor seed = Tensor::from_shape({});  // the loss is a scalar
  seed.fill(1.0);
  for (auto _ : state) {
    Variable loss = Loss(d);
    if constexpr (Plain) {
      plain::backward(loss, seed);
    } else {
      loss.backward();
    }
    benchmark::DoNotOptimize(d.w.grad().data());
  }
}

}  // namespace

BENCHMARK_TEMPLATE(BM_Backward, custom_loss, true)->Name("custom/plain");
BENCHMARK_TEMPLATE(BM_Backward, custom_loss, false)->Name("custom/engine");
BENCHMARK_TEMPLATE(BM_Backward, elementary_loss, true)
    ->Name("elementary/plain");
BENCHMARK_TEMPLATE(BM_Backward, elementary_loss, false)
    ->Name("elementary/engine");

BENCHMARK_MAIN();
