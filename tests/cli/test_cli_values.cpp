// The programs' one grammar, rule by rule (blocks/cli/values.hpp), and the
// enum name tables. tests/cli/flag_grammar.py checks that every program
// reads every flag by these rules.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "blocks/cli/exit_status.hpp"
#include "blocks/cli/names.hpp"
#include "blocks/cli/options.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/format.hpp"

namespace cli = blocks::cli;
using blocks::ValueError;

namespace {

// The message of the ValueError that `parse` throws ("" if none).
template <class F>
std::string error_of(F parse) {
  try {
    parse();
  } catch (const ValueError& e) {
    return e.what();
  }
  return "";
}

TEST(CliNumber, ReadsDecimalFormsCorrectlyRounded) {
  EXPECT_EQ(cli::parse_number("0.1", "--lr"), 0.1);
  EXPECT_EQ(cli::parse_number("-2", "--lr"), -2.0);
  EXPECT_EQ(cli::parse_number("+3e-1", "--lr"), 0.3);
  EXPECT_EQ(cli::parse_number(".5", "--lr"), 0.5);
  EXPECT_EQ(cli::parse_number("5.", "--lr"), 5.0);
  EXPECT_EQ(cli::parse_number("1E2", "--lr"), 100.0);
}

TEST(CliNumber, ReadsSubnormalsAndUnderflowAsNumPyDoes) {
  const double tiny = cli::parse_number("1e-320", "--lr");
  EXPECT_GT(tiny, 0.0);
  EXPECT_LT(tiny, std::numeric_limits<double>::min());
  EXPECT_EQ(cli::parse_number("1e-400", "--lr"), 0.0);
}

TEST(CliNumber, RefusesWhatIsNotADecimalNumber) {
  for (const char* text : {"", " 1", "1 ", "abc", "1.5x", "inf", "nan", "-inf",
                           "0x10", "1e", "e5", ".", "-", "1,5", "1_000"}) {
    EXPECT_EQ(error_of([&] { cli::parse_number(text, "--lr"); }),
              std::string("--lr: '") + text + "' is not a number")
        << "text: '" << text << "'";
  }
}

TEST(CliNumber, RefusesOverflowInsteadOfInfinity) {
  EXPECT_EQ(error_of([] { cli::parse_number("1e400", "--scale"); }),
            "--scale: '1e400' is too large for a double");
  EXPECT_EQ(error_of([] { cli::parse_number("-1e400", "--scale"); }),
            "--scale: '-1e400' is too large for a double");
}

TEST(CliNumberList, ReadsEveryItemAndRefusesEmptyOnes) {
  const auto values = cli::parse_number_list("0.5,-1,2e0", "--init-weights");
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[2], 2.0);
  for (const char* text : {"", "1,", ",1", "1,,2"}) {
    EXPECT_EQ(error_of([&] { cli::parse_number_list(text, "--w"); }),
              "--w: '' is not a number")
        << "text: '" << text << "'";
  }
  EXPECT_EQ(error_of([] { cli::parse_number_list("1,x", "--w"); }),
            "--w: 'x' is not a number");
}

