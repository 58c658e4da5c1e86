// The catalogue of bad inputs against the library: every case asserts the
// exception type and that the message names the problem, and the file cases
// that nothing partial is left behind.
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
using ag::Variable;
using blocks::Tensor;

namespace {

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
std::string npy(const std::string& descr, const std::string& shape,
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

std::string doubles(const std::vector<double>& values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

std::string int64s(const std::vector<std::int64_t>& values) {
  std::string out(values.size() * 8, '\0');
  std::memcpy(out.data(), values.data(), out.size());
  return out;
}

Tensor filled(std::size_t rows, std::size_t cols, double v) {
  Tensor t = Tensor::from_shape({rows, cols});
  t.fill(v);
  return t;
}

Tensor alternating_labels(std::size_t rows) {
  Tensor t = Tensor::from_shape({rows, std::size_t{1}});
  for (std::size_t i = 0; i < rows; ++i) t(i, 0) = static_cast<double>(i % 2);
  return t;
}

// ---------------------------------------------------------------- shapes

TEST(CatalogueShapes, MatmulInnerDimensions) {
  expect_error<blocks::ShapeError>(
      [] { blocks::matmul(filled(2, 3, 1), filled(2, 3, 1)); },
      {"matmul", "(2, 3)"});
}

TEST(CatalogueShapes, MatmulRank3) {
  expect_error<blocks::ShapeError>(
      [] {
        Tensor a = Tensor::from_shape({2, 2, 2});
        blocks::matmul(a, filled(2, 2, 1));
      },
      {"matmul"});
}

TEST(CatalogueShapes, BroadcastIncompatible) {
  expect_error<blocks::ShapeError>(
      [] { blocks::broadcast_shape({3}, {4}, "add"); }, {"add", "(3,)"});
}

TEST(CatalogueShapes, AutogradAdd) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::add(Variable(filled(2, 3, 1), true), Variable(filled(3, 2, 1)));
      },
      {"(2, 3)", "(3, 2)"});
}

TEST(CatalogueShapes, AutogradMul) {
  expect_error<blocks::ShapeError>(
      [] { ag::mul(Variable(filled(4, 1, 1)), Variable(filled(3, 1, 1))); },
      {"(4, 1)", "(3, 1)"});
}

TEST(CatalogueShapes, AutogradMatmul) {
  expect_error<blocks::ShapeError>(
      [] { ag::matmul(Variable(filled(4, 3, 1)), Variable(filled(4, 3, 1))); },
      {"(4, 3)"});
}

TEST(CatalogueShapes, Reshape) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::reshape(Variable(filled(2, 3, 1)), {4, 2});
      },
      {"reshape", "(4, 2)"});
}

TEST(CatalogueShapes, LinearFunction) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::LinearFunction::apply(Variable(filled(4, 3, 1)),
                                  Variable(filled(1, 2, 1)),
                                  Variable(Tensor{0.0}));
      },
      {"LinearFunction", "(4, 3)", "(1, 2)"});
}

TEST(CatalogueShapes, BCEWithLogitsFunction) {
  expect_error<blocks::ShapeError>(
      [] {
        ag::BCEWithLogitsFunction::apply(Variable(filled(3, 1, 0)),
                                         Variable(filled(4, 1, 0)));
      },
      {"(3, 1)", "(4, 1)"});
}

TEST(CatalogueShapes, LossTargetSize) {
  expect_error<blocks::ShapeError>(
      [] {
        nn::bce_with_logits(Variable(filled(3, 1, 0)),
                            Variable(filled(5, 1, 0)));
      },
      {"bce_with_logits", "(5, 1)"});
}

TEST(CatalogueShapes, ModelInputFeatures) {
  expect_error<blocks::ShapeError>(
      [] {
        auto model = nn::make_model(nn::Flavour::custom, filled(1, 3, 0), 0.0);
        model->forward(Variable(filled(5, 4, 1)));
      },
      {"(5, 4)"});
}

