#pragma once
// Reads the PyTorch goldens written by tests/goldens/make_ch02_goldens.py:
// one tensor per line, "name rank extent... value...".
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

#include "blocks/tensor.hpp"
#include "blocks/testing/golden_lines.hpp"

namespace blocks::testing {

inline std::map<std::string, Tensor> read_ch02_golden(const std::string& f) {
  const std::string path = golden_path("ch02", f);
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::map<std::string, Tensor> tensors;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string name;
    std::size_t rank = 0;
    fields >> name >> rank;
    Shape shape(rank);
    for (auto& extent : shape) fields >> extent;
    Tensor t = Tensor::from_shape(shape);
    for (auto& v : t) fields >> v;
    if (!fields) throw std::runtime_error("malformed line in " + path);
    tensors[name] = t;
  }
  return tensors;
}

}  // namespace blocks::testing
