#pragma once
/// \file
/// \brief Chapter 4 in one include: Optimizer, the notebook's CustomSGD,
/// SGD, and state dicts in files (`torch.optim`).

#include "blocks/optim/custom_sgd.hpp"
#include "blocks/optim/optimizer.hpp"
#include "blocks/optim/sgd.hpp"
#include "blocks/optim/state_dict_file.hpp"