TEST(CatalogueShapes, DatasetRowsDiffer) {
  expect_error<blocks::ShapeError>(
      [] { data::TensorDataset(filled(5, 2, 0), alternating_labels(4)); },
      {"TensorDataset", "mismatch"});
}

TEST(CatalogueShapes, SecondBackwardThroughFreedGraph) {
  expect_error<blocks::AutogradError>(
      [] {
        Variable x(filled(2, 1, 1), true);
        Variable loss = ag::sum(ag::sigmoid(x));
        loss.backward();
        loss.backward();
      },
      {"backward"});
}

// ---------------------------------------------------------- empty data

TEST(CatalogueEmpty, BCEOfEmptyInput) {
  expect_error<blocks::ValueError>(
      [] {
        ag::BCEWithLogitsFunction::apply(Variable(Tensor::from_shape({0, 1})),
                                         Variable(Tensor::from_shape({0, 1})));
      },
      {"empty"});
}

TEST(CatalogueEmpty, TrainOnEmptyDataset) {
  expect_error<blocks::Error>(
      [] {
        data::TensorDataset empty(Tensor::from_shape({0, 2}),
                                  Tensor::from_shape({0, 1}));
        data::DataLoaderOptions o;
        o.batch_size = 2;
        data::DataLoader train(empty, o), valid(empty, o);
        auto model = nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), 0);
        optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::builtin),
                  sgd, 1);
      },
      {"no batch"});
}

TEST(CatalogueEmpty, EvaluateEmptyLoader) {
  expect_error<blocks::ValueError>(
      [] {
        data::TensorDataset empty(Tensor::from_shape({0, 2}),
                                  Tensor::from_shape({0, 1}));
        data::DataLoader loader(empty);
        auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
        nn::evaluate(*model, loader, nn::make_loss(nn::Flavour::custom));
      },
      {"evaluate", "no batch"});
}

TEST(CatalogueEmpty, ModelOfZeroFeatures) {
  expect_error<blocks::ValueError>(
      [] {
        data::TorchGenerator g(1);
        nn::make_model(nn::Flavour::custom, 0, g);
      },
      {"in_features is 0"});
}

TEST(CatalogueEmpty, MakeClassificationNegativeSamples) {
  expect_error<blocks::ValueError>(
      [] {
        data::ClassificationOptions o;
        o.n_samples = -1;
        data::make_classification(o);
      },
      {"n_samples", "-1"});
}

// ------------------------------------------------------------ batches

TEST(CatalogueBatches, BatchSizeZero) {
  expect_error<blocks::ValueError>(
      [] {
        data::TensorDataset set(filled(4, 2, 0), alternating_labels(4));
        data::DataLoaderOptions o;
        o.batch_size = 0;
        data::DataLoader loader(set, o);
      },
      {"batch_size", "0"});
}

// Larger than the data is allowed (one short batch, as in PyTorch); with
// drop_last it leaves no batch, which training refuses by name.
TEST(CatalogueBatches, BatchLargerThanDataDropLast) {
  data::TensorDataset set(filled(4, 2, 0.5), alternating_labels(4));
  data::DataLoaderOptions o;
  o.batch_size = 10;
  data::DataLoader one(set, o);
  EXPECT_EQ(one.size(), 1u);
  o.drop_last = true;
  expect_error<blocks::ValueError>(
      [&] {
        data::DataLoader none(set, o);
        data::DataLoader valid(set);
        auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
        optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
        nn::train(*model, none, valid, nn::make_loss(nn::Flavour::custom), sgd,
                  1);
      },
      {"training loader has no batch"});
}

TEST(CatalogueBatches, SubsetIndexOutOfRange) {
  expect_error<blocks::ValueError>(
      [] {
        data::TensorDataset set(filled(4, 2, 0), alternating_labels(4));
        data::Subset(set, {0, 7});
      },
      {"7"});
}

TEST(CatalogueBatches, RandomSplitLengths) {
  expect_error<blocks::ValueError>(
      [] {
        data::TensorDataset set(filled(4, 2, 0), alternating_labels(4));
        data::TorchGenerator g(0);
        data::random_split(set, {1, 1}, g);
      },
      {"random_split", "Sum of input lengths"});
}

