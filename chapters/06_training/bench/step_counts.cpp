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
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

namespace {

int run(const std::string& flavour_name, const std::string& steps_text) {
  if (flavour_name != "custom" && flavour_name != "builtin") {
    throw blocks::ValueError("FLAVOUR must be custom or builtin, got '" +
                             flavour_name + "'");
  }
  const std::size_t steps = blocks::cli::parse_count(steps_text, "STEPS");
  const auto flavour = flavour_name == "custom" ? blocks::nn::Flavour::custom
                                                : blocks::nn::Flavour::builtin;
  const auto p = blocks::bench::make_problem(5, 10);
  auto model = blocks::nn::make_model(flavour, p.w, p.b);
  blocks::optim::SGD sgd(model->parameters(), blocks::optim::SGDOptions(0.01));
  const blocks::nn::Loss loss = blocks::nn::make_loss(flavour);
  const blocks::autograd::Variable x(p.x), y(p.y);
  double last = 0.0;
  for (std::size_t s = 0; s < steps; ++s) {
    sgd.zero_grad();
    const blocks::autograd::Variable l = loss(model->forward(x).logits, y);
    l.backward();
    sgd.step();
    last = l.value()();
  }
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
