// State dicts in files: exact round trips, atomic writes, and clear errors
// for missing, truncated, malformed and mismatched files.
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/optim.hpp"
#include "ch04_test_support.hpp"

namespace {

using blocks::DataError;
using blocks::IOError;
using blocks::Tensor;
using blocks::ValueError;
using blocks::autograd::Variable;
using ch04_test::ScratchDir;
namespace optim = blocks::optim;

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bool same_tensor_bits(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_bits(a.flat(i), b.flat(i))) return false;
  }
  return true;
}

// Awkward values on purpose: they must come back bit for bit.
optim::StateDict awkward() {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  optim::StateDict sd;
  sd.param_groups.push_back(
      {{{"lr", 0.1}, {"nesterov", true}, {"tiny", 5e-324}}, {0, 1}});
  sd.param_groups.push_back({{{"lr", 1.0 / 3.0}, {"maximize", false}}, {2}});
  sd.state[0]["momentum_buffer"] = Tensor{{0.1, -0.0}, {inf, -inf}};
  sd.state[0]["step"] = Tensor(7.0);  // a 0-d tensor
  sd.state[2]["momentum_buffer"] = std::nullopt;
  sd.state[1]["sum"] = Tensor{nan, 1e308, -2.2250738585072014e-308};
  return sd;
}

void expect_same(const optim::StateDict& a, const optim::StateDict& b) {
  ASSERT_EQ(a.param_groups.size(), b.param_groups.size());
  for (std::size_t g = 0; g < a.param_groups.size(); ++g) {
    EXPECT_EQ(a.param_groups[g].params, b.param_groups[g].params);
    const auto& x = a.param_groups[g].options;
    const auto& y = b.param_groups[g].options;
    ASSERT_EQ(x.size(), y.size());
    for (const auto& [name, value] : x) {
      ASSERT_TRUE(y.count(name)) << name;
      EXPECT_EQ(value.index(), y.at(name).index()) << name;
      if (const double* d = std::get_if<double>(&value)) {
        EXPECT_TRUE(same_bits(*d, std::get<double>(y.at(name)))) << name;
      } else {
        EXPECT_EQ(std::get<bool>(value), std::get<bool>(y.at(name)));
      }
    }
  }
  ASSERT_EQ(a.state.size(), b.state.size());
  for (const auto& [index, entries] : a.state) {
    ASSERT_TRUE(b.state.count(index));
    const auto& other = b.state.at(index);
    ASSERT_EQ(entries.size(), other.size());
    for (const auto& [name, value] : entries) {
      ASSERT_TRUE(other.count(name));
      ASSERT_EQ(value.has_value(), other.at(name).has_value()) << name;
      if (value) {
        EXPECT_TRUE(same_tensor_bits(*value, *other.at(name))) << name;
      }
    }
  }
}

std::string text_of(const optim::StateDict& sd) {
  std::ostringstream out;
  optim::write(out, sd);
  return out.str();
}

TEST(StateDictFile, RoundTripIsExact) {
  ScratchDir dir("round_trip");
  optim::save(awkward(), dir.file("sd.txt"));
  expect_same(optim::load(dir.file("sd.txt")), awkward());
  EXPECT_EQ(dir.entries(), 1u);  // no temporary file left behind
}

TEST(StateDictFile, StartsWithHeaderAndEndsWithEnd) {
  const std::string text = text_of(awkward());
  EXPECT_EQ(text.rfind(std::string(optim::kStateDictHeader) + "\n", 0), 0u);
  EXPECT_EQ(text.substr(text.size() - 4), "end\n");
}

