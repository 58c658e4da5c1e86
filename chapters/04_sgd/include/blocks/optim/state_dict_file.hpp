#pragma once
/// \file
/// \brief An optimizer's state dict in a file: `optim::save()` and
/// `optim::load()`, like `torch.save(opt.state_dict(), path)` and
/// `torch.load(path)`, in a small text format that round-trips every
/// double exactly.
///
/// The format (version 1), one record per line, fields separated by single
/// spaces; numbers are C-locale decimals with 17 significant digits (or
/// `inf`, `-inf`, `nan`), which read back bit for bit:
/// \verbatim
/// blocks-optim-state-dict 1
/// groups <G>
/// group <i> options <K> params <N> <index>...      (G times, i = 0..)
/// option <name> number <value>                     (K lines per group,
/// option <name> flag <true|false>                   sorted by name)
/// state <S>
/// param <index> entries <E>                        (S times)
/// entry <name> none                                (E lines per param,
/// entry <name> tensor <rank> <extent>... <value>...  sorted by name)
/// end
/// \endverbatim
/// The last line, `end`, tells a complete file from a truncated one.
/// Names of options and state entries must be single words (no spaces,
/// tabs or line breaks), or they could not be read back.
/// A checkpoint can embed the same text in a larger file: see write() and
/// read().

#include <istream>
#include <ostream>
#include <string>

#include "blocks/line_reader.hpp"
#include "blocks/optim/optimizer.hpp"

namespace blocks::optim {

/// \brief The first line of every state-dict file.
inline constexpr const char* kStateDictHeader = "blocks-optim-state-dict 1";

/// \brief Writes `state_dict` to `out` in the format above.
/// \throws ValueError naming the option or state entry whose name is not
///     one word, before anything is written.
void write(std::ostream& out, const StateDict& state_dict);

/// \brief Reads one state dict in the format above from `in`, up to and
/// including its `end` line.
/// \param in      the stream, positioned at the header line
/// \param source  the file's name, for error messages
/// \throws DataError naming `source` and the line when the text is
///     truncated or malformed.
StateDict read(std::istream& in, const std::string& source);

/// \brief The same from a reader that is already going through a larger
/// file (a checkpoint), so that messages count that file's lines.
StateDict read(LineReader& reader);

/// \brief Writes `state_dict` to `path` atomically: into a temporary file
/// in the same folder, then renamed over `path`, so an interrupted run
/// leaves the old file intact.
/// \throws IOError naming the file; ValueError as write() does.
void save(const StateDict& state_dict, const std::string& path);

/// \brief Reads the state dict in `path`, which must hold nothing else.
/// \throws IOError when it cannot be opened; DataError naming the file and
///     line when it is truncated, malformed or not a state dict.
StateDict load(const std::string& path);

}  // namespace blocks::optim
