#pragma once
/// \file
/// \brief Chapter 5 in one include: the data set, its files and the
/// loader (`blocks::data`).

#include "blocks/data/csv_io.hpp"
#include "blocks/data/data_loader.hpp"
#include "blocks/data/dataset.hpp"
#include "blocks/data/dataset_folder.hpp"
#include "blocks/data/make_classification.hpp"
#include "blocks/data/npy_io.hpp"
#include "blocks/data/random_state.hpp"
#include "blocks/data/sampler.hpp"
#include "blocks/data/split_checksum.hpp"
#include "blocks/data/torch_generator.hpp"
