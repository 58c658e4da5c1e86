// Chapter 1's tour: the tensor rules later chapters rely on, printed.
#include <iostream>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xio.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/linalg.hpp"
#include "blocks/tensor.hpp"

using blocks::Tensor;

static void section(const char* title) {
  std::cout << "\n== " << title << " ==\n";
}

static void create_and_reshape() {
  section("1. creating and reshaping");
  // [create-tensors]
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};  // nested braces: 2 x 3
  Tensor zeros = xt::zeros<double>({2, 2});
  Tensor steps = xt::arange<double>(6.0);          // 0, 1, ..., 5
  steps.reshape({3, 2});                           // same data, new shape
  // [create-tensors]
  std::cout << "x " << blocks::shape_string(x.shape()) << ":\n" << x << "\n";
  std::cout << "zeros " << blocks::shape_string(zeros.shape()) << ":\n"
            << zeros << "\n";
  std::cout << "steps " << blocks::shape_string(steps.shape()) << ":\n"
            << steps << "\n";
}

static void broadcasting() {
  section("2. broadcasting");
  // [broadcast-examples]
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};  // (2, 3)
  Tensor row = {10.0, 20.0, 30.0};                 // (3,): added to each row
  Tensor column = blocks::column({100.0, 200.0});  // (2, 1): each column
  Tensor by_row = x + row;
  Tensor by_column = x + column;
  // The surprise: a (3,) vector plus a (3, 1) column is a (3, 3) table.
  Tensor v = {1.0, 2.0, 3.0};
  Tensor table = v + xt::reshape_view(v, {3, 1});
  // [broadcast-examples]
  std::cout << "x + row:\n" << by_row << "\n";
  std::cout << "x + column:\n" << by_column << "\n";
  std::cout << "(3,) + (3, 1) gives " << blocks::shape_string(table.shape())
            << ":\n" << table << "\n";
  // [broadcast-error]
  try {
    blocks::broadcast_shape(x.shape(), {2}, "add");
  } catch (const blocks::ShapeError& e) {
    std::cout << "ShapeError: " << e.what() << "\n";
  }
  // [broadcast-error]
}

static void views_and_reductions() {
  section("3. views and reductions");
  // [views]
  Tensor x = {{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  auto second_column = xt::view(x, xt::all(), 1);  // no copy: a window on x
  second_column *= 10.0;                           // writes through to x
  // [views]
  std::cout << "x after scaling its second column:\n" << x << "\n";
  // [reductions]
  Tensor column_sums = xt::sum(x, {0});  // over the batch axis: (3,)
  Tensor row_means = xt::mean(x, {1}, xt::keep_dims);  // kept as (2, 1)
  double total = xt::sum(x)();
  // [reductions]
  std::cout << "sum over axis 0 " << blocks::shape_string(column_sums.shape())
            << ": " << column_sums << "\n";
  std::cout << "mean over axis 1, kept " << blocks::shape_string(
                   row_means.shape()) << ":\n" << row_means << "\n";
  std::cout << "sum of all: " << total << "\n";
}

static void elementwise() {
  section("4. element-wise functions");
  // [elementwise]
  Tensor z = {-2.0, 0.0, 2.0};
  Tensor sigma = 1.0 / (1.0 + xt::exp(-z));  // the logistic sigmoid
  // [elementwise]
  std::cout << "z = " << z << "\nsigmoid(z) = " << sigma << "\n";
}

static void batch_matmul() {
  section("5. a batch through a linear layer");
  // [batch-linear]
  Tensor features = {{1.0, 2.0, 3.0},   // (batch, features) = (4, 3)
                     {0.0, 1.0, 0.0},
                     {-1.0, 0.5, 2.0},
                     {2.0, 2.0, 2.0}};
  Tensor weights = {{0.5, -1.0, 0.25}};  // (out, features) = (1, 3)
  Tensor bias = {0.1};                   // (out,) = (1,)
  Tensor logits = blocks::matmul(features, xt::transpose(weights)) + bias;
  // [batch-linear]
  std::cout << "logits " << blocks::shape_string(logits.shape()) << ":\n"
            << logits << "\n";
  // [matmul-error]
  try {
    blocks::matmul(features, weights);  // forgot the transpose
  } catch (const blocks::ShapeError& e) {
    std::cout << "ShapeError: " << e.what() << "\n";
  }
  // [matmul-error]
}

int main() {
  // [print-precision]
  xt::print_options::set_precision(4);
  // [print-precision]
  create_and_reshape();
  broadcasting();
  views_and_reductions();
  elementwise();
  batch_matmul();
  return 0;
}
