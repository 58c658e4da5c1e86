#pragma once
/// \file
/// \brief Comma-separated text with every digit a double needs, for
/// readers who want to open the data in a spreadsheet.

#include <ostream>
#include <string>

#include "blocks/data/make_classification.hpp"
#include "blocks/tensor.hpp"

namespace blocks::data {

/// \brief Writes a 1-D (as one column) or 2-D array as CSV, 17 significant
/// digits per value so that reading it back gives the same doubles;
/// atomically. \throws ShapeError for other ranks, IOError naming the file.
void save_csv(const std::string& path, const Tensor& table);

/// \brief Writes integer labels as a one-column CSV, atomically.
void save_csv(const std::string& path, const Labels& labels);

/// \brief The text save_csv() writes for a table, into a stream (for
/// StagedFiles, which writes several files together).
/// \throws ShapeError for an array that is not 1-D or 2-D.
void write_csv(std::ostream& out, const Tensor& table);

/// \brief The text save_csv() writes for labels, into a stream.
void write_csv(std::ostream& out, const Labels& labels);

/// \brief Reads a CSV table of numbers, each cell by the rule every stored
/// number is read with (cli::parse_stored_number(); spaces around a cell
/// allowed), so every number save_csv() writes, subnormals included, reads
/// back.
/// \throws IOError when the file cannot be opened; DataError naming the
/// file for a cell that is not a number, rows of different lengths, an
/// empty file, NaN or Inf.
Tensor load_csv(const std::string& path);

}  // namespace blocks::data
