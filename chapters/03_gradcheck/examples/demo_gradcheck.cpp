// Chapter 3: gradcheck on the notebook's three custom Functions, one
// planted bug and its report, and the eps trade-off of central differences.
//
//   03_gradcheck                      the checks and the eps table
//   03_gradcheck --eps-data FILE      also write the eps sweep for the plot
#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/gradcheck.hpp"
#include "blocks/autograd/planted_bug.hpp"
#include "blocks/error.hpp"

using blocks::Shape;
using blocks::Tensor;
using namespace blocks::autograd;

namespace {

// Double-precision inputs like torch.randn(..., dtype=torch.float64).
Variable randn(const Shape& shape, std::mt19937& rng, const char* name,
               bool requires_grad = true) {
  std::normal_distribution<double> normal(0.0, 1.0);
  Tensor t = Tensor::from_shape(shape);
  for (auto& v : t) v = normal(rng);
  Variable x(t, requires_grad);
  x.set_name(name);
  return x;
}

void print_check(const std::string& what, const GradcheckResult& result) {
  std::cout << "  " << std::left << std::setw(56) << what << std::right
            << (result.passed ? "passed" : "FAILED") << "\n";
}

// [eps-sweep]
// The largest error of the central difference of the sigmoid over a few
// points, against the exact derivative s(1 - s).
double central_difference_error(double eps) {
  Variable z(xt::linspace<double>(-3.0, 3.0, 13), true);
  auto f = [](const std::vector<Variable>& v) -> std::vector<Variable> {
    return {SigmoidFunction::apply(v[0])};
  };
  const Tensor j = numerical_jacobian(f, {z}, eps)[0][0];
  double worst = 0.0;
  for (std::size_t k = 0; k < z.value().size(); ++k) {
    const double s = 1.0 / (1.0 + std::exp(-z.value()(k)));
    worst = std::max(worst, std::abs(j(k, k) - s * (1.0 - s)));
  }
  return worst;
}
// [eps-sweep]

int run(int argc, char** argv) {
  std::string eps_data;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--eps-data") == 0 && i + 1 < argc) {
      eps_data = argv[++i];
    } else {
      std::cerr << "usage: 03_gradcheck [--eps-data FILE]\n";
      return 2;
    }
  }
  std::cout << std::setprecision(4);
  std::mt19937 rng(42);

  std::cout << "gradcheck of the notebook's Functions, in double "
               "precision:\n";
  Variable z = randn({10, 1}, rng, "z");
  print_check("SigmoidFunction        z (10, 1)",
              gradcheck(
                  [](const std::vector<Variable>& v) {
                    return SigmoidFunction::apply(v[0]);
                  },
                  {z}));

  Variable x = randn({1000, 5}, rng, "x");
  Variable w = randn({1, 5}, rng, "w"), b = randn({1}, rng, "b");
  print_check("LinearFunction         x (1000, 5), w (1, 5), b (1,)",
              gradcheck(
                  [](const std::vector<Variable>& v) {
                    return LinearFunction::apply(v[0], v[1], v[2]);
                  },
                  {x, w, b}));

  // [check-with-labels]
  // The labels do not require grad: gradcheck holds them fixed.
  Variable logits = randn({10, 1}, rng, "logits");
  Tensor labels = xt::cast<double>(randn({10, 1}, rng, "").value() > 0.0);
  Variable y(labels, false);
  print_check("BCEWithLogitsFunction  logits (10, 1), labels (10, 1)",
              gradcheck(
                  [](const std::vector<Variable>& v) {
                    return BCEWithLogitsFunction::apply(v[0], v[1]);
                  },
                  {logits, y}));
  // [check-with-labels]

  // [report-planted-bug]
  std::cout << "\nA planted bug: sigmoid's backward without (1 - sigma).\n";
  GradcheckOptions options;
  options.raise_exception = false;
  const GradcheckResult bad = gradcheck(
      [](const std::vector<Variable>& v) {
        return SigmoidMissingFactor::apply(v[0]);
      },
      {z}, options);
  std::cout << bad.report;
  // [report-planted-bug]

  std::cout << "\nThe eps trade-off: max |central difference - s(1 - s)| "
               "over 13 points of [-3, 3]\n"
            << "       eps   max error\n";
  for (int e = 1; e <= 12; ++e) {
    const double eps = std::pow(10.0, -e);
    std::cout << std::scientific << std::setprecision(0) << "  " << eps
              << std::setprecision(2) << "    " << central_difference_error(eps)
              << "\n";
  }
  if (!eps_data.empty()) {
    // Atomically: a failed write leaves no half a figure behind.
    blocks::write_file_atomically(eps_data, [](std::ostream& out) {
      out << "# eps  max_error (central difference of the sigmoid)\n"
          << std::scientific << std::setprecision(6);
      for (int t = 4; t <= 48; ++t) {  // four points per decade, 1e-1..1e-12
        const double eps = std::pow(10.0, -t / 4.0);
        out << eps << " " << central_difference_error(eps) << "\n";
      }
    });
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const blocks::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
