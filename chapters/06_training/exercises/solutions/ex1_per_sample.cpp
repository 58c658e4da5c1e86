// Exercise 1, solved — an evaluation averaged over samples.
#include <cmath>

#include "blocks/error.hpp"
#include "ch06_exercises.hpp"

namespace blocks::exercises {

nn::Evaluation evaluate_per_sample(const nn::LogisticRegression& model,
                                   data::DataLoader& loader) {
  autograd::NoGradGuard no_grad;
  double loss_sum = 0.0, right = 0.0;
  std::size_t samples = 0;
  for (const data::Batch& batch : loader) {
    const Tensor z =
        model.forward(autograd::Variable(batch.features)).logits.value();
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double zi = z.flat(i), yi = batch.labels.flat(i);
      // The stable form: exp(-|z|) never overflows.
      loss_sum +=
          std::max(zi, 0.0) - zi * yi + std::log1p(std::exp(-std::abs(zi)));
      const double p = 1.0 / (1.0 + std::exp(-zi));
      right += (p > 0.5 ? 1.0 : 0.0) == yi ? 1.0 : 0.0;
    }
    samples += z.size();
  }
  if (samples == 0) {
    throw ValueError("evaluate_per_sample: the loader has no batch");
  }
  const double n = static_cast<double>(samples);
  return {loss_sum / n, right / n};
}

}  // namespace blocks::exercises
