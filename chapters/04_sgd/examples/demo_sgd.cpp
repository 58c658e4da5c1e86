// Chapter 4's tour: the notebook's CustomSGD next to SGD, what momentum
// does on a long valley, a state dict saved and resumed, and the errors.
// `04_sgd --trajectories` writes the data of the chapter's figure instead.
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/atomic_file.hpp"
#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"
#include "blocks/optim.hpp"

using blocks::Tensor;
using blocks::autograd::Variable;
namespace ag = blocks::autograd;
namespace optim = blocks::optim;

static void section(const char* title) {
  std::cout << "\n== " << title << " ==\n";
}

// Every element of `t` in a row, e.g. "[0.5, -1.25]".
static std::string show(const Tensor& t) {
  std::ostringstream out;
  out << std::setprecision(std::cout.precision()) << '[';
  for (std::size_t i = 0; i < t.size(); ++i) {
    out << (i ? ", " : "") << t.flat(i);
  }
  return out.str() + ']';
}

// A tiny logistic regression: four points, two features, labels (4, 1).
struct Batch {
  Variable x{Tensor{{1.0, 2.0}, {-1.0, 0.5}, {2.0, -1.0}, {-0.5, -2.0}}};
  Variable y{blocks::column({1.0, 0.0, 1.0, 0.0})};
};

static double logistic_loss(const Batch& batch, const Variable& w,
                            const Variable& b) {
  Variable z = ag::LinearFunction::apply(batch.x, w, b);
  Variable loss = ag::BCEWithLogitsFunction::apply(z, batch.y);
  loss.backward();
  return loss.value()();
}

static void notebook_optimizer() {
  section("1. the notebook's CustomSGD and SGD(lr) take the same steps");
  Batch batch;
  Variable w1(Tensor{{0.0, 0.0}}, true), b1(Tensor{0.0}, true);
  Variable w2(Tensor{{0.0, 0.0}}, true), b2(Tensor{0.0}, true);
  optim::CustomSGD custom({w1, b1}, 0.5);
  optim::SGD sgd({w2, b2}, optim::SGDOptions(0.5));
  std::cout << "step  CustomSGD loss  SGD loss\n";
  for (int step = 1; step <= 5; ++step) {
    custom.zero_grad();
    sgd.zero_grad();
    const double l1 = logistic_loss(batch, w1, b1);
    const double l2 = logistic_loss(batch, w2, b2);
    custom.step();
    sgd.step();
    std::cout << std::setw(4) << step << "  " << std::setw(14) << l1 << "  "
              << std::setw(8) << l2 << "\n";
  }
  std::cout << "w after 5 steps: CustomSGD " << show(w1.value()) << ", SGD "
            << show(w2.value()) << "\n";
}

// The long valley f(x, y) = (x^2 + 25 y^2) / 2: steep across, flat along.
static double valley(const Variable& p) {
  static const Variable curvature(Tensor{1.0, 25.0});
  Variable f = 0.5 * ag::sum(curvature * p * p);
  f.backward();
  return f.value()();
}

struct Run {
  const char* name;
  optim::SGDOptions options;
};

static std::vector<Run> runs() {
  optim::SGDOptions plain(0.05), momentum(0.05), nesterov(0.05);
  momentum.momentum = 0.8;
  nesterov.momentum = 0.8;
  nesterov.nesterov = true;
  return {{"plain", plain}, {"momentum", momentum}, {"nesterov", nesterov}};
}

// Positions (x, y) after each of `steps` steps from (-4, 1).
static std::vector<Tensor> trajectory(const optim::SGDOptions& options,
                                      int steps) {
  Variable p(Tensor{-4.0, 1.0}, true);
  optim::SGD sgd({p}, options);
  std::vector<Tensor> path{p.value()};
  for (int step = 0; step < steps; ++step) {
    sgd.zero_grad();
    valley(p);
    sgd.step();
    path.push_back(p.value());
  }
  return path;
}

