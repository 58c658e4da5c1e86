// State dicts in text files: exact doubles, a header and an `end` line, and
// errors that name the file and the line.
#include "blocks/optim/state_dict_file.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <locale>
#include <sstream>
#include <vector>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/input_file.hpp"
#include "blocks/line_reader.hpp"

namespace blocks::optim {

namespace {

std::string number_text(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());  // '.' whatever the user's locale
  out.precision(17);                  // 17 digits read back exactly
  out << value;
  return out.str();
}

// The reader splits each line into words, so a name must be one word.
bool one_word(const std::string& name) {
  const auto space = [](char c) {
    return std::isspace(c, std::locale::classic());
  };
  return !name.empty() && std::none_of(name.begin(), name.end(), space);
}

// Refuses a name that could not be read back, before a byte is written;
// the message spells out line breaks and tabs.
void check_name(const std::string& name, const std::string& kind,
                const std::string& owner) {
  if (one_word(name)) return;
  static const std::string breaks = "\n\r\t\v\f", letters = "nrtvf";
  std::string shown;
  for (const char c : name) {
    const auto k = breaks.find(c);
    shown += k == std::string::npos ? std::string(1, c)
                                    : std::string("\\") + letters[k];
  }
  throw ValueError("cannot save " + kind + " '" + shown + "' of " + owner +
                   ": a name in a state dict file must be one word, with "
                   "no spaces, tabs or line breaks, or it cannot be read "
                   "back");
}

void check_names(const StateDict& sd) {
  for (std::size_t g = 0; g < sd.param_groups.size(); ++g) {
    for (const auto& option : sd.param_groups[g].options) {
      check_name(option.first, "option",
                 "parameter group " + std::to_string(g));
    }
  }
  for (const auto& [index, param_state] : sd.state) {
    for (const auto& entry : param_state) {
      check_name(entry.first, "state entry",
                 "parameter " + std::to_string(index));
    }
  }
}

void write_tensor(std::ostream& out, const Tensor& t) {
  out << " tensor " << t.dimension();
  for (auto extent : t.shape()) out << ' ' << extent;
  for (std::size_t i = 0; i < t.size(); ++i) {
    out << ' ' << number_text(t.flat(i));
  }
}

Tensor read_tensor(const LineReader& r) {
  const std::size_t rank = r.count(3);
  // Every extent is a word of the line: a corrupt rank must not allocate
  // (found by fuzz_checkpoint, a rank of 10^18).
  if (rank > r.words_from(4)) {
    r.fail("a tensor of rank " + std::to_string(rank) + " needs " +
           std::to_string(rank) + " extents, the line has " +
           std::to_string(r.words_from(4)) + " words after the rank");
  }
  Shape shape(rank);
  std::size_t size = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    shape[d] = r.count(4 + d);
    // Saturate rather than wrap, so a corrupt extent cannot pass below.
    size = shape[d] != 0 && size > SIZE_MAX / shape[d] ? SIZE_MAX
                                                       : size * shape[d];
  }
  // Check before allocating: a corrupt extent must not allocate terabytes.
  const std::size_t values = r.words_from(4 + rank);
  if (size != values) {
    r.fail("a tensor of shape " + shape_string(shape) + " needs " +
           std::to_string(size) + " values, the line has " +
           std::to_string(values));
  }
  Tensor t = Tensor::from_shape(shape);
  for (std::size_t i = 0; i < size; ++i) t.flat(i) = r.number(4 + rank + i);
  r.no_more(4 + rank + size);
  return t;
}

}  // namespace

