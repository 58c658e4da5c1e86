// ch06_step_counts FLAVOUR STEPS: runs STEPS notebook steps (batch 5, 10
// features: zero_grad, forward, loss, backward, step), the step that
// BM_StepCustom and BM_StepBuiltin time, and nothing else.
// ch06_step_counts FLAVOUR STEPS --epochs: runs STEPS notebook epochs
// instead (loader, 18 steps, validation), the epoch BM_NotebookEpoch times.
// Run it under valgrind with two counts; the difference, divided by the
// difference in counts, is what one costs without the start-up:
//   tests/bench/step_counts.py --bin build/bin
// (instructions from callgrind, heap allocations from memcheck).
#include <cstddef>
#include <iostream>
#include <string>

#include "bench_problem.hpp"
#include "blocks/cli/run_program.hpp"
#include "blocks/cli/values.hpp"

namespace {

int run(const std::string& flavour_name, const std::string& steps_text,
        bool epochs) {
  const blocks::nn::Flavour flavour = blocks::nn::parse_flavour(flavour_name);
  const std::size_t steps = blocks::cli::parse_count(steps_text, "STEPS");
  double last = 0.0;
  if (epochs) {
    blocks::bench::NotebookEpoch notebook(flavour);
    for (std::size_t s = 0; s < steps; ++s) last = notebook.epoch();
  } else {
    blocks::bench::NotebookStepper stepper(flavour, 5, 10);
    for (std::size_t s = 0; s < steps; ++s) last = stepper.step();
  }
  std::cout << "loss after " << steps << (epochs ? " epochs: " : " steps: ")
            << last << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool epochs = argc == 4 && std::string(argv[3]) == "--epochs";
  if (argc != 3 && !epochs) {
    std::cerr << "usage: ch06_step_counts custom|builtin STEPS [--epochs]\n";
    return 2;
  }
  return blocks::cli::run_program(
      "ch06_step_counts", [&] { return run(argv[1], argv[2], epochs); });
}
