// Chapter 4 exercise tests: they pass once your answers are right.
// `ctest -L exercise` runs them (see the chapter page). Expected values come
// from torch.optim.Adagrad, torch.optim.lr_scheduler.StepLR and
// torch.optim.Adam (PyTorch 1.13.1), recorded by
// tests/goldens/make_ch04_goldens.py.
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../tests/ch04_test_support.hpp"
#include "blocks/error.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch04_exercises.hpp"

namespace {

using blocks::Tensor;
using blocks::autograd::Variable;
namespace optim = blocks::optim;
namespace ex = blocks::exercises;
using ch04_test::golden_lines;
using ch04_test::set_grad;

Tensor values(const std::vector<std::string>& line, std::size_t from,
              const blocks::Shape& shape) {
  Tensor t = Tensor::from_shape(shape);
  for (std::size_t i = 0; i < t.size(); ++i) {
    t.flat(i) = std::strtod(line[from + i].c_str(), nullptr);
  }
  return t;
}

// The problem of tests/goldens/ch04/problem.txt (same numbers).
struct Problem {
  std::vector<Tensor> init{Tensor{{0.5, -1.25, 2.0}, {-0.75, 1.5, 0.1}},
                           Tensor{0.3, -2.2}};
  std::vector<Tensor> curve{Tensor{{1.0, 4.0, 0.25}, {2.5, 0.5, 9.0}},
                            Tensor{3.0, 0.2}};
  std::vector<Tensor> centre{Tensor{{1.0, 0.0, -1.0}, {0.5, -0.5, 2.0}},
                             Tensor{-1.0, 1.5}};
  double cubic = 0.05;
  Tensor gradient(std::size_t i, const Tensor& p) const {
    return curve[i] * (p - centre[i]) + cubic * (p * p * p);
  }
};

TEST(Exercise1, AdagradMatchesTorch) {
  const Problem problem;
  std::vector<Variable> params{Variable(problem.init[0], true),
                               Variable(problem.init[1], true)};
  ex::AdagradOptions o;
  o.lr = 0.1;
  o.lr_decay = 0.01;
  o.weight_decay = 0.05;
  o.initial_accumulator_value = 0.1;
  ex::Adagrad adagrad({optim::ParamGroup({params[0]}),
                       optim::ParamGroup({params[1]}, {{"lr", 0.5}})},
                      o);
  int last_step = 0;
  for (const auto& line : golden_lines("adagrad.txt")) {
    if (line[0] == "step") {
      const int step = std::stoi(line[1]);
      if (step != last_step) {
        adagrad.zero_grad();
        for (std::size_t i = 0; i < 2; ++i) {
          if (i == 0 || step % 3 != 0) {
            set_grad(params[i], problem.gradient(i, params[i].value()));
          }
        }
        adagrad.step();
        last_step = step;
      }
      const std::size_t i = std::stoul(line[3]);
      EXPECT_TRUE(blocks::testing::AllClose(
          params[i].value(), values(line, 4, params[i].shape()), 1e-12, 1e-12))
          << "step " << step << ", parameter " << i;
    } else if (line[0] == "state") {
      const std::size_t i = std::stoul(line[1]);
      const auto& entry = *adagrad.state(params[i]).at(line[2]);
      const blocks::Shape shape =
          line[2] == "step" ? blocks::Shape{} : params[i].shape();
      EXPECT_TRUE(blocks::testing::AllClose(entry, values(line, 3, shape),
                                            1e-12, 1e-12))
          << line[2];
    }
  }
  EXPECT_EQ(last_step, 20);
}

TEST(Exercise2, StepLRMatchesTorch) {
  Variable p(Tensor{0.0, 0.0}, true), q(Tensor{0.0, 0.0, 0.0}, true);
  optim::SGD sgd(
      {optim::ParamGroup({p}), optim::ParamGroup({q}, {{"lr", 0.03}})},
      optim::SGDOptions(0.1));
  ex::StepLR scheduler(sgd, 3, 0.1);
  for (const auto& line : golden_lines("step_lr.txt")) {
    const std::size_t epoch = std::stoul(line[1]);
    while (scheduler.last_epoch() < epoch) {
      sgd.step();
      scheduler.step();
    }
    const std::vector<double> lrs = scheduler.get_last_lr();
    ASSERT_EQ(lrs.size(), 2u);
    // Bit for bit: PyTorch multiplies once per boundary, so do we.
    EXPECT_EQ(lrs[0], std::strtod(line[2].c_str(), nullptr)) << epoch;
    EXPECT_EQ(lrs[1], std::strtod(line[3].c_str(), nullptr)) << epoch;
    EXPECT_EQ(sgd.param_groups()[1].number("lr"), lrs[1]);
  }
}

TEST(Exercise2, StepSizeZeroIsAnError) {
  Variable p(Tensor{0.0}, true);
  optim::SGD sgd({p}, optim::SGDOptions(0.1));
  EXPECT_THROW(ex::StepLR(sgd, 0), blocks::ValueError);
}

// Runs `run` of adam.txt ("plain" or "amsgrad") with `options`, the
// second parameter in a group of its own with lr 0.02, as the script does.
void check_adam_run(const std::string& run, const ex::AdamOptions& options) {
  const Problem problem;
  std::vector<Variable> params{Variable(problem.init[0], true),
                               Variable(problem.init[1], true)};
  ex::Adam adam({optim::ParamGroup({params[0]}),
                 optim::ParamGroup({params[1]}, {{"lr", 0.02}})},
                options);
  int last_step = 0, states = 0;
  for (const auto& line : golden_lines("adam.txt")) {
    if (line[0] != run) continue;
    if (line[1] == "step") {
      const int step = std::stoi(line[2]);
      if (step != last_step) {
        adam.zero_grad();
        for (std::size_t i = 0; i < 2; ++i) {
          if (i == 0 || step % 3 != 0) {
            set_grad(params[i], problem.gradient(i, params[i].value()));
          }
        }
        adam.step();
        last_step = step;
      }
      const std::size_t i = std::stoul(line[4]);
      ASSERT_TRUE(blocks::testing::AllClose(
          params[i].value(), values(line, 5, params[i].shape()), 1e-12, 1e-12))
          << run << ": step " << step << ", parameter " << i;
    } else if (line[1] == "state") {
      const std::size_t i = std::stoul(line[2]);
      const auto& entry = adam.state(params[i]).at(line[3]);
      ASSERT_TRUE(entry.has_value()) << run << ": no state " << line[3];
      const blocks::Shape shape =
          line[3] == "step" ? blocks::Shape{} : params[i].shape();
      EXPECT_TRUE(blocks::testing::AllClose(*entry, values(line, 4, shape),
                                            1e-12, 1e-12))
          << run << ": state " << line[3] << " of parameter " << i;
      ++states;
    }
  }
  EXPECT_EQ(last_step, 20) << run;
  EXPECT_EQ(states, options.amsgrad ? 8 : 6) << run;
}

TEST(Exercise3, AdamMatchesTorch) {
  ex::AdamOptions o;
  o.lr = 0.1;
  o.beta1 = 0.8;
  o.beta2 = 0.95;
  check_adam_run("plain", o);
}

TEST(Exercise3, AdamWithWeightDecayAndAmsgradMatchesTorch) {
  ex::AdamOptions o;
  o.lr = 0.1;
  o.beta1 = 0.8;
  o.beta2 = 0.95;
  o.weight_decay = 0.05;
  o.amsgrad = true;
  check_adam_run("amsgrad", o);
}

}  // namespace