void write(std::ostream& out, const StateDict& sd) {
  check_names(sd);
  out << kStateDictHeader << '\n';
  out << "groups " << sd.param_groups.size() << '\n';
  for (std::size_t g = 0; g < sd.param_groups.size(); ++g) {
    const GroupState& group = sd.param_groups[g];
    out << "group " << g << " options " << group.options.size() << " params "
        << group.params.size();
    for (std::size_t index : group.params) out << ' ' << index;
    out << '\n';
    for (const auto& [name, value] : group.options) {
      if (const bool* flag = std::get_if<bool>(&value)) {
        out << "option " << name << " flag " << (*flag ? "true" : "false");
      } else {
        out << "option " << name << " number "
            << number_text(std::get<double>(value));
      }
      out << '\n';
    }
  }
  out << "state " << sd.state.size() << '\n';
  for (const auto& [index, param_state] : sd.state) {
    out << "param " << index << " entries " << param_state.size() << '\n';
    for (const auto& [name, value] : param_state) {
      out << "entry " << name;
      if (value) {
        write_tensor(out, *value);
      } else {
        out << " none";
      }
      out << '\n';
    }
  }
  out << "end\n";
}

StateDict read(std::istream& in, const std::string& source) {
  LineReader r(in, [source](std::size_t line, const std::string& why) {
    return source + ": line " + std::to_string(line) + ": " + why +
           "; not a complete blocks optimizer state dict (written by "
           "blocks::optim::save)";
  });
  return read(r);
}

StateDict read(LineReader& r) {
  r.line("blocks-optim-state-dict");
  if (r.word(1) != "1") {
    r.fail("unknown format version " + single_quoted(r.word(1)));
  }
  r.no_more(2);
  StateDict sd;
  r.line("groups");
  const std::size_t groups = r.count(1);
  for (std::size_t g = 0; g < groups; ++g) {
    r.line("group");
    if (r.count(1) != g) r.fail("expected group " + std::to_string(g));
    if (r.word(2) != "options" || r.word(4) != "params") {
      r.fail("expected 'group <i> options <K> params <N> ...'");
    }
    const std::size_t options = r.count(3), params = r.count(5);
    GroupState group;
    for (std::size_t i = 0; i < params; ++i) {
      group.params.push_back(r.count(6 + i));
    }
    r.no_more(6 + params);
    for (std::size_t k = 0; k < options; ++k) {
      r.line("option");
      const std::string name = r.word(1), kind = r.word(2);
      if (kind == "number") {
        group.options[name] = r.number(3);
      } else if (kind == "flag" &&
                 (r.word(3) == "true" || r.word(3) == "false")) {
        group.options[name] = r.word(3) == "true";
      } else {
        r.fail("expected 'number <value>' or 'flag <true|false>'");
      }
      r.no_more(4);
    }
    sd.param_groups.push_back(std::move(group));
  }
  r.line("state");
  const std::size_t states = r.count(1);
  r.no_more(2);
  for (std::size_t s = 0; s < states; ++s) {
    r.line("param");
    const std::size_t index = r.count(1);
    if (r.word(2) != "entries") r.fail("expected 'param <i> entries <E>'");
    const std::size_t entries = r.count(3);
    r.no_more(4);
    ParamState& param_state = sd.state[index];
    for (std::size_t e = 0; e < entries; ++e) {
      r.line("entry");
      const std::string name = r.word(1);
      if (r.word(2) == "none") {
        r.no_more(3);
        param_state[name] = std::nullopt;
      } else if (r.word(2) == "tensor") {
        param_state[name] = read_tensor(r);
      } else {
        r.fail("expected 'none' or 'tensor ...'");
      }
    }
  }
  r.line("end");
  r.no_more(1);
  return sd;
}

void save(const StateDict& sd, const std::string& path) {
  write_file_atomically(path, [&](std::ostream& out) { write(out, sd); });
}

StateDict load(const std::string& path) {
  std::ifstream in = open_input(path);
  StateDict sd = read(in, path);
  std::string rest;
  if (in >> rest) {
    throw DataError(path + ": text after the 'end' line (" +
                    single_quoted(rest) +
                    "); not a blocks optimizer state dict file");
  }
  return sd;
}

void Optimizer::save(const std::string& path) const {
  optim::save(state_dict(), path);
}

void Optimizer::load(const std::string& path) {
  StateDict sd = optim::load(path);
  try {
    load_state_dict(sd);
  } catch (const ValueError& e) {
    throw ValueError(path + " does not fit this optimizer: " + e.what());
  }
}

}  // namespace blocks::optim
