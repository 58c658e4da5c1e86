#pragma once
/// \file
/// \brief One reader for the course's small text formats (an optimizer's
/// state dict, a checkpoint that embeds one): a line at a time, split into
/// words, numbers read by the programs' grammar, and every problem a
/// DataError that says which line.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "blocks/cli/values.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"

namespace blocks {

/// \brief Reads a text format line by line, each line split into words.
class LineReader {
 public:
  /// \brief Builds a problem's message from the line number and the reason.
  using Describe =
      std::function<std::string(std::size_t line, const std::string& why)>;

  /// \brief Reads `in`; `describe` words the messages of this format.
  LineReader(std::istream& in, Describe describe)
      : in_(in), describe_(std::move(describe)) {}

  /// \brief The next line's words; the first must be `keyword`.
  /// \throws DataError at the end of the text or for another keyword.
  const std::vector<std::string>& line(const std::string& keyword) {
    std::string text;
    ++number_;
    if (!std::getline(in_, text)) {
      fail("the file ends before its '" + keyword + "' line (truncated?)");
    }
    words_.clear();
    std::istringstream split(text);
    for (std::string w; split >> w;) words_.push_back(w);
    if (words_.empty() || words_[0] != keyword) {
      fail("expected '" + keyword + "', found " + single_quoted(text));
    }
    return words_;
  }

  /// \brief Word `i` of the current line, which must exist.
  const std::string& word(std::size_t i) const {
    if (i >= words_.size()) fail("the line is cut short");
    return words_[i];
  }

  /// \brief How many words the current line has from word `i` on.
  std::size_t words_from(std::size_t i) const {
    return words_.size() > i ? words_.size() - i : 0;
  }

  /// \brief The current line ends before word `i`.
  void no_more(std::size_t i) const {
    if (words_.size() > i) fail("unexpected " + single_quoted(words_[i]));
  }

  /// \brief Word `i` as a number: cli::parse_stored_number(), the
  /// programs' grammar plus the `inf`, `-inf`, `nan` and `-nan` that a
  /// stream writes for those values (a state dict may hold them).
  double number(std::size_t i) const {
    const std::string& w = word(i);
    try {
      return cli::parse_stored_number(w, "word");
    } catch (const ValueError&) {
      fail("expected a number, found " + single_quoted(w));
    }
  }

  /// \brief Word `i` as a whole number (digits only).
  std::size_t count(std::size_t i) const {
    const std::string& w = word(i);
    try {
      const std::uint64_t n = cli::parse_whole(w, "word");
      if (n <= std::numeric_limits<std::size_t>::max()) return n;
    } catch (const ValueError&) {
    }
    fail("expected a count, found " + single_quoted(w));
  }

  /// \brief Throws the DataError for `why` at the current line.
  [[noreturn]] void fail(const std::string& why) const {
    throw DataError(describe_(number_, why));
  }

 private:
  std::istream& in_;
  Describe describe_;
  std::size_t number_ = 0;
  std::vector<std::string> words_;
};

}  // namespace blocks