// ----------------------------------------------------- NaN and Inf

TEST(CatalogueNonFinite, NaNFeaturesStopTrainingNamingEpochAndBatch) {
  Tensor x = filled(6, 2, 0.5);
  x(3, 1) = std::nan("");
  data::TensorDataset set(x, alternating_labels(6));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::custom), sgd,
                  2);
      },
      {"nan", "epoch 1, batch 2 of 3"});
}

TEST(CatalogueNonFinite, DivergingLearningRate) {
  Tensor x = filled(8, 2, 1e3);
  for (std::size_t i = 0; i < 8; i += 2) x(i, 0) = -1e3;
  data::TensorDataset set(x, alternating_labels(8));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(1e306));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::builtin),
                  sgd, 5);
      },
      {"train:", "epoch ", "batch "});
}

TEST(CatalogueNonFinite, NaNInitialWeight) {
  Tensor w = filled(1, 2, 0);
  w(0, 1) = std::numeric_limits<double>::infinity();
  expect_error<blocks::ValueError>(
      [&] { nn::make_model(nn::Flavour::custom, w, 0.0); }, {"weight", "inf"});
}

TEST(CatalogueNonFinite, NaNInitialBias) {
  expect_error<blocks::ValueError>(
      [] { nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), NAN); },
      {"bias", "nan"});
}

TEST(CatalogueNonFinite, HugeFeatureStopsNamingEpochAndBatch) {
  // A feature at DBL_MAX overflows the logits and then the parameters:
  // training stops at the first non-finite value, naming where.
  Tensor x = filled(4, 1, 1.0);
  x(1, 0) = std::numeric_limits<double>::max();
  data::TensorDataset set(x, alternating_labels(4));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 1, 1), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(10.0));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::custom), sgd,
                  3);
      },
      {"train:", "epoch ", ", batch ", " of 2"});
}

TEST(CatalogueNonFinite, CsvNaN) {
  const auto p = fs::temp_directory_path() / "blocks_catalogue_nan.csv";
  std::ofstream(p) << "1,2\n3,nan\n";
  expect_error<blocks::DataError>([&] { data::load_csv(p.string()); },
                                  {"NaN or Inf", "row 1, column 1"});
  fs::remove(p);
}

// ------------------------------------------------- .npy files

TEST_F(Catalogue, NpyMissing) {
  expect_error<blocks::IOError>([&] { data::load_npy(path("none.npy")); },
                                {"cannot open", "none.npy"});
}

TEST_F(Catalogue, NpyEmptyFile) {
  write("e.npy", "");
  expect_error<blocks::DataError>([&] { data::load_npy(path("e.npy")); },
                                  {"e.npy", "not a .npy file"});
}

TEST_F(Catalogue, NpyTruncatedHeader) {
  write("t.npy", npy("<f8", "(2, 2)", "").substr(0, 30));
  expect_error<blocks::DataError>([&] { data::load_npy(path("t.npy")); },
                                  {"t.npy", "truncated"});
}

TEST_F(Catalogue, NpyTruncatedData) {
  write("t.npy", npy("<f8", "(2, 2)", doubles({1, 2, 3})));
  expect_error<blocks::DataError>([&] { data::load_features(path("t.npy")); },
                                  {"t.npy", "truncated", "(2, 2)"});
}

TEST_F(Catalogue, NpyTrailingBytes) {
  write("t.npy", npy("<f8", "(1, 2)", doubles({1, 2, 3})));
  expect_error<blocks::DataError>([&] { data::load_npy(path("t.npy")); },
                                  {"8 trailing bytes"});
}

TEST_F(Catalogue, NpyWrongDtype) {
  write("f4.npy", npy("<f4", "(2,)", std::string(8, '\0')));
  expect_error<blocks::DataError>([&] { data::load_npy(path("f4.npy")); },
                                  {"unsupported dtype", "<f4"});
}