static void momentum_on_a_valley() {
  section("2. momentum on a long valley, f = (x^2 + 25 y^2) / 2");
  std::cout << "from (-4, 1), lr 0.05, momentum 0.8; f after k steps\n";
  std::cout << "optimizer        k=5       k=10      k=20      k=40\n";
  for (const Run& run : runs()) {
    const auto path = trajectory(run.options, 40);
    std::cout << std::left << std::setw(10) << run.name << std::right;
    for (int k : {5, 10, 20, 40}) {
      const Tensor& p = path[static_cast<std::size_t>(k)];
      const double f = 0.5 * (p(0) * p(0) + 25.0 * p(1) * p(1));
      std::cout << std::setw(10) << f;
    }
    std::cout << "\n";
  }
}

static void state_dict_round_trip() {
  section("3. save after 3 steps, load into a fresh optimizer, resume");
  optim::SGDOptions options(0.05);
  options.momentum = 0.8;
  // The uninterrupted run: 6 steps.
  Variable p(Tensor{-4.0, 1.0}, true);
  optim::SGD sgd({p}, options);
  for (int step = 0; step < 6; ++step) {
    sgd.zero_grad();
    valley(p);
    sgd.step();
    if (step == 2) sgd.save("sgd_state.txt");
  }
  // The resumed run: the parameter as it was at the save, a new optimizer.
  Variable q(Tensor{-4.0, 1.0}, true);
  {
    optim::SGD first({q}, options);
    for (int step = 0; step < 3; ++step) {
      first.zero_grad();
      valley(q);
      first.step();
    }
  }
  optim::SGD resumed({q}, optim::SGDOptions(1.0));  // lr comes from file
  resumed.load("sgd_state.txt");
  for (int step = 3; step < 6; ++step) {
    resumed.zero_grad();
    valley(q);
    resumed.step();
  }
  std::ifstream file("sgd_state.txt");
  std::cout << "sgd_state.txt:\n" << file.rdbuf();
  std::cout << "uninterrupted " << show(p.value()) << "\nresumed       "
            << show(q.value())
            << "\nidentical: " << (p.value() == q.value() ? "yes" : "no")
            << "\n";
}

static void errors() {
  section("4. mistakes are errors with PyTorch's messages");
  Variable p(Tensor{1.0, 2.0}, true);
  auto attempt = [](const char* what, auto&& make) {
    try {
      make();
      std::cout << what << ": no error\n";
    } catch (const blocks::Error& e) {
      std::cout << what << ": " << e.what() << "\n";
    }
  };
  attempt("SGD(lr=-0.1)", [&] { optim::SGD({p}, optim::SGDOptions(-0.1)); });
  attempt("SGD(lr=0.1, nesterov=True)", [&] {
    optim::SGDOptions o(0.1);
    o.nesterov = true;
    optim::SGD({p}, o);
  });
  attempt("SGD([p * 2], lr=0.1)", [&] {
    optim::SGD({ag::mul(p, Variable(Tensor{2.0}))}, optim::SGDOptions(0.1));
  });
  attempt("load a truncated file", [&] {
    std::ofstream("truncated.txt") << optim::kStateDictHeader << "\ngroups 1\n";
    optim::SGD sgd({p}, optim::SGDOptions(0.1));
    sgd.load("truncated.txt");
  });
}

// Figure data: one file per optimizer, "x y" per line.
static void write_trajectories() {
  for (const Run& run : runs()) {
    // Atomically, and an IOError naming the file when it cannot be written.
    blocks::write_file_atomically(
        std::string(run.name) + ".dat", [&](std::ostream& out) {
          out.precision(17);
          for (const Tensor& p : trajectory(run.options, 40)) {
            out << p(0) << ' ' << p(1) << '\n';
          }
        });
  }
}

int main(int argc, char** argv) {
  try {
    if (argc == 2 && std::strcmp(argv[1], "--trajectories") == 0) {
      write_trajectories();
      return 0;
    }
    if (argc != 1) {
      std::cerr << "usage: 04_sgd [--trajectories]\n";
      return 2;
    }
    std::cout << std::setprecision(4);
    notebook_optimizer();
    momentum_on_a_valley();
    state_dict_round_trip();
    errors();
  } catch (const blocks::Error& e) {
    std::cerr << "04_sgd: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
