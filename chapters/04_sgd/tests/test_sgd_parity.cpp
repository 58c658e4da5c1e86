// Parity with torch.optim.SGD (PyTorch 1.13.1): eleven option mixes, 20
// steps each, against trajectories recorded by
// tests/goldens/make_ch04_goldens.py. Every parameter after every step and
// the final momentum buffers must agree to 1e-12 (absolute, plus 1e-12
// relative), and in fact agree bit for bit (checked and reported).
#include <cmath>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/optim.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch04_test_support.hpp"

namespace {

using blocks::Tensor;
using blocks::autograd::Variable;
using blocks::testing::AllClose;
using blocks::testing::kTightAtol;
using blocks::testing::kTightRtol;
using ch04_test::golden_lines;
using ch04_test::numbers;
namespace optim = blocks::optim;

// The fixed problem of problem.txt: initial values, curvatures a, centres
// c and the cubic coefficient k of g(p) = s (a (p - c) + k p^3).
struct Problem {
  std::vector<Tensor> init, curve, centre;
  double cubic = 0.0;
  int steps = 0;
};

Tensor shaped(const std::vector<double>& values, const blocks::Shape& shape) {
  Tensor t = Tensor::from_shape(shape);
  std::copy(values.begin(), values.end(), t.begin());
  return t;
}

Problem load_problem() {
  Problem problem;
  std::vector<blocks::Shape> shapes;
  for (const auto& line : golden_lines("problem.txt")) {
    const std::string& what = line[0];
    if (what == "steps") problem.steps = std::stoi(line[1]);
    if (what == "cubic") problem.cubic = std::stod(line[1]);
    if (what == "param") {
      blocks::Shape shape;
      for (std::size_t i = 4; i < line.size(); ++i) {
        shape.push_back(std::stoul(line[i]));
      }
      shapes.push_back(shape);
    }
    const auto& shape = shapes.empty() ? blocks::Shape{} : shapes.back();
    if (what == "init") problem.init.push_back(shaped(numbers(line, 2), shape));
    if (what == "curve") {
      problem.curve.push_back(shaped(numbers(line, 2), shape));
    }
    if (what == "centre") {
      problem.centre.push_back(shaped(numbers(line, 2), shape));
    }
  }
  return problem;
}

// The gradient rule, with the generator's operations in the generator's
// order (each rounded once; no contraction into fused multiply-adds).
Tensor gradient(const Problem& pr, std::size_t i, const Tensor& p,
                double sign) {
  return sign * (pr.curve[i] * (p - pr.centre[i]) + pr.cubic * (p * p * p));
}

bool active(std::size_t index, int step) {
  return index == 0 || step % 3 != 0;
}

// One golden run: torch's state_dict groups, the trajectory, final state.
struct Golden {
  bool set_to_none = false;
  std::vector<std::vector<std::string>> groups;  // "group" lines
  std::map<std::pair<int, std::size_t>, std::vector<double>> after;
  std::map<std::size_t, std::vector<std::string>> state;
};

Golden load_golden(const std::string& name) {
  Golden golden;
  for (const auto& line : golden_lines("sgd_" + name + ".txt")) {
    if (line[0] == "set_to_none") golden.set_to_none = line[1] == "1";
    if (line[0] == "group") golden.groups.push_back(line);
    if (line[0] == "step") {
      golden.after[{std::stoi(line[1]), std::stoul(line[3])}] =
          numbers(line, 4);
    }
    if (line[0] == "state") golden.state[std::stoul(line[1])] = line;
  }
  return golden;
}

using Factory =
    std::function<std::unique_ptr<optim::Optimizer>(std::vector<Variable>)>;

optim::SGDOptions with(double lr, double momentum = 0.0, double dampening = 0.0,
                       double weight_decay = 0.0, bool nesterov = false,
                       bool maximize = false) {
  optim::SGDOptions o(lr);
  o.momentum = momentum;
  o.dampening = dampening;
  o.weight_decay = weight_decay;
  o.nesterov = nesterov;
  o.maximize = maximize;
  return o;
}

Factory one_group(const optim::SGDOptions& options) {
  return [options](std::vector<Variable> params) {
    return std::make_unique<optim::SGD>(std::move(params), options);
  };
}

// The same option mixes as the generator's CASES.
struct Case {
  std::string name;
  Factory make;
  double sign = 1.0;  // -1: the maximize runs climb -f
};

// Test names and failure messages show the case's name, not its bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

std::vector<Case> cases() {
  return {
      {"plain", one_group(with(0.1))},
      {"momentum", one_group(with(0.1, 0.9))},
      {"dampening", one_group(with(0.1, 0.9, 0.3))},
      {"dampening_negative", one_group(with(0.05, 0.5, -1.0))},
      {"nesterov", one_group(with(0.1, 0.9, 0.0, 0.0, true))},
      {"weight_decay", one_group(with(0.1, 0.0, 0.0, 0.01))},
      {"momentum_weight_decay", one_group(with(0.05, 0.8, 0.0, 0.1))},
      {"maximize", one_group(with(0.1, 0.5, 0.0, 0.0, false, true)), -1.0},
      {"everything", one_group(with(0.03, 0.7, 0.0, 0.02, true, true)), -1.0},
      {"two_groups",
       [](std::vector<Variable> p) {
         std::vector<optim::ParamGroup> groups{
             optim::ParamGroup({p[0]}),
             optim::ParamGroup({p[1]}, {{"lr", 0.01}, {"momentum", 0.5}})};
         return std::make_unique<optim::SGD>(std::move(groups), with(0.1, 0.9));
       }},
      {"set_to_none", one_group(with(0.05, 0.8, 0.0, 0.1))},
  };
}

std::string option_text(const optim::OptionValue& value) {
  if (const bool* flag = std::get_if<bool>(&value)) return *flag ? "1" : "0";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", std::get<double>(value));
  return buffer;
}

class SgdParity : public ::testing::TestWithParam<Case> {};

// Runs `steps` steps from step `first` (1-based), comparing with torch.
// [parity-steps]
void run_steps(optim::Optimizer& opt, std::vector<Variable>& params,
               const Problem& problem, const Golden& golden, double sign,
               int first, int last, std::size_t* identical, std::size_t* total,
               double* worst) {
  for (int step = first; step <= last; ++step) {
    opt.zero_grad(golden.set_to_none);
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (active(i, step)) {
        ch04_test::set_grad(params[i],
                            gradient(problem, i, params[i].value(), sign));
      }
    }
    opt.step();
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Tensor expected =
          shaped(golden.after.at({step, i}), params[i].shape());
      ASSERT_TRUE(AllClose(params[i].value(), expected, kTightAtol, kTightRtol))
          << "step " << step << ", parameter " << i;
      for (std::size_t k = 0; k < expected.size(); ++k) {
        const double diff =
            std::abs(params[i].value().flat(k) - expected.flat(k));
        *worst = std::max(*worst, diff);
        *identical += diff == 0.0;
        ++*total;
      }
    }
  }
}
// [parity-steps]