TEST_F(Catalogue, NpyFeaturesAsIntegers) {
  write("i.npy", npy("<i8", "(1, 2)", int64s({1, 2})));
  expect_error<blocks::DataError>([&] { data::load_features(path("i.npy")); },
                                  {"features must be float64"});
}

TEST_F(Catalogue, NpyFeaturesWrongRank) {
  write("r.npy", npy("<f8", "(3,)", doubles({1, 2, 3})));
  expect_error<blocks::DataError>([&] { data::load_features(path("r.npy")); },
                                  {"(m, d)", "(3,)"});
}

TEST_F(Catalogue, NpyLabelsWrongRank) {
  write("r.npy", npy("<i8", "(1, 1, 2)", int64s({0, 1})));
  expect_error<blocks::DataError>([&] { data::load_labels(path("r.npy")); },
                                  {"labels must have shape", "(1, 1, 2)"});
}

TEST_F(Catalogue, NpyBigEndian) {
  write("be.npy", npy(">f8", "(1, 1)", doubles({1})));
  expect_error<blocks::DataError>([&] { data::load_npy(path("be.npy")); },
                                  {"big-endian"});
}

TEST_F(Catalogue, NpyFortranOrder) {
  write("f.npy", npy("<f8", "(2, 2)", doubles({1, 2, 3, 4}), true));
  expect_error<blocks::DataError>([&] { data::load_npy(path("f.npy")); },
                                  {"Fortran"});
}

TEST_F(Catalogue, NpyBadVersion) {
  std::string bytes = npy("<f8", "(1,)", doubles({1}));
  bytes[6] = 9;
  write("v.npy", bytes);
  expect_error<blocks::DataError>([&] { data::load_npy(path("v.npy")); },
                                  {"version 9"});
}

TEST_F(Catalogue, NpyShapeOverflow) {
  // Extents whose product wraps around must not pass the size check.
  write("o.npy", npy("<f8", "(4611686018427387904, 4)", doubles({1})));
  expect_error<blocks::DataError>([&] { data::load_npy(path("o.npy")); },
                                  {"o.npy", "shape"});
}

TEST_F(Catalogue, NpyShapeExtentTooLong) {
  write("o.npy", npy("<f8", "(99999999999999999999999,)", ""));
  expect_error<blocks::DataError>([&] { data::load_npy(path("o.npy")); },
                                  {"o.npy", "shape"});
}

// Found by fuzz_npy (tests/fuzz/corpus/fuzz_npy/crash_padding_byte.npy): a
// stray byte in the header's padding passed our checks and xtensor's
// std::runtime_error escaped without the file's name.
TEST_F(Catalogue, NpyStrayByteInHeaderPadding) {
  std::string bytes = npy("<f8", "(2, 2)", doubles({1, 2, 3, 4}));
  bytes[0x6f] = '.';
  write("p.npy", bytes);
  expect_error<blocks::DataError>([&] { data::load_npy(path("p.npy")); },
                                  {"p.npy", "malformed .npy file"});
}

TEST_F(Catalogue, LabelOutsideZeroOne) {
  write("l.npy", npy("<i8", "(3,)", int64s({0, 1, 2})));
  expect_error<blocks::DataError>([&] { data::load_labels(path("l.npy")); },
                                  {"label 2 at row 2", "not 0 or 1"});
}

TEST_F(Catalogue, LabelNegative) {
  write("l.npy", npy("<f8", "(2, 1)", doubles({-1, 0})));
  expect_error<blocks::DataError>([&] { data::load_labels(path("l.npy")); },
                                  {"label -1 at row 0"});
}

TEST_F(Catalogue, FeaturesNaN) {
  write("x.npy", npy("<f8", "(2, 2)", doubles({1, 2, 3, std::nan("")})));
  expect_error<blocks::DataError>([&] { data::load_features(path("x.npy")); },
                                  {"NaN at row 1, column 1"});
}

