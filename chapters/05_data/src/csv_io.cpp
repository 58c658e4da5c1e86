// CSV through xtensor's dump_csv/load_csv, with the checks they leave out.
#include "blocks/data/csv_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <limits>

#include <xtensor/xcsv.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/input_file.hpp"

namespace blocks::data {

namespace {

void require_table(const Tensor& table, const std::string& where) {
  if (table.dimension() != 1 && table.dimension() != 2) {
    throw ShapeError(where + ": expected a 1-D or 2-D array, got shape " +
                     shape_string(table.shape()));
  }
}

}  // namespace

void write_csv(std::ostream& out, const Tensor& table) {
  require_table(table, "write_csv");
  Tensor rows = table;
  if (rows.dimension() == 1) rows.reshape({rows.size(), std::size_t{1}});
  // max_digits10 (17) makes every double round-trip through text.
  out << std::setprecision(std::numeric_limits<double>::max_digits10);
  xt::dump_csv(out, rows);
}

void write_csv(std::ostream& out, const Labels& labels) {
  Labels column = labels;
  column.reshape({labels.size(), std::size_t{1}});
  xt::dump_csv(out, column);
}

void save_csv(const std::string& path, const Tensor& table) {
  require_table(table, "save_csv " + path);  // before any file is made
  write_file_atomically(path,
                        [&](std::ostream& out) { write_csv(out, table); });
}

void save_csv(const std::string& path, const Labels& labels) {
  write_file_atomically(path,
                        [&](std::ostream& out) { write_csv(out, labels); });
}

namespace {

// One cell as a number, by the rule every stored number is read with, so
// that "3abc" is not 3 and a subnormal we wrote reads back. Spaces around
// a cell, which some writers put after the commas, are allowed.
double cell_number(const std::string& line, std::size_t from, std::size_t to,
                   const std::string& path, std::size_t line_number,
                   std::size_t column) {
  while (from < to && (line[from] == ' ' || line[from] == '\t')) ++from;
  while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\t')) --to;
  const std::string cell = line.substr(from, to - from);
  try {
    return cli::parse_stored_number(cell, "cell");
  } catch (const ValueError& e) {
    const std::string message = e.what();  // "cell: why"
    throw DataError(path + ", line " + std::to_string(line_number) +
                    ", column " + std::to_string(column) + ": " +
                    message.substr(6));
  }
}

}  // namespace

Tensor load_csv(const std::string& path) {
  std::ifstream in = open_input(path);
  std::vector<double> values;
  std::size_t rows = 0, columns = 0, line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;  // a blank line holds no row
    std::size_t column = 0;
    for (std::size_t start = 0;; ++column) {
      const std::size_t comma = std::min(line.find(',', start), line.size());
      values.push_back(
          cell_number(line, start, comma, path, line_number, column + 1));
      if (comma == line.size()) break;
      start = comma + 1;
    }
    if (columns == 0) columns = column + 1;
    if (column + 1 != columns) {
      throw DataError(path + ", line " + std::to_string(line_number) + ": " +
                      std::to_string(column + 1) + " cells, the first row " +
                      std::to_string(columns) + " (ragged rows)");
    }
    ++rows;
  }
  if (rows == 0) throw DataError(path + ": no data");
  Tensor table = Tensor::from_shape({rows, columns});
  std::copy(values.begin(), values.end(), table.begin());
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!std::isfinite(table.flat(i))) {
      throw DataError(path + ": NaN or Inf at row " +
                      std::to_string(i / columns) + ", column " +
                      std::to_string(i % columns));
    }
  }
  return table;
}

}  // namespace blocks::data
