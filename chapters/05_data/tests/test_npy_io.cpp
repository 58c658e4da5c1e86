// .npy, CSV and the notebook's folder: round trips, NumPy's own files, the
// notebook's split, and every kind of bad file.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include <xtensor/xnpy.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/data/csv_io.hpp"
#include "blocks/data/dataset_folder.hpp"
#include "blocks/data/npy_io.hpp"
#include "blocks/error.hpp"
#include "ch05_goldens.hpp"

namespace fs = std::filesystem;
namespace g = ch05_goldens;
using blocks::Tensor;
using blocks::data::Labels;

namespace {

class NpyFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        fs::temp_directory_path() /
        ("blocks_ch05_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const {
    return (dir_ / name).string();
  }

  // A version 1.0 .npy file with this header dictionary and data bytes.
  std::string write_raw(const std::string& name, const std::string& dict,
                        const std::string& data) {
    std::string header = dict;
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::ofstream out(path(name), std::ios::binary);
    out << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xFF)
        << char(header.size() >> 8) << header << data;
    return path(name);
  }

  template <class T>
  static std::string bytes(std::initializer_list<T> values) {
    std::string out;
    for (T v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
    return out;
  }

  // The message of the DataError `f` throws ("" when none).
  template <class F>
  static std::string data_error(F&& f) {
    try {
      f();
    } catch (const blocks::DataError& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_F(NpyFiles, ReadsNumPysOwnFiles) {
  // Written by np.save; compared with xtensor's loader on the same file.
  const auto X = blocks::data::load_features(g::path("mc_notebook_X.npy"));
  EXPECT_EQ(X, xt::load_npy<double>(g::path("mc_notebook_X.npy")));
  EXPECT_EQ(X.shape(0), 1090u);
  EXPECT_EQ(X.shape(1), 10u);
  const auto y = blocks::data::load_labels(g::path("mc_notebook_y.npy"));
  EXPECT_EQ(y.shape(0), 1090u);
  EXPECT_EQ(y.shape(1), 1u);
  const auto ints = xt::load_npy<std::int64_t>(g::path("mc_notebook_y.npy"));
  for (std::size_t i = 0; i < ints.size(); ++i) {
    EXPECT_EQ(y(i, 0), static_cast<double>(ints(i)));
  }
}

TEST_F(NpyFiles, HandWrittenHeadersOfEveryAcceptedShape) {
  auto f = write_raw("a.npy",
                     "{'descr': '<f8', 'fortran_order': False, "
                     "'shape': (2, 2), }",
                     bytes<double>({1.5, -2.0, 0.25, 8.0}));
  Tensor expected = {{1.5, -2.0}, {0.25, 8.0}};
  EXPECT_EQ(blocks::data::load_features(f), expected);
  f = write_raw("b.npy",
                "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                bytes<std::int64_t>({0, 1, 1}));
  Tensor column = blocks::column({0.0, 1.0, 1.0});
  EXPECT_EQ(blocks::data::load_labels(f), column);
  f = write_raw("c.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }",
                bytes<double>({1.0, 0.0, 1.0}));
  Tensor column2 = blocks::column({1.0, 0.0, 1.0});
  EXPECT_EQ(blocks::data::load_labels(f), column2);
}

TEST_F(NpyFiles, RoundTripIsExact) {
  Tensor x = {{0.1, -1e-300, 1e300}, {std::nextafter(1.0, 2.0), 0.0, -0.0}};
  blocks::data::save_npy(path("x.npy"), x);
  const auto back = blocks::data::load_features(path("x.npy"));
  ASSERT_EQ(back.shape(), x.shape());
  EXPECT_EQ(std::memcmp(back.data(), x.data(), 6 * sizeof(double)), 0);
  Labels y = {0, 1, 1, 0};
  blocks::data::save_npy(path("y.npy"), y);
  const auto header = blocks::data::read_npy_header(path("y.npy"));
  EXPECT_EQ(header.dtype, blocks::data::NpyDtype::int64);
  EXPECT_EQ(header.shape, std::vector<std::size_t>{4});
  EXPECT_EQ(xt::load_npy<std::int64_t>(path("y.npy")), y);
  // No temporary file is left next to the result.
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 2u);
}

TEST_F(NpyFiles, MissingFileIsIOError) {
  EXPECT_THROW(blocks::data::load_features(path("nope.npy")), blocks::IOError);
  EXPECT_THROW(blocks::data::save_npy(path("no/such/dir/x.npy"), Tensor{1.0}),
               blocks::IOError);
}

// A FIFO that nobody writes would block open() forever; a folder or a
// device holds no data. Each is refused before it is opened.
TEST_F(NpyFiles, InputsThatAreNotRegularFilesAreRefusedWithoutBlocking) {
  ASSERT_EQ(mkfifo(path("features.npy").c_str(), 0600), 0);
  ASSERT_EQ(mkfifo(path("table.csv").c_str(), 0600), 0);
  const auto io_error = [](auto f) {
    try {
      f();
    } catch (const blocks::IOError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_TRUE(contains(
      io_error([&] { blocks::data::load_features(path("features.npy")); }),
      "features.npy: it is a FIFO"));
  EXPECT_TRUE(
      contains(io_error([&] { blocks::data::load_csv(path("table.csv")); }),
               "table.csv: it is a FIFO"));
  EXPECT_TRUE(
      contains(io_error([&] { blocks::data::load_features(dir_.string()); }),
               "it is a folder"));
}

// Version 3.0 (a UTF-8 header) is refused by name, not as "malformed".
TEST_F(NpyFiles, Version3IsRefusedByName) {
  const std::string header =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }\n";
  std::ofstream(path("v3.npy"), std::ios::binary)
      << "\x93NUMPY" << char(3) << char(0) << char(header.size())
      << std::string(3, '\0') << header << bytes<double>({1.0});
  EXPECT_TRUE(
      contains(data_error([&] { blocks::data::load_features(path("v3.npy")); }),
               "unsupported .npy version 3.0 (versions 1.0 and 2.0 are read)"));
}

TEST_F(NpyFiles, BadFilesAreDataErrorsNamingFileAndProblem) {
  const std::string ok_dict =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }";
  const auto four = bytes<double>({1, 2, 3, 4});
  struct Case {
    std::string name, dict, data, problem;
  };
  const std::vector<Case> cases = {
      {"truncated.npy", ok_dict, bytes<double>({1, 2, 3}), "truncated"},
      {"trailing.npy", ok_dict, four + "x", "trailing bytes"},
      {"float32.npy",
       "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
       bytes<float>({1, 2, 3, 4}) + bytes<float>({1, 2, 3, 4}),
       "unsupported dtype '<f4'"},
      {"bigendian.npy",
       "{'descr': '>f8', 'fortran_order': False, 'shape': (2, 2), }", four,
       "big-endian"},
      {"fortran.npy",
       "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", four,
       "Fortran"},
      {"rank1.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }",
       four, "features must have shape (m, d), found (4,)"},
      {"int.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }",
       bytes<std::int64_t>({1, 2, 3, 4}), "features must be float64"},
      {"nan.npy", ok_dict,
       bytes<double>({1, 2, std::numeric_limits<double>::quiet_NaN(), 4}),
       "NaN at row 1, column 0"},
      {"inf.npy", ok_dict,
       bytes<double>({1, 2, 3, std::numeric_limits<double>::infinity()}),
       "Inf at row 1, column 1"},
  };
  for (const auto& c : cases) {
    const auto f = write_raw(c.name, c.dict, c.data);
    const auto message = data_error([&] { blocks::data::load_features(f); });
    EXPECT_TRUE(contains(message, c.name)) << c.name << ": " << message;
    EXPECT_TRUE(contains(message, c.problem)) << c.name << ": " << message;
  }
  std::ofstream(path("text.npy")) << "hello, not numpy";
  EXPECT_TRUE(contains(
      data_error([&] { blocks::data::load_features(path("text.npy")); }),
      "not a .npy file"));
  std::ofstream(path("short.npy")) << "\x93NUM";
  EXPECT_TRUE(contains(
      data_error([&] { blocks::data::load_features(path("short.npy")); }),
      "short.npy"));
}

TEST_F(NpyFiles, BadLabelFiles) {
  auto f = write_raw(
      "two.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
      bytes<std::int64_t>({0, 2, 1}));
  EXPECT_TRUE(contains(data_error([&] { blocks::data::load_labels(f); }),
                       "label 2 at row 1 is not 0 or 1"));
  EXPECT_NO_THROW(blocks::data::load_labels(f, /*binary=*/false));
  f = write_raw("half.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }",
                bytes<double>({0.5, 1.0}));
  EXPECT_TRUE(contains(data_error([&] { blocks::data::load_labels(f); }),
                       "label 0.5 at row 0"));
  f = write_raw("wide.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                bytes<double>({0.0, 1.0}));
  EXPECT_TRUE(contains(data_error([&] { blocks::data::load_labels(f); }),
                       "labels must have shape (m,) or (m, 1), found (1, 2)"));
}

TEST_F(NpyFiles, RowCountMismatchBetweenFeaturesAndLabels) {
  fs::create_directories(dir_ / "train");
  blocks::data::save_npy(path("train/features.npy"),
                         blocks::column({1.0, 2.0}));
  blocks::data::save_npy(path("train/labels.npy"), Labels{0, 1, 1});
  const auto message =
      data_error([&] { blocks::data::load_split(path("train")); });
  EXPECT_TRUE(contains(message, "features.npy has 2 rows but labels.npy has 3"))
      << message;
}

TEST_F(NpyFiles, NotebookSplitMatchesNumPysPermutation) {
  blocks::data::Classification data{
      xt::load_npy<double>(g::path("mc_notebook_X.npy")),
      xt::load_npy<std::int64_t>(g::path("mc_notebook_y.npy"))};
  const auto perm =
      g::ints_after_colon(": " + g::lines("notebook_split.txt")[0]);
  ASSERT_EQ(perm.size(), 1090u);
  const auto parts = blocks::data::notebook_split(data);
  std::size_t next = 0;
  for (const auto* part : {&parts.train, &parts.valid, &parts.test}) {
    for (std::size_t r = 0; r < part->features.shape(0); ++r, ++next) {
      const auto row = static_cast<std::size_t>(perm[next]);
      for (std::size_t j = 0; j < 10; ++j) {
        ASSERT_EQ(part->features(r, j), data.X(row, j));
      }
      ASSERT_EQ(part->labels(r, 0), static_cast<double>(data.y(row)));
    }
  }
  EXPECT_EQ(parts.train.features.shape(0), 90u);
  EXPECT_EQ(next, 1090u);

  blocks::data::save_notebook_folder(path("nb"), parts);
  const auto back = blocks::data::load_notebook_folder(path("nb"));
  EXPECT_EQ(back.test.features, parts.test.features);
  EXPECT_EQ(back.valid.labels, parts.valid.labels);
  // The labels go to disk as the notebook's int64 (m, 1) column.
  const auto header =
      blocks::data::read_npy_header(path("nb/train/labels.npy"));
  EXPECT_EQ(header.dtype, blocks::data::NpyDtype::int64);
  EXPECT_EQ(header.shape, (std::vector<std::size_t>{90, 1}));
  EXPECT_THROW(blocks::data::split_rows(data.X, data.y, {90, 500}, 123),
               blocks::ValueError);
}

TEST_F(NpyFiles, CsvRoundTripAndBadCsv) {
  // Subnormals too: what save_csv writes, load_csv reads back.
  Tensor x = {
      {0.1, 1.0 / 3.0}, {-2.5e-17, 12345.678901234567}, {5e-324, -1e-310}};
  blocks::data::save_csv(path("x.csv"), x);
  EXPECT_EQ(blocks::data::load_csv(path("x.csv")), x);
  std::ofstream(path("spaced.csv")) << " 1 , 2\n3,\t4\n";
  EXPECT_EQ(blocks::data::load_csv(path("spaced.csv")),
            (Tensor{{1.0, 2.0}, {3.0, 4.0}}));
  std::ofstream(path("huge.csv")) << "1,2\n1e400,4\n";
  EXPECT_TRUE(
      contains(data_error([&] { blocks::data::load_csv(path("huge.csv")); }),
               "huge.csv, line 2, column 1: '1e400' is too large"));
  blocks::data::save_csv(path("y.csv"), Labels{1, 0, 1});
  Tensor column = blocks::column({1.0, 0.0, 1.0});
  EXPECT_EQ(blocks::data::load_csv(path("y.csv")), column);
  std::ofstream(path("ragged.csv")) << "1,2\n3\n";
  EXPECT_TRUE(
      contains(data_error([&] { blocks::data::load_csv(path("ragged.csv")); }),
               "ragged.csv"));
  std::ofstream(path("word.csv")) << "1,two\n";
  EXPECT_TRUE(
      contains(data_error([&] { blocks::data::load_csv(path("word.csv")); }),
               "not a number"));
  std::ofstream(path("nan.csv")) << "1,nan\n";
  EXPECT_TRUE(
      contains(data_error([&] { blocks::data::load_csv(path("nan.csv")); }),
               "NaN or Inf at row 0, column 1"));
  EXPECT_THROW(blocks::data::load_csv(path("missing.csv")), blocks::IOError);
}

namespace {

// Every file under `dir`, relative to it (folders not listed).
std::vector<std::string> files_under(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_directory()) {
      out.push_back(fs::relative(entry.path(), dir).string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string text_of(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// The message of the IOError `f` throws ("" when none).
template <class F>
std::string io_error(F&& f) {
  try {
    f();
  } catch (const blocks::IOError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// blocks-make-classification writes features and labels (of up to three
// folders) with StagedFiles: all of them, or none and no old one replaced.
TEST_F(NpyFiles, StagedFilesAreWrittenTogetherOrNotAtAll) {
  const Tensor X = {{1.0, 2.0}, {3.0, 4.0}};
  const Labels y = {0, 1};
  fs::create_directories(path("old"));
  std::ofstream(path("old/features.npy")) << "old";
  // The second file fails half-way: the first is not put in place and the
  // folders made for the second are taken back.
  EXPECT_THROW(
      {
        blocks::StagedFiles files;
        files.stage(path("old/features.npy"), [&](std::ostream& out) {
          blocks::data::write_npy(out, X);
        });
        files.stage(path("new/sub/labels.npy"), [&](std::ostream& out) {
          out << "half";
          throw blocks::ValueError("stopped half-way");
        });
        files.commit();
      },
      blocks::ValueError);
  EXPECT_EQ(text_of(path("old/features.npy")), "old");
  EXPECT_FALSE(fs::exists(path("new")));
  // Staged but never committed: nothing either.
  {
    blocks::StagedFiles files;
    files.stage(path("old/features.npy"),
                [&](std::ostream& out) { blocks::data::write_npy(out, X); });
    files.stage(path("other/labels.npy"),
                [&](std::ostream& out) { blocks::data::write_npy(out, y); });
  }
  EXPECT_EQ(files_under(dir_), std::vector<std::string>{"old/features.npy"});
  EXPECT_FALSE(fs::exists(path("other")));
  // A target that is a folder, or under a file, is refused before a byte
  // is written.
  fs::create_directories(path("old/labels.npy"));
  std::ofstream(path("blocker")) << "x";
  {
    blocks::StagedFiles files;
    files.stage(path("a/features.npy"),
                [&](std::ostream& out) { blocks::data::write_npy(out, X); });
    EXPECT_TRUE(contains(io_error([&] {
                           files.stage(path("old/labels.npy"),
                                       [](std::ostream&) {});
                         }),
                         "old/labels.npy: it is a folder"));
    EXPECT_TRUE(contains(
        io_error([&] { blocks::check_writable(path("blocker/x/y.npy")); }),
        "blocker is not a folder"));
  }
  EXPECT_EQ(files_under(dir_),
            (std::vector<std::string>{"blocker", "old/features.npy"}));
  // Committed: every file in place, no temporary file left.
  blocks::StagedFiles files;
  files.stage(path("old/features.npy"),
              [&](std::ostream& out) { blocks::data::write_npy(out, X); });
  files.stage(path("new/labels.csv"),
              [&](std::ostream& out) { blocks::data::write_csv(out, y); });
  files.commit();
  EXPECT_EQ(blocks::data::load_features(path("old/features.npy")), X);
  EXPECT_EQ(text_of(path("new/labels.csv")), "0\n1\n");
  EXPECT_EQ(files_under(dir_),
            (std::vector<std::string>{"blocker", "new/labels.csv",
                                      "old/features.npy"}));
}
