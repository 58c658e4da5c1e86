#pragma once
/// \file
/// \brief Chapter 6 in one include: the model, its loss, the training loop
/// and checkpoints.

#include "blocks/checkpoint.hpp"
#include "blocks/logistic_regression.hpp"
#include "blocks/losses.hpp"
#include "blocks/shuffling.hpp"
#include "blocks/training.hpp"
