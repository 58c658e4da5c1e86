// The C++ the course uses, one idiom per section, each printing what it
// does. The book's page "C++ for PyTorch users" shows these sections beside
// their Python twins in cpp_primer.py; expected/cpp_primer.out is checked.
#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <xtensor/xarray.hpp>
#include <xtensor/xio.hpp>

#include "blocks/error.hpp"
#include "primer_stats.hpp"

namespace {

void values() {
  std::cout << "== values\n";
  // [values-copy]
  std::vector<double> a = {1, 2, 3};
  std::vector<double> b = a;   // a copy: b owns three doubles of its own
  b[0] = 100;                  // a is unchanged
  std::vector<double>& r = a;  // a reference: a second name for a
  r[1] = 200;                  // changes a
  const std::vector<double>& seen = a;  // may read a, may not change it
  std::cout << "a = " << a[0] << ' ' << seen[1] << ", b[0] = " << b[0] << '\n';
  // [values-copy]
}

// [values-passing]
// By const reference: reads the caller's vector, copies nothing.
double sum(const std::vector<double>& xs) {
  double total = 0;
  for (double x : xs) total += x;
  return total;
}
// By (non-const) reference: changes the caller's vector in place.
void scale_(std::vector<double>& xs, double k) {
  for (double& x : xs) x *= k;  // double&: each element, not a copy
}
// [values-passing]

void passing() {
  std::vector<double> xs = {1, 2, 3};
  scale_(xs, 10);
  std::cout << "sum after scale_: " << sum(xs) << '\n';
}

// [ownership-node]
struct Node {
  explicit Node(std::string name) : name(std::move(name)) {}
  ~Node() { std::cout << "  freed " << name << '\n'; }
  std::string name;
};
// [ownership-node]

void ownership() {
  std::cout << "== ownership\n";
  // [ownership-shared]
  {
    auto a = std::make_shared<Node>("grad_fn");
    std::shared_ptr<Node> b = a;  // a second owner, like `b = a` in Python
    std::cout << "  owners: " << a.use_count() << '\n';
    b.reset();  // like `del b`
    std::cout << "  owners: " << a.use_count() << '\n';
  }  // the last owner goes away: freed here, at once
  auto only = std::make_unique<Node>("buffer");   // exactly one owner
  std::unique_ptr<Node> moved = std::move(only);  // ownership handed over
  std::cout << "  only is " << (only ? "set" : "empty") << '\n';
  // [ownership-shared]
}

// [raii-guard]
bool grad_enabled = true;  // Chapter 2 keeps one per thread

// Off while alive; the destructor restores what it found, on every exit.
class NoGradGuard {
 public:
  NoGradGuard() : previous_(grad_enabled) { grad_enabled = false; }
  ~NoGradGuard() { grad_enabled = previous_; }
  NoGradGuard(const NoGradGuard&) = delete;  // one guard, one scope
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};
// [raii-guard]

void raii() {
  std::cout << "== raii\n";
  // [raii-use]
  {
    NoGradGuard no_grad;
    std::cout << "inside: " << grad_enabled << '\n';
  }
  std::cout << "after: " << grad_enabled << '\n';
  try {
    NoGradGuard no_grad;
    throw blocks::ValueError("something failed");
  } catch (const blocks::Error&) {
    std::cout << "after a throw: " << grad_enabled << '\n';
  }
  NoGradGuard{};  // a nameless temporary: gone at the semicolon
  std::cout << "after a nameless guard: " << grad_enabled << '\n';
  // [raii-use]
}

// [classes-dataset]
// An abstract base: `= 0` means "every subclass must define this".
class Dataset {
 public:
  virtual ~Dataset() = default;  // deleting through a Dataset* is safe
  virtual std::size_t size() const = 0;
  virtual double get(std::size_t index) const = 0;
};

class Squares : public Dataset {
 public:
  explicit Squares(std::size_t n) : n_(n) {}
  std::size_t size() const override { return n_; }
  double get(std::size_t i) const override { return double(i * i); }

