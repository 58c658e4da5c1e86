#pragma once
// What the catalogue of bad inputs shares, one file per chapter beside it
// (catalogue_chNN.cpp): every case asserts the exception type and that the
// message names the problem, and the file cases that nothing partial is
// left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "blocks/atomic_file.hpp"
#include "blocks/autograd.hpp"
#include "blocks/autograd/custom_functions.hpp"
#include "blocks/autograd/ops.hpp"
#include "blocks/data.hpp"
#include "blocks/data/csv_io.hpp"
#include "blocks/error.hpp"
#include "blocks/linalg.hpp"
#include "blocks/nn.hpp"
#include "blocks/nn/checkpoint.hpp"
#include "blocks/optim.hpp"
#include "blocks/optim/state_dict_file.hpp"

namespace fs = std::filesystem;
namespace ag = blocks::autograd;
namespace data = blocks::data;
namespace nn = blocks::nn;
namespace optim = blocks::optim;

namespace catalogue {

using ag::Variable;
using blocks::Tensor;

// Runs `f`, which must throw E whose message holds every one of `words`.
template <class E>
void expect_error(const std::function<void()>& f,
                  const std::vector<std::string>& words) {
  try {
    f();
  } catch (const E& e) {
    const std::string message = e.what();
    for (const auto& w : words) {
      EXPECT_NE(message.find(w), std::string::npos)
          << "'" << w << "' is not in: " << message;
    }
    return;
  } catch (const std::exception& e) {
    ADD_FAILURE() << "wrong exception type: " << e.what();
    return;
  }
  ADD_FAILURE() << "no exception";
}

// A scratch folder per test, removed at the end.
class Catalogue : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() /
        ("blocks_catalogue_" + std::to_string(getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const {
    return (dir_ / name).string();
  }
  void write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
  }
  // Every file the folder holds, for "nothing partial was left".
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_)) {
      if (e.is_regular_file()) out.push_back(e.path().filename().string());
    }
    return out;
  }
  fs::path dir_;
};

// A .npy file: magic, version 1.0, the header dict padded to 64 bytes.
inline std::string npy(const std::string& descr, const std::string& shape,
                       const std::string& payload, bool fortran = false) {
  std::string dict = "{'descr': '" + descr +
                     "', 'fortran_order': " + (fortran ? "True" : "False") +
                     ", 'shape': " + shape + ", }";
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += '\x01';
  out += '\x00';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  return out + dict + payload;
}

inline std::string doubles(const std::vector<double>& values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

inline std::string int64s(const std::vector<std::int64_t>& values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

inline Tensor filled(std::size_t rows, std::size_t cols, double v) {
  Tensor t = Tensor::from_shape({rows, cols});
  t.fill(v);
  return t;
}

inline Tensor alternating_labels(std::size_t rows) {
  Tensor t = Tensor::from_shape({rows, std::size_t{1}});
  for (std::size_t i = 0; i < rows; ++i) t(i, 0) = static_cast<double>(i % 2);
  return t;
}

}  // namespace catalogue