TEST_P(SgdParity, TrajectoryAndStateMatchTorch) {
  const Case& c = GetParam();
  const Problem problem = load_problem();
  const Golden golden = load_golden(c.name);
  ASSERT_EQ(problem.steps, 20);
  std::vector<Variable> params;
  for (const Tensor& init : problem.init) params.emplace_back(init, true);
  auto opt = c.make(params);

  // Defaults filled in: our groups hold torch's options and indices.
  const optim::StateDict before = opt->state_dict();
  ASSERT_EQ(before.param_groups.size(), golden.groups.size());
  for (std::size_t g = 0; g < golden.groups.size(); ++g) {
    const auto& line = golden.groups[g];
    std::size_t w = 2;
    for (; line[w] != "params"; w += 2) {
      const auto& options = before.param_groups[g].options;
      ASSERT_TRUE(options.count(line[w])) << line[w];
      EXPECT_EQ(option_text(options.at(line[w])), line[w + 1])
          << "group " << g << " option " << line[w];
    }
    std::vector<std::size_t> indices;
    for (++w; w < line.size(); ++w) indices.push_back(std::stoul(line[w]));
    EXPECT_EQ(before.param_groups[g].params, indices);
  }

  std::size_t identical = 0, total = 0;
  double worst = 0.0;
  run_steps(*opt, params, problem, golden, c.sign, 1, problem.steps, &identical,
            &total, &worst);

  // The final momentum buffers: None, or torch's values.
  const optim::StateDict after = opt->state_dict();
  ASSERT_EQ(after.state.size(), golden.state.size());
  for (const auto& [index, line] : golden.state) {
    const auto& buffer = after.state.at(index).at("momentum_buffer");
    if (line[3] == "none") {
      EXPECT_FALSE(buffer.has_value()) << "parameter " << index;
    } else {
      ASSERT_TRUE(buffer.has_value()) << "parameter " << index;
      EXPECT_TRUE(AllClose(*buffer, shaped(numbers(line, 3), buffer->shape()),
                           kTightAtol, kTightRtol));
    }
  }
  std::cout << "[ parity ] sgd_" << c.name << ": " << identical << "/" << total
            << " values bit-identical, max |diff| " << worst << "\n";
  // Stronger than the 1e-12 promise: with std::fma where torch fuses, every
  // value is torch's to the last bit (without it, up to 9e-16 apart).
  EXPECT_EQ(identical, total);
}