 private:
  std::size_t n_;
};

// Works with any subclass: the call goes to the object's own get().
double last_item(const Dataset& data) {
  return data.get(data.size() - 1);
}
// [classes-dataset]

void classes() {
  std::cout << "== classes\n";
  Squares squares(4);
  std::cout << "size " << squares.size() << ", last " << last_item(squares)
            << '\n';
}

// [templates-function]
// The base knows the steps; T supplies forward and backward.
template <class T>
struct Function {
  static double apply(double x) {
    std::cout << "  " << T::name << ".forward(" << x << ")\n";
    return T::forward(x);
  }
  static double gradient(double x) { return T::backward(x, 1.0); }
};

struct Square : Function<Square> {
  static constexpr const char* name = "Square";
  static double forward(double x) { return x * x; }
  static double backward(double x, double grad) { return 2 * x * grad; }
};
// [templates-function]

// [templates-generic]
template <class T>
T twice(T x) {
  return x + x;  // compiled once for each T it is used with
}
// [templates-generic]

void templates() {
  std::cout << "== templates\n";
  double y = Square::apply(3.0);
  std::cout << "  y = " << y << ", dy/dx = " << Square::gradient(3.0) << '\n';
  std::cout << "  twice: " << twice(21) << ' ' << twice(1.25) << ' '
            << twice(std::string("ab")) << '\n';
}

void lambdas() {
  std::cout << "== lambdas\n";
  // [lambdas-capture]
  double k = 2;
  auto by_value = [k](double x) { return k * x; };       // copies k now
  auto by_reference = [&k](double x) { return k * x; };  // reads k later
  k = 10;
  std::cout << by_value(1) << ' ' << by_reference(1) << '\n';

  int calls = 0;
  // A closure the way optimizer.step(closure) takes one.
  std::function<double()> closure = [&calls] {
    ++calls;
    return 0.5;
  };
  double loss = closure() + closure();
  std::cout << "loss " << loss << " after " << calls << " calls\n";
  // [lambdas-capture]
}

// [optional-variant]
// Python: `lr: Optional[float] = None` and `Union[float, bool]`.
struct Options {
  std::optional<double> lr;  // empty until someone sets it
  double momentum = 0.0;
};
using OptionValue = std::variant<double, bool>;

void print(const OptionValue& value) {
  if (std::holds_alternative<bool>(value)) {
    std::cout << std::get<bool>(value) << '\n';
  } else {
    std::cout << std::get<double>(value) << '\n';
  }
}
// [optional-variant]

void optionals() {
  std::cout << "== optional\n";
  // [optional-use]
  Options options;
  std::cout << "lr set? " << options.lr.has_value() << '\n';
  options.lr = 0.1;
  std::cout << "lr = " << *options.lr << ", or " << Options{}.lr.value_or(0.01)
            << " by default\n";
  print(0.9);
  print(true);
  // [optional-use]
}

void exceptions() {
  std::cout << "== exceptions\n";
  // [exceptions-catch]
  try {
    primer::mean({});
  } catch (const blocks::ShapeError& e) {  // not this one: no match
    std::cout << "shape: " << e.what() << '\n';
  } catch (const blocks::Error& e) {  // the base catches every subclass
    std::cout << "error: " << e.what() << '\n';
  }
  // [exceptions-catch]
}

void containers() {
  std::cout << "== containers\n";
  // [containers-basics]
  std::vector<std::int64_t> labels;  // torch.int64
  labels.push_back(1);               // labels.append(1)
  labels.push_back(0);
  std::string name = "blocks";
  name += "::Tensor";             // strings are values too: name owns its text
  std::size_t n = labels.size();  // unsigned: it can never be negative
  std::cout << name << ", " << n << " labels\n";
  // [containers-basics]
  // [containers-underflow]
  std::vector<double> empty;
  std::size_t last = empty.size() - 1;  // 0 - 1 wraps around
  std::cout << "empty.size() - 1 = " << last << '\n';
  std::cout << "max: " << std::numeric_limits<std::size_t>::max() << '\n';
  std::vector<double> xs = {1, 2, 3};
  for (std::size_t i = xs.size(); i-- > 0;) {  // backwards, no underflow
    std::cout << xs[i] << ' ';
  }
  std::cout << '\n';
  // [containers-underflow]
}

void build() {
  std::cout << "== build\n";
  std::cout << "mean " << primer::mean({1, 2, 3, 4}) << '\n';
}

void lazy() {
  std::cout << "== xtensor\n";
  // [xtensor-lazy]
  xt::xarray<double> a = {1.0, 2.0, 3.0};
  xt::xarray<double> b = {10.0, 20.0, 30.0};
  auto lazy = a + b;                 // an expression: nothing computed yet
  xt::xarray<double> eager = a + b;  // computed now, into its own memory
  a(0) = 100;                        // the expression still reads a
  std::cout << "lazy " << lazy << ", eager " << eager << '\n';
  auto evaluated = xt::eval(a + b);  // auto, but a real array
  a(0) = 0;
  std::cout << "evaluated " << evaluated << '\n';
  // [xtensor-lazy]
}

}  // namespace

int main() {
  std::cout << std::boolalpha;  // print bools as true and false
  values();
  passing();
  ownership();
  raii();
  classes();
  templates();
  lambdas();
  optionals();
  exceptions();
  containers();
  build();
  lazy();
}
