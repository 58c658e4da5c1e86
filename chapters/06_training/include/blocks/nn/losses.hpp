#pragma once
/// \file
/// \brief The loss of logistic regression, binary cross-entropy on logits,
/// in the same two flavours as the model.

#include <functional>

#include "blocks/autograd.hpp"
#include "blocks/nn/logistic_regression.hpp"

namespace blocks::nn {

/// \brief A loss: the mean loss of a batch from its logits and targets.
using Loss = std::function<autograd::Variable(const autograd::Variable&,
                                              const autograd::Variable&)>;

/// \brief `nn.BCEWithLogitsLoss()` as PyTorch 1.13 computes it, composed of
/// elementary ops: with \f$m = \max(-z, 0)\f$,
/// \f$\ell = (1 - y) z + m + \ln(e^{-m} + e^{-z-m})\f$, then the mean.
/// The engine derives \f$\partial L / \partial z\f$.
/// \throws ShapeError unless `z` and `y` have the same shape.
autograd::Variable bce_with_logits(const autograd::Variable& z,
                                   const autograd::Variable& y);

/// \brief bce_with_logits as one recorded operation, as PyTorch's
/// `BCEWithLogitsLoss` is one: the same loss and gradient to the bit, from
/// loops that repeat the thirteen operations' arithmetic. What make_loss
/// gives for Flavour::builtin ("Making it fast").
/// \throws ShapeError unless `z` and `y` have the same shape.
autograd::Variable fused_bce_with_logits(const autograd::Variable& z,
                                         const autograd::Variable& y);

/// \brief The notebook's `CustomBCEWithLogitLoss`: Chapter 2's
/// BCEWithLogitsFunction with its hand-written backward, run as its loop
/// twin fast::BCEWithLogitsFunction (the same numbers to the bit).
autograd::Variable custom_bce_with_logits(const autograd::Variable& z,
                                          const autograd::Variable& y);

/// \brief The loss that goes with a model flavour, as the programs run it:
/// fused_bce_with_logits or custom_bce_with_logits.
Loss make_loss(Flavour flavour);

}  // namespace blocks::nn