INSTANTIATE_TEST_SUITE_P(Torch113, SgdParity, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

// Save after 10 steps, load into a new optimizer with other options, run
// 10 more: the last 10 steps still match torch's uninterrupted run.
TEST(SgdParityResume, ResumedFromFileMatchesTorch) {
  const Problem problem = load_problem();
  for (const std::string name : {"momentum_weight_decay", "two_groups"}) {
    SCOPED_TRACE(name);
    const Golden golden = load_golden(name);
    Case c;
    for (const Case& k : cases()) {
      if (k.name == name) c = k;
    }
    ch04_test::ScratchDir dir("resume_" + name);
    std::vector<Variable> params;
    for (const Tensor& init : problem.init) params.emplace_back(init, true);
    std::size_t identical = 0, total = 0;
    double worst = 0.0;
    {
      auto first = c.make(params);
      run_steps(*first, params, problem, golden, c.sign, 1, 10, &identical,
                &total, &worst);
      first->save(dir.file("state.txt"));
    }
    // New leaves holding the values, and an optimizer whose own options
    // are wrong on purpose: the file must restore them.
    std::vector<Variable> resumed;
    for (const auto& p : params) resumed.emplace_back(p.value(), true);
    std::unique_ptr<optim::Optimizer> second;
    if (name == "two_groups") {
      second = std::make_unique<optim::SGD>(
          std::vector<optim::ParamGroup>{optim::ParamGroup({resumed[0]}),
                                         optim::ParamGroup({resumed[1]})},
          with(1.0));
    } else {
      second = std::make_unique<optim::SGD>(resumed, with(1.0));
    }
    second->load(dir.file("state.txt"));
    run_steps(*second, resumed, problem, golden, c.sign, 11, 20, &identical,
              &total, &worst);
  }
}

// The notebook's CustomSGD is plain SGD: torch's "plain" trajectory, up to
// rounding (it subtracts lr * g in two roundings, torch in one).
TEST(CustomSgdParity, MatchesTorchPlainSgd) {
  const Problem problem = load_problem();
  const Golden golden = load_golden("plain");
  std::vector<Variable> params;
  for (const Tensor& init : problem.init) params.emplace_back(init, true);
  optim::CustomSGD opt(params, 0.1);
  std::size_t identical = 0, total = 0;
  double worst = 0.0;
  run_steps(opt, params, problem, golden, 1.0, 1, problem.steps, &identical,
            &total, &worst);
  std::cout << "[ parity ] CustomSGD vs sgd_plain: " << identical << "/"
            << total << " values bit-identical, max |diff| " << worst << "\n";
}

}  // namespace
