// Chapter 6's benchmarks, side by side in one run (Google Benchmark):
//   - one notebook step (batch 5, 10 features: zero_grad, forward, loss,
//     backward, step) for the custom flavour, the builtin flavour and a
//     hand-written loop with no autograd (the floor);
//   - the same step at batch 256 x 100 features;
//   - one notebook epoch including the DataLoader (18 steps and the
//     validation pass), and the validation pass alone;
//   - the whole notebook program, start to exit (06_training, run as a
//     child process: data, three trainings of 10 epochs, the tables).
// Run on one core:  taskset -c 1 ./build/bin/ch06_bench
// LibTorch joins as a contender in ch06_bench_libtorch, which links this
// file with bench_libtorch.cpp (built only when CMake finds LibTorch).
#include <spawn.h>
#include <sys/wait.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "bench_problem.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

extern char** environ;

namespace nn = blocks::nn;
using blocks::Tensor;
using blocks::autograd::Variable;

namespace {

using blocks::bench::make_problem;
using blocks::bench::Problem;

// One step of the notebook's loop through a model of the given flavour.
void model_step(benchmark::State& state, nn::Flavour flavour) {
  blocks::bench::NotebookStepper stepper(
      flavour, static_cast<std::size_t>(state.range(0)),
      static_cast<std::size_t>(state.range(1)));
  for (auto _ : state) benchmark::DoNotOptimize(stepper.step());
}

void BM_StepCustom(benchmark::State& state) {
  model_step(state, nn::Flavour::custom);
}
void BM_StepBuiltin(benchmark::State& state) {
  model_step(state, nn::Flavour::builtin);
}

// The floor: the same step in plain loops over contiguous doubles, no
// graph, no temporaries beyond one gradient buffer.
void BM_StepHandWritten(benchmark::State& state) {
  const auto m = static_cast<std::size_t>(state.range(0));
  const auto d = static_cast<std::size_t>(state.range(1));
  const Problem p = make_problem(m, d);
  std::vector<double> x(p.x.begin(), p.x.end()), y(p.y.begin(), p.y.end());
  std::vector<double> w(p.w.begin(), p.w.end()), gw(d);
  double b = p.b;
  const double lr = 0.01;
  for (auto _ : state) {
    double loss = 0.0, gb = 0.0;
    std::fill(gw.begin(), gw.end(), 0.0);
    for (std::size_t i = 0; i < m; ++i) {
      const double* xi = &x[i * d];
      // Four partial sums: without -ffast-math the compiler keeps one
      // sum in order, a chain of dependent adds.
      double s[4] = {0.0, 0.0, 0.0, 0.0};
      std::size_t j = 0;
      for (; j + 4 <= d; j += 4) {
        for (std::size_t k = 0; k < 4; ++k) s[k] += xi[j + k] * w[j + k];
      }
      for (; j < d; ++j) s[0] += xi[j] * w[j];
      const double z = b + ((s[0] + s[1]) + (s[2] + s[3]));
      loss += std::max(z, 0.0) - z * y[i] + std::log1p(std::exp(-std::abs(z)));
      const double g = (1.0 / (1.0 + std::exp(-z)) - y[i]) / double(m);
      for (std::size_t k = 0; k < d; ++k) gw[k] += g * xi[k];
      gb += g;
    }
    for (std::size_t j = 0; j < d; ++j) w[j] -= lr * gw[j];
    b -= lr * gb;
    benchmark::DoNotOptimize(loss);
    benchmark::ClobberMemory();
  }
}

// One epoch of the notebook, loader and validation included.
void BM_NotebookEpoch(benchmark::State& state) {
  blocks::bench::NotebookEpoch notebook(
      static_cast<nn::Flavour>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(notebook.epoch());
}

// The validation pass of an epoch alone (100 batches, no graph).
void BM_ValidationPass(benchmark::State& state) {
  blocks::bench::NotebookEpoch notebook(
      static_cast<nn::Flavour>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(notebook.validation_loss());
}

// The whole program 06_training, start to exit, output discarded.
void BM_NotebookProgram(benchmark::State& state) {
  std::string program = BLOCKS_CH06_DEMO;
  char* argv[] = {program.data(), nullptr};
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", 1, 0);
  for (auto _ : state) {
    pid_t pid = 0;
    int status = 0;
    if (posix_spawn(&pid, argv[0], &quiet, nullptr, argv, environ) != 0 ||
        waitpid(pid, &status, 0) != pid || status != 0) {
      state.SkipWithError("06_training did not run");
      break;
    }
  }
  posix_spawn_file_actions_destroy(&quiet);
}

}  // namespace

BENCHMARK(BM_StepCustom)->Args({5, 10})->Args({256, 100});
BENCHMARK(BM_StepBuiltin)->Args({5, 10})->Args({256, 100});
BENCHMARK(BM_StepHandWritten)->Args({5, 10})->Args({256, 100});
BENCHMARK(BM_NotebookEpoch)
    ->Arg(static_cast<int>(nn::Flavour::custom))
    ->Arg(static_cast<int>(nn::Flavour::builtin))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ValidationPass)
    ->Arg(static_cast<int>(nn::Flavour::custom))
    ->Arg(static_cast<int>(nn::Flavour::builtin))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NotebookProgram)->Unit(benchmark::kMillisecond)->MinTime(1.0);

BENCHMARK_MAIN();
