#pragma once
/// \file
/// \brief Chapter 2's autograd in one include: `Variable`, the graph's
/// `Node`s, the backward engine, `Function<T>` and its `Context`, grad mode,
/// the elementary operations and the notebook's custom Functions.
/// (Chapter 3's `gradcheck` lives in `blocks/autograd/gradcheck.hpp`.)

#include "blocks/autograd/context.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/engine.hpp"
#include "blocks/autograd/function.hpp"
#include "blocks/autograd/grad_mode.hpp"
#include "blocks/autograd/graph.hpp"
#include "blocks/autograd/graph_dot.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/autograd/variable.hpp"
