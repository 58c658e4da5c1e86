#pragma once
/// \file
/// \brief Chapter 5 in one include: the data set, its files and the
/// loader (`blocks::data`).

#include "blocks/csv_io.hpp"
#include "blocks/data_loader.hpp"
#include "blocks/dataset.hpp"
#include "blocks/dataset_folder.hpp"
#include "blocks/make_classification.hpp"
#include "blocks/npy_io.hpp"
#include "blocks/random_state.hpp"
#include "blocks/sampler.hpp"
#include "blocks/torch_generator.hpp"
