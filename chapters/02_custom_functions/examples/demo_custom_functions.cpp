// Chapter 2's story: logistic regression's loss through the notebook's
// three custom Functions, the same model from elementary operations, the
// naive loss that overflows, and the graph autograd walks.
//   02_custom_functions                 prints the story
//   02_custom_functions --dot custom F  writes the custom graph as DOT to F
//   02_custom_functions --dot ops F     the same for the elementary graph
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include <xtensor/xio.hpp>
#include <xtensor/xmath.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/graph_dot.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/error.hpp"

using blocks::Tensor;
using namespace blocks::autograd;

namespace {

void section(const char* title) {
  std::cout << "\n== " << title << " ==\n";
}

// inf and nan printed the same way on every platform (glibc writes "-nan").
std::string number(double v) {
  if (std::isnan(v)) return "nan";
  std::ostringstream out;
  out << std::setprecision(4) << v;
  return out.str();
}

struct Model {
  Variable x, y, w, b;
};

// A fixed toy batch: four samples, three features, labels 1 0 1 0.
Model make_model() {
  Model m;
  m.x = Variable(Tensor{
      {1.0, 2.0, 3.0}, {0.0, 1.0, 0.0}, {-1.0, 0.5, 2.0}, {2.0, 2.0, 2.0}});
  m.y = Variable(blocks::column({1.0, 0.0, 1.0, 0.0}));
  m.w = Variable(Tensor{{0.5, -1.0, 0.25}}, true);
  m.b = Variable(Tensor{0.1}, true);
  m.x.set_name("x");
  m.y.set_name("y");
  m.w.set_name("w");
  m.b.set_name("b");
  return m;
}

// [custom-loss]
Variable custom_loss(const Model& m) {
  Variable z = LinearFunction::apply(m.x, m.w, m.b);
  return BCEWithLogitsFunction::apply(z, m.y);
}
// [custom-loss]

// [lazy-loss]
Variable lazy_loss(const Model& m) {
  Variable z = matmul(m.x, transpose(m.w)) + m.b;
  Variable losses = maximum(z, 0.0) - z * m.y + log1p(exp(-abs(z)));
  return mean(losses);
}
// [lazy-loss]

// The textbook formula, -[y log σ(z) + (1 - y) log(1 - σ(z))].
// [naive-loss]
Variable naive_loss(const Variable& z, const Variable& y) {
  Variable p = sigmoid(z);
  return mean(-(y * log(p) + (1.0 - y) * log(1.0 - p)));
}
// [naive-loss]

void print_grads(const Model& m) {
  std::cout << "dL/dw = " << m.w.grad() << "\ndL/db = " << m.b.grad() << "\n";
}

void custom_functions() {
  section("1. forward and backward through the custom Functions");
  Model m = make_model();
  Variable z = LinearFunction::apply(m.x, m.w, m.b);
  Variable p = SigmoidFunction::apply(z);
  std::cout << "logits z = LinearFunction(x, w, b):\n" << z.value() << "\n";
  std::cout << "probabilities SigmoidFunction(z):\n" << p.value() << "\n";
  Variable loss = custom_loss(m);
  loss.backward();
  std::cout << "loss = " << number(loss.value()()) << "  (grad_fn "
            << loss.grad_fn()->name() << ")\n";
  print_grads(m);

  section("2. the same model from elementary operations");
  Model lazy = make_model();
  Variable lazy_l = lazy_loss(lazy);
  lazy_l.backward();
  std::cout << "loss = " << number(lazy_l.value()()) << "  (grad_fn "
            << lazy_l.grad_fn()->name() << ")\n";
  print_grads(lazy);
  const double gap = xt::amax(xt::abs(lazy.w.grad() - m.w.grad()))() +
                     xt::amax(xt::abs(lazy.b.grad() - m.b.grad()))();
  std::cout << "same gradients to 1e-12: " << (gap < 1e-12 ? "yes" : "no")
            << "\n";
}

void overflow() {
  section("3. a confident wrong prediction: z = 40, y = 0");
  Variable z(Tensor{40.0}, true);
  Variable y(Tensor{0.0});
  Variable naive = naive_loss(z, y);
  naive.backward();
  std::cout << "sigmoid(40) rounds to 1: 1 - sigmoid(40) = "
            << number(1.0 - sigmoid(z).value()(0)) << "\n";
  std::cout << "naive : loss " << number(naive.value()()) << ", dL/dz "
            << number(z.grad()(0)) << "\n";
  z.reset_grad();
  Variable stable = BCEWithLogitsFunction::apply(z, y);
  stable.backward();
  std::cout << "stable: loss " << number(stable.value()()) << ", dL/dz "
            << number(z.grad()(0)) << "\n";
}

void errors() {
  section("4. mistakes the engine catches");
  Model m = make_model();
  Variable loss = custom_loss(m);
  loss.backward();
  try {
    loss.backward();
  } catch (const blocks::AutogradError& e) {
    std::cout << "AutogradError: " << e.what() << "\n";
  }
  try {
    Variable z = LinearFunction::apply(m.x, m.w, m.b);
    BCEWithLogitsFunction::apply(z, Variable(Tensor{1.0, 0.0, 1.0, 0.0}));
  } catch (const blocks::ShapeError& e) {
    std::cout << "ShapeError: " << e.what() << "\n";
  }
}

int write_dot(const std::string& which, const std::string& path) {
  Model m = make_model();
  Variable loss = which == "ops" ? lazy_loss(m) : custom_loss(m);
  loss.set_name("loss");
  // Atomically, with a message when it fails: the book's figure must not
  // be drawn from half a file.
  try {
    blocks::write_file_atomically(
        path, [&](std::ostream& out) { out << to_dot(loss); });
  } catch (const blocks::IOError& e) {
    std::cerr << "02_custom_functions: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--dot" &&
      (std::string(argv[2]) == "ops" || std::string(argv[2]) == "custom")) {
    return write_dot(argv[2], argv[3]);
  }
  if (argc != 1) {
    std::cerr << "usage: 02_custom_functions [--dot ops|custom FILE]\n";
    return 2;
  }
  xt::print_options::set_precision(4);
  custom_functions();
  overflow();
  errors();
  section("5. the graph of the custom loss, as Graphviz DOT");
  Model m = make_model();
  Variable loss = custom_loss(m);
  loss.set_name("loss");
  std::cout << to_dot(loss);
  return 0;
}
