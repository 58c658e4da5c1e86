// The builtin loss as one recorded operation, as PyTorch's
// BCEWithLogitsLoss is one: bce_with_logits records thirteen, and on the
// notebook's batch of five each costs far more in bookkeeping (a result
// tensor, a Variable, a graph node) than in arithmetic. The loops below do
// what those thirteen operations do, element by element, in the same
// order, and the backward repeats the engine's chain rule through them,
// summing each element's gradients in the order the engine adds them, so
// loss and gradient are the same to the bit;
// tests/test_logistic_regression.cpp checks it.
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

#include "blocks/autograd/detail/spare_gradients.hpp"
#include "blocks/autograd/function.hpp"
#include "blocks/detail/same_shape.hpp"
#include "blocks/nn/losses.hpp"

namespace blocks::nn {

namespace {

// One element's way through bce_with_logits's operations, forward: with
// m = max(-z, 0), the loss is (1 - y) z + m + log(exp(-m) + exp(-z - m)).
struct ElementForward {
  double neg_z, m, exp_neg_m, exp_shifted, sum;

  explicit ElementForward(double z)
      : neg_z(-z),
        // Maximum: a NaN wins and a tie keeps the left side.
        m(std::isnan(neg_z) || neg_z >= 0.0 ? neg_z : 0.0),
        exp_neg_m(std::exp(-m)),
        exp_shifted(std::exp(neg_z - m)),
        sum(exp_neg_m + exp_shifted) {}

  double loss(double z, double y) const {
    return ((1.0 - y) * z + m) + std::log(sum);
  }
};

struct BinaryCrossEntropyWithLogits
    : autograd::Function<BinaryCrossEntropyWithLogits> {
  static constexpr const char* name = "BinaryCrossEntropyWithLogits";

  // autograd::mean: the losses summed from element 0, times 1/n.
  static Tensor forward(autograd::Context& ctx, const Tensor& z,
                        const Tensor& y) {
    ctx.save_for_backward(z, y);
    double total = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      total += ElementForward(z.data()[i]).loss(z.data()[i], y.data()[i]);
    }
    return Tensor(total * (1.0 / static_cast<double>(z.size())));
  }

  static std::vector<std::optional<Tensor>> backward(
      autograd::Context& ctx, const std::vector<Tensor>& grad_outputs) {
    const Tensor& z = ctx.saved(0);
    const Tensor& y = ctx.saved(1);
    // Both entries are set: a spare vector may hold an earlier step's
    // tensors. The target gets no gradient (one that needs it goes to
    // bce_with_logits).
    std::vector<std::optional<Tensor>> grads =
        autograd::detail::spare_gradients(2);
    grads[1].reset();
    if (!ctx.needs_input_grad(0)) {
      grads[0].reset();
      return grads;
    }
    // Mean's backward: every loss gets g / n.
    const double g = grad_outputs[0]() * (1.0 / static_cast<double>(z.size()));
    Tensor& gz = autograd::detail::gradient_in(grads[0], z.shape());
    for (std::size_t i = 0; i < z.size(); ++i) {
      const ElementForward f(z.data()[i]);
      const double g_sum = g / f.sum;                  // Log
      const double g_shifted = g_sum * f.exp_shifted;  // Exp(-z - m)
      const double g_neg_m = g_sum * f.exp_neg_m;      // Exp(-m)
      // m reaches the loss three ways. The engine runs the nodes of
      // -z - m and -m before it reaches the sum that adds m, so their two
      // gradients meet first.
      const double g_m = (-g_shifted + -g_neg_m) + g;
      // Maximum's left side: half at a tie, nothing where it lost.
      const double shared = f.neg_z == 0.0 ? g_m / 2.0 : g_m;
      const double g_max = f.neg_z < 0.0 ? 0.0 : shared;
      const double g_neg_z = g_shifted + g_max;
      gz.data()[i] = g * (1.0 - y.data()[i]) + -g_neg_z;  // Mul and Neg
    }
    return grads;
  }
};

}  // namespace

autograd::Variable fused_bce_with_logits(const autograd::Variable& z,
                                         const autograd::Variable& y) {
  // A target that needs a gradient, or shapes that differ (an error),
  // go through the thirteen operations.
  if (y.requires_grad() ||
      !blocks::detail::same_shape(z.value().shape(), y.value().shape())) {
    return bce_with_logits(z, y);
  }
  return BinaryCrossEntropyWithLogits::apply(z, y);
}

}  // namespace blocks::nn