TEST_F(Catalogue, FeaturesInf) {
  write("x.npy", npy("<f8", "(2, 2)", doubles({1, -INFINITY, 3, 4})));
  expect_error<blocks::DataError>([&] { data::load_features(path("x.npy")); },
                                  {"Inf at row 0, column 1"});
}

TEST_F(Catalogue, SplitRowsDiffer) {
  fs::create_directories(path("s"));
  write("s/features.npy", npy("<f8", "(2, 1)", doubles({1, 2})));
  write("s/labels.npy", npy("<i8", "(3,)", int64s({0, 1, 0})));
  expect_error<blocks::DataError>([&] { data::load_split(path("s")); },
                                  {"2 rows", "3"});
}

// ------------------------------------------------------------ CSV

TEST_F(Catalogue, CsvRagged) {
  write("r.csv", "1,2,3\n4,5\n");
  expect_error<blocks::DataError>([&] { data::load_csv(path("r.csv")); },
                                  {"r.csv, line 2", "ragged"});
}

TEST_F(Catalogue, CsvTextInNumbers) {
  write("t.csv", "1,2\n3,abc\n");
  expect_error<blocks::DataError>([&] { data::load_csv(path("t.csv")); },
                                  {"t.csv", "not a number"});
}

TEST_F(Catalogue, CsvNumberThenText) {
  // "3abc" must not be read as 3.
  write("t.csv", "1,2\n3abc,4\n");
  expect_error<blocks::DataError>([&] { data::load_csv(path("t.csv")); },
                                  {"t.csv", "not a number"});
}

TEST_F(Catalogue, CsvEmpty) {
  write("e.csv", "");
  expect_error<blocks::DataError>([&] { data::load_csv(path("e.csv")); },
                                  {"e.csv", "no data"});
}

TEST_F(Catalogue, CsvMissing) {
  expect_error<blocks::IOError>([&] { data::load_csv(path("none.csv")); },
                                {"cannot open", "none.csv"});
}

// ---------------------------------------------------- hyperparameters

TEST(CatalogueHyper, NegativeLearningRate) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGD({p}, optim::SGDOptions(-1.0));
      },
      {"Invalid learning rate: -1"});
}

TEST(CatalogueHyper, NaNLearningRate) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGD({p}, optim::SGDOptions(NAN));
      },
      {"Invalid learning rate: nan"});
}

TEST(CatalogueHyper, NegativeMomentum) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.momentum = -0.5;
        optim::SGD({p}, o);
      },
      {"Invalid momentum value: -0.5"});
}

TEST(CatalogueHyper, InfiniteWeightDecay) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.weight_decay = INFINITY;
        optim::SGD({p}, o);
      },
      {"Invalid weight_decay value: inf"});
}

TEST(CatalogueHyper, NesterovWithoutMomentum) {
  expect_error<blocks::ValueError>(
      [] {
        Variable p(filled(1, 1, 0), true);
        optim::SGDOptions o(0.1);
        o.nesterov = true;
        optim::SGD({p}, o);
      },
      {"Nesterov"});
}

TEST(CatalogueHyper, TooManyInformative) {
  expect_error<blocks::ValueError>(
      [] {
        data::ClassificationOptions o;
        o.n_features = 3;
        o.n_informative = 3;
        o.n_redundant = 2;
        data::make_classification(o);
      },
      {"3 + 2 + 0 > 3"});
}

TEST(CatalogueHyper, WeightsForOtherClassCount) {
  expect_error<blocks::ValueError>(
      [] {
        data::ClassificationOptions o;
        o.weights = {0.2, 0.3, 0.5};
        data::make_classification(o);
      },
      {"3 weights, 2 classes"});
}

TEST(CatalogueHyper, NaNClassSep) {
  expect_error<blocks::ValueError>(
      [] {
        data::ClassificationOptions o;
        o.class_sep = NAN;
        data::make_classification(o);
      },
      {"class_sep", "nan"});
}

TEST(CatalogueHyper, FlipYOutsideZeroOne) {
  expect_error<blocks::ValueError>(
      [] {
        data::ClassificationOptions o;
        o.flip_y = 1.5;
        data::make_classification(o);
      },
      {"flip_y", "1.5"});
}