TEST(CliWhole, ReadsDigitsBelowTwoToThe64) {
  EXPECT_EQ(cli::parse_whole("0", "--seed"), 0u);
  EXPECT_EQ(cli::parse_whole("18446744073709551615", "--seed"),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(error_of([] { cli::parse_whole("18446744073709551616", "--s"); }),
            "--s: must be below 2^64, got 18446744073709551616");
  EXPECT_EQ(error_of([] { cli::parse_whole("-1", "--s"); }),
            "--s: must not be negative, got -1");
  for (const char* text : {"", "+1", "1.0", "1e3", " 1", "x"}) {
    EXPECT_EQ(error_of([&] { cli::parse_whole(text, "--s"); }),
              std::string("--s: must be a whole number, got '") + text + "'")
        << "text: '" << text << "'";
  }
}

TEST(CliCount, IsAWholeNumberOfAtLeastOne) {
  EXPECT_EQ(cli::parse_count("1", "--batch-size"), 1u);
  EXPECT_EQ(cli::parse_count("007", "--batch-size"), 7u);
  EXPECT_EQ(error_of([] { cli::parse_count("0", "--batch-size"); }),
            "--batch-size: must be at least 1, got 0");
  EXPECT_EQ(error_of([] { cli::parse_count("-5", "--batch-size"); }),
            "--batch-size: must not be negative, got -5");
  EXPECT_EQ(error_of([] { cli::parse_count("1.5", "--batch-size"); }),
            "--batch-size: must be a whole number, got '1.5'");
}

TEST(CliInteger, TakesAMinusSignAndFits64Bits) {
  EXPECT_EQ(cli::parse_integer("-5", "--n"), -5);
  EXPECT_EQ(cli::parse_integer("9223372036854775807", "--n"),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(error_of([] { cli::parse_integer("9223372036854775808", "--n"); }),
            "--n: '9223372036854775808' does not fit 64 bits");
  for (const char* text : {"", "-", "50.5", "1e3", "+1", "x"}) {
    EXPECT_EQ(error_of([&] { cli::parse_integer(text, "--n"); }),
              std::string("--n: '") + text + "' is not a whole number")
        << "text: '" << text << "'";
  }
}

TEST(CliBool, TakesTrueAndFalseAsCAndPythonWriteThem) {
  for (const char* text : {"true", "True", "1"}) {
    EXPECT_TRUE(cli::parse_bool(text, "--shuffle")) << text;
  }
  for (const char* text : {"false", "False", "0"}) {
    EXPECT_FALSE(cli::parse_bool(text, "--shuffle")) << text;
  }
  for (const char* text : {"", "TRUE", "yes", "2", " true"}) {
    EXPECT_EQ(
        error_of([&] { cli::parse_bool(text, "--shuffle"); }),
        std::string("--shuffle: '") + text + "' is neither true nor false")
        << "text: '" << text << "'";
  }
}

// The switch as CLI11 hands it over: alone, or with a value after '='.
TEST(CliSwitch, IsTrueAloneAndReadsAJoinedValueByTheGrammar) {
  const auto parse = [](std::vector<std::string> args) {
    CLI::App app;
    bool on = false;
    cli::add_switch(app, "--nesterov", on);
    args.insert(args.begin(), "program");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    return on;
  };
  EXPECT_FALSE(parse({}));
  EXPECT_TRUE(parse({"--nesterov"}));
  EXPECT_TRUE(parse({"--nesterov=True"}));
  EXPECT_FALSE(parse({"--nesterov=false"}));
  EXPECT_FALSE(parse({"--nesterov=0"}));
  try {
    parse({"--nesterov=yes"});
    ADD_FAILURE() << "--nesterov=yes was accepted";
  } catch (const CLI::ValidationError& e) {
    EXPECT_STREQ(e.what(), "--nesterov: 'yes' is neither true nor false");
  }
}

enum class Colour { red, green };
constexpr cli::NameTable<Colour, 2> kColourNames{
    {{Colour::red, "red"}, {Colour::green, "green"}}};

TEST(CliNames, OneTableGivesNamesValuesAndChoices) {
  EXPECT_EQ(cli::name_of(kColourNames, Colour::green), "green");
  EXPECT_EQ(cli::value_named(kColourNames, "red", "--colour"), Colour::red);
  EXPECT_EQ(cli::joined_names(kColourNames, "|"), "red|green");
  EXPECT_EQ(error_of([] { cli::value_named(kColourNames, "Red", "--colour"); }),
            "--colour: unknown 'Red' (choose red, green)");
}

TEST(CliExitStatus, TheUsersMistakesAreTwoEverythingElseOne) {
  const auto status_of = [](auto thrown) {
    try {
      throw thrown;
    } catch (...) {
      return cli::current_failure();
    }
  };
  EXPECT_EQ(status_of(blocks::ValueError("v")).status, 2);
  EXPECT_EQ(status_of(blocks::DataError("d")).status, 2);
  EXPECT_EQ(status_of(blocks::IOError("i")).status, 2);
  EXPECT_EQ(status_of(blocks::ShapeError("s")).status, 2);
  EXPECT_EQ(status_of(blocks::AutogradError("a")).status, 1);
  EXPECT_EQ(status_of(std::runtime_error("r")).status, 1);
  const cli::Failure memory = status_of(std::bad_alloc());
  EXPECT_EQ(memory.status, 1);
  EXPECT_NE(memory.message.find("out of memory"), std::string::npos);
  EXPECT_EQ(status_of(blocks::ValueError("the message")).message,
            "the message");
}

// Text from a file in a message: a terminal must not act on it, and a
// 10 MB "word" must not become a 10 MB message (an outside sweep's
// checkpoints did both).
TEST(Printable, EscapesControlBytesAndCutsLongText) {
  EXPECT_EQ(blocks::single_quoted("0.5"), "'0.5'");
  EXPECT_EQ(blocks::printable("\x1b]0;PWNED\x07\x1b[31mred"),
            "\\x1b]0;PWNED\\x07\\x1b[31mred");
  EXPECT_EQ(blocks::printable(std::string("a\0b\x7f\tc", 6)),
            "a\\x00b\\x7f\\x09c");
  EXPECT_EQ(blocks::printable("caf\xc3\xa9"), "caf\xc3\xa9")
      << "UTF-8 is shown as it is";
  const std::string line(10000000, 'a');
  EXPECT_EQ(blocks::single_quoted(line),
            "'" + std::string(80, 'a') + "'... (10000000 bytes)");
  EXPECT_EQ(blocks::printable(std::string(80, 'b')), std::string(80, 'b'))
      << "80 characters are not cut";
}

}  // namespace
