#pragma once
/// \file
/// \brief Chapter 4 in one include: Optimizer, the notebook's CustomSGD,
/// SGD, and state dicts in files (`torch.optim`).

#include "blocks/custom_sgd.hpp"
#include "blocks/optimizer.hpp"
#include "blocks/sgd.hpp"
#include "blocks/state_dict_file.hpp"
