#pragma once
// Internals shared by the gradcheck sources: the row loop with a hook, and
// the pieces of the failure report.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "blocks/autograd/gradcheck.hpp"

namespace blocks::autograd::detail {

// Called after each vector–Jacobian product with the output element and
// the gradients it produced, before they are stored; it may throw.
using RowHook = std::function<void(std::size_t, const std::vector<Tensor>&)>;

// analytical_jacobian() with a hook, so gradcheck can inspect every row.
std::vector<Tensor> analytical_rows(const Variable& output,
                                    const std::vector<Variable>& inputs,
                                    const RowHook& after_row);

// What the report needs to know about the pair it describes.
struct PairLabels {
  std::string input;   // e.g. "w" or "input1"
  std::string output;  // e.g. "out0"
  Shape input_shape;
  Shape output_shape;
};

// `w[0, 2]`: an element by its multi-index (just the name for shape ()).
std::string element_name(const std::string& label, const Shape& shape,
                         std::size_t flat);

// A number as the report prints it (4 or more significant digits).
std::string number(double value, int digits = 4);

// The two Jacobians side by side, cut to a window around the worst
// element; `*` marks elements outside the tolerance.
std::string jacobian_table(const Tensor& numerical, const Tensor& analytical,
                           const PairLabels& labels,
                           const JacobianElement& worst, double atol,
                           double rtol);

}  // namespace blocks::autograd::detail
