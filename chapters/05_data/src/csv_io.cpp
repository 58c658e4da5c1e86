// CSV through xtensor's dump_csv/load_csv, with the checks they leave out.
#include "blocks/csv_io.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>

#include <xtensor/xcsv.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks::data {

void save_csv(const std::string& path, const Tensor& table) {
  if (table.dimension() != 1 && table.dimension() != 2) {
    throw ShapeError("save_csv " + path +
                     ": expected a 1-D or 2-D array, "
                     "got shape " +
                     shape_string(table.shape()));
  }
  Tensor rows = table;
  if (rows.dimension() == 1) rows.reshape({rows.size(), std::size_t{1}});
  write_file_atomically(path, [&](std::ostream& out) {
    // max_digits10 (17) makes every double round-trip through text.
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    xt::dump_csv(out, rows);
  });
}

void save_csv(const std::string& path, const Labels& labels) {
  Labels column = labels;
  column.reshape({labels.size(), std::size_t{1}});
  write_file_atomically(path,
                        [&](std::ostream& out) { xt::dump_csv(out, column); });
}

Tensor load_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IOError("cannot open " + path);
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