TEST(StateDictFile, SaveReplacesAnOldFileAtomically) {
  ScratchDir dir("replace");
  const std::string path = dir.file("sd.txt");
  std::ofstream(path) << "old";
  optim::save(awkward(), path);
  expect_same(optim::load(path), awkward());
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(StateDictFile, SaveIntoMissingFolderIsAnIOError) {
  ScratchDir dir("missing_folder");
  EXPECT_THROW_CONTAINING(optim::save(awkward(), dir.file("no/sd.txt")),
                          IOError, "no/sd.txt");
}

TEST(StateDictFile, MissingFileIsAnIOErrorNamingIt) {
  ScratchDir dir("missing");
  EXPECT_THROW_CONTAINING(optim::load(dir.file("absent.txt")), IOError,
                          "absent.txt");
}

// Every proper prefix of a file is refused with a DataError naming the
// file, except the one that lacks only the final newline.
TEST(StateDictFile, EveryTruncationIsDetected) {
  const std::string text = text_of(awkward());
  for (std::size_t n = 0; n + 1 < text.size(); ++n) {
    SCOPED_TRACE("prefix of " + std::to_string(n) + " characters");
    std::istringstream in(text.substr(0, n));
    EXPECT_THROW_CONTAINING(optim::read(in, "cut.txt"), DataError,
                            "cut.txt: line ");
  }
}

TEST(StateDictFile, TruncatedFileOnDiskNamesFileAndLine) {
  ScratchDir dir("truncated");
  const std::string text = text_of(awkward());
  const std::string path = dir.file("sd.txt");
  std::ofstream(path) << text.substr(0, text.find("state "));
  EXPECT_THROW_CONTAINING(optim::load(path), DataError,
                          path +
                              ": line 10: the file ends before its 'state' "
                              "line (truncated?)");
}

TEST(StateDictFile, MalformedLinesAreDataErrors) {
  const std::string good = text_of(awkward());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  const std::pair<std::string, std::string> cases[] = {
      {replaced("blocks-optim-state-dict 1", "blocks-optim-state-dict 2"),
       "line 1: unknown format version '2'"},
      {replaced("option lr number 0.10000000000000001",
                "option lr number 0.1x"),
       "line 4: expected a number, found '0.1x'"},
      {replaced("option nesterov flag true", "option nesterov flag yes"),
       "line 5: expected 'number <value>' or 'flag <true|false>'"},
      {replaced("groups 2", "groups -2"), "line 2: expected a count"},
      {replaced("tensor 2 2 2", "tensor 2 2 3"),
       "a tensor of shape (2, 3) needs 6 values, the line has 4"},
      {replaced("tensor 2 2 2", "tensor 2 99999999999 99999999999"),
       "needs 18446744073709551615 values"},
      {good + "extra\n", "text after the 'end' line"},
      {"PK\x03\x04 not a state dict\n",
       "line 1: expected "
       "'blocks-optim-state-dict'"},
  };
  ScratchDir dir("malformed");
  for (const auto& [text, message] : cases) {
    const std::string path = dir.file("bad.txt");
    std::ofstream(path, std::ios::trunc) << text;
    EXPECT_THROW_CONTAINING(optim::load(path), DataError, message);
  }
}

// The format splits lines into words, so a name with a space or a line
// break could not be read back: saving one is refused, and an old file is
// left as it was. (torch.save pickles any string; this is our format's
// rule, checked where the file is written rather than where it fails.)
TEST(StateDictFile, NamesThatCouldNotBeReadBackAreRefusedAtSave) {
  ScratchDir dir("bad_names");
  const std::string path = dir.file("sd.txt");
  std::ofstream(path) << "old";
  optim::StateDict option = awkward();
  option.param_groups[1].options["warmup steps"] = 3.0;
  EXPECT_THROW_CONTAINING(optim::save(option, path), ValueError,
                          "option 'warmup steps' of parameter group 1");
  optim::StateDict entry = awkward();
  entry.state[2]["two\nlines"] = std::nullopt;
  EXPECT_THROW_CONTAINING(optim::save(entry, path), ValueError,
                          "state entry 'two\\nlines' of parameter 2");
  optim::StateDict empty = awkward();
  empty.param_groups[0].options[""] = true;
  EXPECT_THROW_CONTAINING(text_of(empty), ValueError, "option ''");
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "old");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(OptimizerFile, SaveLoadResumesWithTheSameOptionsAndBuffers) {
  ScratchDir dir("optimizer");
  Variable p(Tensor{1.0, -2.0}, true), q(Tensor{1.0, -2.0}, true);
  optim::SGDOptions o(0.1);
  o.momentum = 0.9;
  o.nesterov = true;
  optim::SGD source({p}, o);
  ch04_test::set_grad(p, Tensor{0.3, -0.7});
  source.step();
  source.save(dir.file("sgd.txt"));
  optim::SGD target({q}, optim::SGDOptions(5.0));
  target.load(dir.file("sgd.txt"));
  expect_same(target.state_dict(), source.state_dict());
}

TEST(OptimizerFile, MismatchedFileIsAValueErrorNamingTheFile) {
  ScratchDir dir("mismatch");
  Variable p(Tensor{1.0}, true), q(Tensor{2.0}, true);
  optim::SGD two({optim::ParamGroup({p}), optim::ParamGroup({q})},
                 optim::SGDOptions(0.1));
  two.save(dir.file("two.txt"));
  Variable r(Tensor{1.0}, true);
  optim::SGD one({r}, optim::SGDOptions(0.1));
  EXPECT_THROW_MESSAGE(one.load(dir.file("two.txt")), ValueError,
                       dir.file("two.txt") + " does not fit this optimizer: " +
                           ch04_test::torch_message("load_group_count"));
}

}  // namespace
