// The failure report: names, numbers and the side-by-side Jacobians.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "gradcheck_detail.hpp"

namespace blocks::autograd::detail {

namespace {

// A window of `size` indices out of `total` that contains `centre`.
std::pair<std::size_t, std::size_t> window(std::size_t centre,
                                           std::size_t total,
                                           std::size_t size) {
  if (total <= size) return {0, total};
  std::size_t first = centre >= size / 2 ? centre - size / 2 : 0;
  first = std::min(first, total - size);
  return {first, first + size};
}

std::string range(std::pair<std::size_t, std::size_t> r, std::size_t total) {
  return std::to_string(r.first) + "-" + std::to_string(r.second - 1) + " of " +
         std::to_string(total);
}

// A table cell: right-aligned, with one trailing mark column.
std::string cell(const std::string& text, char mark) {
  std::ostringstream out;
  out << std::setw(10) << text << mark;
  return out.str();
}

}  // namespace

std::string element_name(const std::string& label, const Shape& shape,
                         std::size_t flat) {
  if (shape.empty()) return label.empty() ? "[]" : label;
  std::vector<std::size_t> index(shape.size());
  for (std::size_t d = shape.size(); d-- > 0;) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::string name = label + "[";
  for (std::size_t d = 0; d < index.size(); ++d) {
    name += (d ? ", " : "") + std::to_string(index[d]);
  }
  return name + "]";
}

std::string number(double value, int digits) {
  std::ostringstream out;
  out << std::setprecision(digits) << value;
  return out.str();
}

std::string jacobian_table(const Tensor& numerical, const Tensor& analytical,
                           const PairLabels& labels,
                           const JacobianElement& worst, double atol,
                           double rtol) {
  // A window around the worst element keeps a 5000 x 1000 Jacobian
  // readable: a few rows (input elements) and columns (output elements).
  const std::size_t n_rows = numerical.shape(0), n_cols = numerical.shape(1);
  const auto rows = window(worst.input_element, n_rows, 6);
  const auto cols = window(worst.output_element, n_cols, 3);
  std::vector<std::string> names;
  std::size_t width = 11;
  for (std::size_t r = rows.first; r < rows.second; ++r) {
    names.push_back(element_name(labels.input, labels.input_shape, r));
    width = std::max(width, names.back().size());
  }
  // Lines are built whole, then stripped of the trailing mark column.
  std::vector<std::string> lines;
  lines.push_back("  d " + labels.output + " / d " + labels.input + ": rows " +
                  range(rows, n_rows) + " (" + labels.input + "), columns " +
                  range(cols, n_cols) + " (" + labels.output + ")");
  const std::string pad(width, ' ');
  std::ostringstream title;
  title << "  " << pad << " | " << std::left << std::setw(33) << "numerical"
        << " | analytical (* = fails)";
  lines.push_back(title.str());
  std::string header;
  for (std::size_t c = cols.first; c < cols.second; ++c) {
    header += cell(element_name("", labels.output_shape, c), ' ');
  }
  lines.push_back("  " + pad + " | " + header + " | " + header);
  for (std::size_t r = rows.first; r < rows.second; ++r) {
    std::ostringstream row;
    row << "  " << std::setw(static_cast<int>(width)) << names[r - rows.first]
        << " | ";
    for (std::size_t c = cols.first; c < cols.second; ++c) {
      row << cell(number(numerical(r, c)), ' ');
    }
    row << " | ";
    for (std::size_t c = cols.first; c < cols.second; ++c) {
      const double n = numerical(r, c), a = analytical(r, c);
      const bool close = std::abs(a - n) <= atol + rtol * std::abs(n);
      row << cell(number(a), close ? ' ' : '*');
    }
    lines.push_back(row.str());
  }
  std::string out;
  for (auto& line : lines) {
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
  }
  return out;
}

}  // namespace blocks::autograd::detail