TEST(CatalogueHyper, SplitSizesDoNotSum) {
  expect_error<blocks::ValueError>(
      [] {
        data::Labels y = {0, 1, 0};
        data::split_rows(filled(3, 2, 0), y, {1, 1}, 0);
      },
      {"sum to 2", "3 rows"});
}

TEST(CatalogueHyper, UnknownModelFlavour) {
  expect_error<blocks::ValueError>([] { nn::parse_flavour("lazy"); }, {"lazy"});
}

// ----------------------------------------------------- checkpoints

nn::Checkpoint small_checkpoint(nn::Flavour flavour, std::size_t d) {
  auto model = nn::make_model(flavour, filled(1, d, 0.25), 0.5);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  nn::RunSettings settings;
  settings.model = flavour;
  settings.sgd = optim::SGDOptions(0.1);
  nn::Checkpoint c = nn::make_checkpoint(*model, sgd, {}, settings);
  nn::save_generators(c, data::TorchGenerator(1), nullptr);
  return c;
}

TEST(CatalogueCheckpoint, AnotherModelSize) {
  const nn::Checkpoint c = small_checkpoint(nn::Flavour::custom, 3);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 5, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::ValueError>([&] { nn::restore(c, *model, sgd); },
                                   {"3 features", "model of 5"});
}

TEST(CatalogueCheckpoint, AnotherFlavour) {
  const nn::Checkpoint c = small_checkpoint(nn::Flavour::builtin, 2);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::ValueError>([&] { nn::restore(c, *model, sgd); },
                                   {"builtin", "custom"});
}

std::string checkpoint_text() {
  std::ostringstream out;
  nn::write_checkpoint(out, small_checkpoint(nn::Flavour::custom, 2));
  return out.str();
}

TEST(CatalogueCheckpoint, Truncated) {
  std::istringstream in(checkpoint_text().substr(0, 60));
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"checkpoint c.txt", "line"});
}

TEST(CatalogueCheckpoint, OtherFormat) {
  std::istringstream in("blocks-checkpoint 3\n");
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"line 1", "not a version 2 checkpoint"});
}

// Version 1 held the settings as free text and no generator: resuming
// from it would go on with other batches, so it is refused.
TEST(CatalogueCheckpoint, VersionOne) {
  std::istringstream in("blocks-checkpoint 1\nrun model=custom\n");
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 1", "older blocks-train", "cannot be resumed"});
}

TEST(CatalogueCheckpoint, SettingNotANumber) {
  std::string text = checkpoint_text();
  const auto at = text.find("setting lr ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('\n', at) - at, "setting lr -nan");
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 5", "expected a finite number, found '-nan'"});
}

TEST(CatalogueCheckpoint, SettingMissing) {
  std::string text = checkpoint_text();
  const auto at = text.find("setting seed");
  text.erase(at, text.find('\n', at) + 1 - at);
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"c.txt", "expected 'setting'"});
}

TEST(CatalogueCheckpoint, GeneratorTruncated) {
  std::string text = checkpoint_text();
  const auto end = text.find('\n', text.find("generator torch"));
  text.erase(text.rfind(' ', end), end - text.rfind(' ', end));
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"c.txt", "cut short"});
}

TEST(CatalogueCheckpoint, GeneratorPositionPastTheKey) {
  std::string text = checkpoint_text();
  const auto at = text.find("generator torch 1 624");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 21, "generator torch 1 625");
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"TorchGenerator::set_state", "625"});
}

TEST(CatalogueCheckpoint, GeneratorStateImpossible) {
  data::TorchGenerator::State zero;
  data::TorchGenerator g;
  expect_error<blocks::ValueError>([&] { g.set_state(zero); },
                                   {"all zero", "never reaches"});
  data::RandomState::State past;
  past.mt.key[1] = 1;
  past.mt.pos = 1000;
  data::RandomState r(0);
  expect_error<blocks::ValueError>([&] { r.set_state(past); },
                                   {"RandomState.set_state", "position 1000"});
}

