// Exercise 3, solved — the training loop with Adagrad.
#include <vector>

#include <xtensor/xbuilder.hpp>
#include <xtensor/xmath.hpp>

#include "ch06_exercises.hpp"

namespace blocks::exercises {

using autograd::Variable;

nn::History train_adagrad(nn::LogisticRegression& model,
                          data::DataLoader& train_loader,
                          data::DataLoader& valid_loader, const nn::Loss& loss,
                          const AdagradSettings& settings, std::size_t epochs) {
  std::vector<Variable> params = model.parameters();
  // Adagrad's state, per parameter: the sum of squared gradients. It
  // lives as long as the run, across batches and epochs.
  std::vector<Tensor> sums;
  for (const Variable& p : params) sums.push_back(xt::zeros_like(p.value()));
  double steps = 0.0;  // every parameter is updated at every step

  nn::History history;
  for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
    double loss_sum = 0.0;
    std::size_t batches = 0;
    for (const data::Batch& batch : train_loader) {
      for (Variable& p : params) p.zero_grad();  // optimizer.zero_grad()
      const nn::Output out = model.forward(Variable(batch.features));
      const Variable batch_loss = loss(out.logits, Variable(batch.labels));
      batch_loss.backward();
      loss_sum += batch_loss.value()();
      ++batches;
      // optimizer.step(): the rate decays with the step count (from 0).
      autograd::NoGradGuard no_grad;
      const double lr = settings.lr / (1.0 + steps * settings.lr_decay);
      steps += 1.0;
      for (std::size_t k = 0; k < params.size(); ++k) {
        const Tensor& g = params[k].grad();
        sums[k] = sums[k] + g * g;
        const Tensor std_dev = xt::sqrt(sums[k]) + settings.eps;
        params[k].copy_(params[k].value() - lr * g / std_dev);
      }
    }
    const nn::Evaluation valid = nn::evaluate(model, valid_loader, loss);
    history.push_back({epoch, loss_sum / static_cast<double>(batches),
                       valid.loss, valid.accuracy, model.weight().value(),
                       model.bias().value()(0)});
  }
  return history;
}

}  // namespace blocks::exercises
