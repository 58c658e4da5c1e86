// The catalogue of bad inputs, Chapter 5, data: make_classification's options,
// batches, .npy and CSV files. Each case asserts the exception type and that
// the message names the problem (see catalogue_support.hpp).
#include "catalogue_support.hpp"

namespace {

using namespace catalogue;

// ---------------------------------------------------------------- shapes

TEST(CatalogueShapes, DatasetRowsDiffer) {
  expect_error<blocks::ShapeError>(
      [] { data::TensorDataset(filled(5, 2, 0), alternating_labels(4)); },
      {"TensorDataset", "mismatch"});
}

// ---------------------------------------------------------- empty data

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

// A file of `version` 1 or 2 holding (1.0, 2.0), its header padded with
// `spaces`: the format allows up to 64 KiB (version 1) or 4 GiB (version
// 2) of header, NumPy 1.24 reads at most 10 000 bytes.
std::string npy_padded(int version, std::size_t spaces) {
  const std::size_t prefix = version == 1 ? 10 : 12;
  std::string dict =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }" +
      std::string(spaces, ' ');
  while ((prefix + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\x00';
  for (std::size_t shift = 0; shift < 8 * (prefix - 8); shift += 8) {
    out += static_cast<char>((dict.size() >> shift) & 0xff);
  }
  return out + dict + doubles({1, 2});
}

TEST_F(Catalogue, NpyHeaderLongerThanNumPyReads) {
  // 65 600 bytes of header once took gigabytes in xtensor's parser.
  write("long.npy", npy_padded(2, 65600));
  expect_error<blocks::DataError>([&] { data::load_npy(path("long.npy")); },
                                  {"long.npy", "header", "10000"});
  write("edge.npy", npy_padded(2, 10000));  // 10 100 bytes: NumPy refuses it
  expect_error<blocks::DataError>([&] { data::load_npy(path("edge.npy")); },
                                  {"edge.npy", "10000"});
}

// Header lengths with a byte of 0x80 or more, which NumPy 1.24 reads:
// 9 908 bytes in version 2, 182 (np.save's length for a long shape) and
// 4 022 in version 1. xtensor's loader read them as negative numbers.
TEST_F(Catalogue, NpyHeaderLengthsWithAHighByteLoad) {
  const std::pair<int, std::size_t> files[] = {{2, 9800}, {1, 120}, {1, 3960}};
  for (const auto& [version, spaces] : files) {
    write("ok.npy", npy_padded(version, spaces));
    const blocks::Tensor t = data::load_npy(path("ok.npy"));
    ASSERT_EQ(t.size(), 2u) << version << ", " << spaces;
    EXPECT_EQ(t(0), 1.0);
    EXPECT_EQ(t(1), 2.0);
  }
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
