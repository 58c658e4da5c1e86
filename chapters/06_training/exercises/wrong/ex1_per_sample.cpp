// Exercise 1 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it averages each batch's mean, as the notebook's evaluate
// does. With a smaller last batch, that sample weighs more than the others;
// the exercise asks for the mean over samples.
#include <cmath>

#include "blocks/error.hpp"
#include "ch06_exercises.hpp"

namespace blocks::exercises {

nn::Evaluation evaluate_per_sample(const nn::LogisticRegression& model,
                                   data::DataLoader& loader) {
  autograd::NoGradGuard no_grad;
  double loss_sum = 0.0, accuracy_sum = 0.0;
  std::size_t batches = 0;
  for (const data::Batch& batch : loader) {
    const Tensor z =
        model.forward(autograd::Variable(batch.features)).logits.value();
    double loss = 0.0, right = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double zi = z.flat(i), yi = batch.labels.flat(i);
      loss += std::max(zi, 0.0) - zi * yi + std::log1p(std::exp(-std::abs(zi)));
      right += ((zi > 0.0 ? 1.0 : 0.0) == yi) ? 1.0 : 0.0;
    }
    loss_sum += loss / static_cast<double>(z.size());
    accuracy_sum += right / static_cast<double>(z.size());
    ++batches;
  }
  if (batches == 0) throw ValueError("evaluate_per_sample: no batch");
  const double n = static_cast<double>(batches);
  return {loss_sum / n, accuracy_sum / n};
}

}  // namespace blocks::exercises