TEST(CatalogueCheckpoint, WeightNotANumber) {
  std::string text = checkpoint_text();
  const auto at = text.find("weight ");
  text.replace(at, 8, "weight x");
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 17", "expected a number, found 'x.25'"});
}

// The checkpoint and the state dict inside it are read by one reader, so
// a subnormal that the writer prints (1e-320 as 9.99988671826831e-321)
// reads back, as it always did in a state dict file.
TEST(CatalogueCheckpoint, SubnormalValuesReadBack) {
  nn::Checkpoint c = small_checkpoint(nn::Flavour::custom, 2);
  c.weight(0, 1) = 1e-320;
  c.bias = -1e-320;
  std::ostringstream out;
  nn::write_checkpoint(out, c);
  std::istringstream in(out.str());
  const nn::Checkpoint back = nn::read_checkpoint(in, "c.txt");
  EXPECT_EQ(back.weight(0, 1), 1e-320);
  EXPECT_EQ(back.bias, -1e-320);
}

// A malformed line of the optimizer's state inside a checkpoint is named
// by its line in the checkpoint, not by a count that starts over.
TEST(CatalogueCheckpoint, OptimizerLineCountsOn) {
  std::string text = checkpoint_text();
  const auto at = text.find("groups 1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, "groups x");
  const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"checkpoint c.txt, line " + std::to_string(line),
       "expected a count, found 'x'"});
}

TEST(CatalogueCheckpoint, OptimizerStateTruncated) {
  std::istringstream in(std::string(optim::kStateDictHeader) + "\ngroups 1\n");
  expect_error<blocks::DataError>([&] { optim::read(in, "s.txt"); }, {"s.txt"});
}

// ---------------------------------------------------- unwritable paths

TEST_F(Catalogue, SaveNpyIntoMissingFolder) {
  expect_error<blocks::IOError>(
      [&] { data::save_npy(path("no/such/x.npy"), filled(1, 1, 0)); },
      {"cannot write", "x.npy"});
  EXPECT_TRUE(files().empty());
}

TEST_F(Catalogue, SaveCsvOverAFolder) {
  fs::create_directories(path("taken.csv"));
  expect_error<blocks::IOError>(
      [&] { data::save_csv(path("taken.csv"), filled(1, 1, 0)); },
      {"cannot write", "taken.csv"});
  EXPECT_TRUE(files().empty());
}

TEST_F(Catalogue, SaveCheckpointIntoMissingFolder) {
  expect_error<blocks::IOError>(
      [&] {
        nn::save_checkpoint(path("no/c.txt"),
                            small_checkpoint(nn::Flavour::custom, 2));
      },
      {"cannot write", "c.txt"});
  EXPECT_TRUE(files().empty());
}

TEST_F(Catalogue, SaveHistoryOverAFolder) {
  fs::create_directories(path("h.csv"));
  expect_error<blocks::IOError>(
      [&] { nn::save_history_csv(path("h.csv"), {}); },
      {"cannot write", "h.csv"});
  EXPECT_TRUE(files().empty());
}

TEST_F(Catalogue, InterruptedWriteKeepsTheOldFile) {
  write("keep.txt", "old");
  expect_error<blocks::ValueError>(
      [&] {
        blocks::write_file_atomically(path("keep.txt"), [](std::ostream& out) {
          out << "half";
          throw blocks::ValueError("stopped half-way");
        });
      },
      {"half-way"});
  std::ifstream in(path("keep.txt"));
  std::string kept((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(kept, "old");
  EXPECT_EQ(files(), std::vector<std::string>{"keep.txt"});
}

TEST_F(Catalogue, SaveSplitNonIntegerLabel) {
  data::Split s{filled(1, 1, 0), filled(1, 1, 0.5)};
  expect_error<blocks::ValueError>([&] { data::save_split(path("s"), s); },
                                   {"label 0.5", "not an integer"});
  EXPECT_TRUE(files().empty());
}

}  // namespace
