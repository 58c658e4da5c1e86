// ch06_step_counts FLAVOUR STEPS: runs STEPS notebook steps (batch 5, 10
// features: zero_grad, forward, loss, backward, step), the step that
// BM_StepCustom and BM_StepBuiltin time, and nothing else. Run it under
// valgrind with two step counts; the difference, divided by the
// difference in steps, is what one step costs without the start-up:
//   tests/bench/step_counts.py --bin build/bin
// (instructions from callgrind, heap allocations from memcheck).
#include <cstddef>
#include <iostream>
#include <string>

#include "bench_problem.hpp"
#include "blocks/cli/run_program.hpp"
#include "blocks/cli/values.hpp"

namespace {

int run(const std::string& flavour_name, const std::string& steps_text) {
  const blocks::nn::Flavour flavour = blocks::nn::parse_flavour(flavour_name);
  const std::size_t steps = blocks::cli::parse_count(steps_text, "STEPS");
  blocks::bench::NotebookStepper stepper(flavour, 5, 10);
  double last = 0.0;
  for (std::size_t s = 0; s < steps; ++s) last = stepper.step();
  std::cout << "loss after " << steps << " steps: " << last << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ch06_step_counts custom|builtin STEPS\n";
    return 2;
  }
  return blocks::cli::run_program("ch06_step_counts",
                                  [&] { return run(argv[1], argv[2]); });
}
