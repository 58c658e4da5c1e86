#pragma once
// Helpers shared by Chapter 4's tests: gradients set by hand, the goldens
// made by tests/goldens/make_ch04_goldens.py, and scratch folders.
#include <any>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "blocks/autograd.hpp"
#include "blocks/tensor.hpp"
#include "blocks/testing/golden_lines.hpp"

namespace ch04_test {

using blocks::Tensor;
using blocks::autograd::Variable;

// A scalar whose backward adds `g` to the gradient of `p`: how a test gives
// a parameter exactly the gradient it wants (PyTorch's `p.grad = g`).
struct InjectGrad : blocks::autograd::Function<InjectGrad> {
  static Tensor forward(blocks::autograd::Context& ctx, const Tensor&,
                        const Tensor& g) {
    ctx.saved_data["g"] = g;
    return Tensor(0.0);
  }
  static std::vector<std::optional<Tensor>> backward(
      blocks::autograd::Context& ctx, const std::vector<Tensor>&) {
    return {std::any_cast<Tensor>(ctx.saved_data["g"]), std::nullopt};
  }
};

// Adds `g` to p's gradient (zeros + g and none -> g are both exactly g).
inline void set_grad(const Variable& p, const Tensor& g) {
  InjectGrad::apply(p, g).backward();
}

// The words of every line of a golden file, comments skipped.
inline std::vector<std::vector<std::string>> golden_lines(
    const std::string& name) {
  return blocks::testing::chapter_golden_lines("ch04", name);
}

using blocks::testing::numbers;

// torch's message for each case of messages.txt ("name<TAB>message").
inline std::string torch_message(const std::string& name) {
  std::ifstream in(blocks::testing::golden_path("ch04", "messages.txt"));
  for (std::string text; std::getline(in, text);) {
    const auto tab = text.find('\t');
    if (tab != std::string::npos && text.substr(0, tab) == name) {
      return text.substr(tab + 1);
    }
  }
  ADD_FAILURE() << "no message '" << name << "' in messages.txt";
  return "";
}

// A fresh, empty folder, removed when the object goes away.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("blocks_ch04_" + name + "_" + std::to_string(getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const {
    return (path_ / name).string();
  }
  std::size_t entries() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e :
         std::filesystem::directory_iterator(path_)) {
      ++n;
    }
    return n;
  }

 private:
  std::filesystem::path path_;
};

// Expects `statement` to throw `type` whose what() is exactly `text`.
#define EXPECT_THROW_MESSAGE(statement, type, text)          \
  do {                                                       \
    try {                                                    \
      statement;                                             \
      ADD_FAILURE() << "no exception from " #statement;      \
    } catch (const type& e) {                                \
      EXPECT_EQ(std::string(e.what()), std::string(text));   \
    } catch (const std::exception& e) {                      \
      ADD_FAILURE() << "wrong exception type: " << e.what(); \
    }                                                        \
  } while (0)

// Expects `statement` to throw `type` whose what() contains `part`.
#define EXPECT_THROW_CONTAINING(statement, type, part)               \
  do {                                                               \
    try {                                                            \
      statement;                                                     \
      ADD_FAILURE() << "no exception from " #statement;              \
    } catch (const type& e) {                                        \
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) \
          << e.what();                                               \
    } catch (const std::exception& e) {                              \
      ADD_FAILURE() << "wrong exception type: " << e.what();         \
    }                                                                \
  } while (0)

}  // namespace ch04_test
