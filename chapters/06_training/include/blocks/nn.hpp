#pragma once
/// \file
/// \brief Chapter 6 in one include: the model, its loss, the training loop,
/// a run's settings and checkpoints.

#include "blocks/nn/checkpoint.hpp"
#include "blocks/nn/logistic_regression.hpp"
#include "blocks/nn/losses.hpp"
#include "blocks/nn/run_settings.hpp"
#include "blocks/nn/training.hpp"
#include "blocks/nn/training_loader.hpp"
