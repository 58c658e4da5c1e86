#pragma once
/// \file
/// \brief The model as the device trainers hold it: one vector
/// \f$w_0..w_{d-1}, b\f$ and SGD's momentum buffer of the same size. Its
/// start from the flags, and its checkpoints in Chapter 6's format, so that
/// `blocks-train`, `blocks-train-device` (Chapter 7) and
/// `blocks-train-distributed` (Chapter 8) read each other's files.
#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "blocks/cli/values.hpp"
#include "blocks/data.hpp"
#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/tools/training_flags.hpp"

namespace blocks::tools {

/// \brief The weights and bias, then the momentum buffer if SGD has one.
struct FlatState {
  std::vector<double> weight_and_bias;          ///< \f$w_0..w_{d-1}, b\f$
  std::optional<std::vector<double>> momentum;  ///< the same layout
};

/// \brief The start: `--init-weights` and `--init-bias`, or `nn.Linear`'s
/// default init drawn from `generator` (seeded by the caller, as
/// `torch.manual_seed` would be).
/// \throws ValueError when `--init-weights` does not hold \f$d\f$ values.
inline std::vector<double> initial_parameters(const TrainingFlags& f,
                                              std::size_t d,
                                              data::TorchGenerator& generator) {
  std::vector<double> wb;
  if (!f.init_weights.empty()) {
    wb = cli::parse_number_list(f.init_weights, "--init-weights");
    if (wb.size() != d) {
      throw ValueError("--init-weights has " + std::to_string(wb.size()) +
                       " values, the data " + std::to_string(d) + " features");
    }
    wb.push_back(f.init_bias);
    return wb;
  }
  const nn::LinearInit init = nn::torch_default_init(d, generator);
  wb.assign(init.weight.begin(), init.weight.end());
  wb.push_back(init.bias);
  return wb;
}

/// \brief A Chapter 6 checkpoint of a flat state: the model, and the state
/// dict an SGD over (weight, bias) would give, with its momentum buffers
/// once it has them.
inline nn::Checkpoint flat_checkpoint(const nn::RunSettings& settings,
                                      const FlatState& state,
                                      const nn::History& history) {
  const std::vector<double>& p = state.weight_and_bias;
  const std::size_t d = p.size() - 1;
  Tensor w = Tensor::from_shape({1, d});
  std::copy(p.begin(), p.end() - 1, w.begin());
  optim::StateDict sgd_state;
  sgd_state.param_groups.push_back({optim::to_options(settings.sgd), {0, 1}});
  if (state.momentum) {
    Tensor bw = Tensor::from_shape({1, d});
    std::copy(state.momentum->begin(), state.momentum->end() - 1, bw.begin());
    Tensor bb = Tensor::from_shape({1});
    bb(0) = state.momentum->back();
    sgd_state.state[0]["momentum_buffer"] = bw;
    sgd_state.state[1]["momentum_buffer"] = bb;
  }
  nn::Checkpoint c;
  c.settings = settings;
  c.flavour = settings.model;
  c.weight = w;
  c.bias = p.back();
  c.history = history;
  c.optimizer = sgd_state;
  return c;
}

/// \brief The flat state a checkpoint holds (what flat_checkpoint() wrote,
/// or `blocks-train`'s model and SGD), for data of `features` columns.
/// \throws ValueError when the checkpoint's model has another size.
inline FlatState flat_state(const nn::Checkpoint& c, std::size_t features) {
  if (c.weight.size() != features) {
    throw ValueError("restore: the checkpoint holds a model of " +
                     std::to_string(c.weight.size()) +
                     " features, not a model of " + std::to_string(features));
  }
  FlatState s;
  s.weight_and_bias.assign(c.weight.begin(), c.weight.end());
  s.weight_and_bias.push_back(c.bias);
  const auto weight = c.optimizer.state.find(0);
  const auto bias = c.optimizer.state.find(1);
  if (weight == c.optimizer.state.end() || bias == c.optimizer.state.end()) {
    return s;
  }
  const auto bw = weight->second.find("momentum_buffer");
  const auto bb = bias->second.find("momentum_buffer");
  if (bw != weight->second.end() && bw->second && bb != bias->second.end() &&
      bb->second) {
    s.momentum.emplace(bw->second->begin(), bw->second->end());
    s.momentum->push_back(bb->second->flat(0));
  }
  return s;
}

}  // namespace blocks::tools
