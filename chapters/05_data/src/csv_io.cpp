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
#include "blocks/error.hpp"
#include "blocks/format.hpp"

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

// xtensor's loader reads "3abc" as 3 and a short row as it comes; check
// every cell and row length first, naming the line and the column.
void check_cells(std::istream& in, const std::string& path) {
  std::size_t line_number = 0, columns = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;  // a blank last line; xtensor decides
    std::size_t column = 0, start = 0;
    for (;; ++column) {
      const std::size_t comma = std::min(line.find(',', start), line.size());
      const std::string cell = line.substr(start, comma - start);
      char* end = nullptr;
      std::strtod(cell.c_str(), &end);
      const char* tail = end;
      const bool blank_tail = std::all_of(tail, cell.c_str() + cell.size(),
                                          [](char c) { return c == ' '; });
      if (cell.empty() || end == cell.c_str() || !blank_tail) {
        throw DataError(path + ", line " + std::to_string(line_number) +
                        ", column " + std::to_string(column + 1) + ": '" +
                        cell + "' is not a number");
      }
      if (comma == line.size()) break;
      start = comma + 1;
    }
    if (columns == 0) columns = column + 1;
    if (column + 1 != columns) {
      throw DataError(path + ", line " + std::to_string(line_number) + ": " +
                      std::to_string(column + 1) + " cells, the first row " +
                      std::to_string(columns) + " (ragged rows)");
    }
  }
}

}  // namespace

Tensor load_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IOError("cannot open " + path);
  check_cells(in, path);
  in.clear();
  in.seekg(0);
  Tensor table;
  try {
    table = xt::load_csv<double>(in);
  } catch (const std::invalid_argument&) {
    throw DataError(path + ": a cell is not a number");
  } catch (const std::out_of_range&) {
    throw DataError(path + ": a number is out of the range of a double");
  } catch (const std::runtime_error& e) {
    throw DataError(path + ": " + e.what());
  }
  if (table.size() == 0) throw DataError(path + ": no data");
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!std::isfinite(table.flat(i))) {
      throw DataError(path + ": NaN or Inf at row " +
                      std::to_string(i / table.shape(1)) + ", column " +
                      std::to_string(i % table.shape(1)));
    }
  }
  return table;
}

}  // namespace blocks::data
