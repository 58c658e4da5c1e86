#include "blocks/nn/run_settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <iomanip>
#include <sstream>

#include "blocks/data/sampler.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/nn/training_loader.hpp"

namespace blocks::nn {

namespace {

// The fewest significant digits that read back to the same double: what
// a person typed (0.1), for messages; the file keeps all 17.
std::string shortest(double value) {
  for (int digits = 1; digits < 17; ++digits) {
    std::ostringstream out;
    out.precision(digits);
    out << value;
    const double back = std::strtod(out.str().c_str(), nullptr);
    if (std::memcmp(&back, &value, sizeof value) == 0) return out.str();
  }
  return full_precision(value);
}

const char* boolean(bool value) {
  return value ? "true" : "false";
}

double finite_number(const LineReader& r) {
  const double value = r.number(2);
  if (!std::isfinite(value)) {
    r.fail("expected a finite number, found " + single_quoted(r.word(2)));
  }
  return value;
}

bool read_bool(const LineReader& r) {
  const std::string& w = r.word(2);
  if (w != "true" && w != "false") {
    r.fail("expected true or false, found " + single_quoted(w));
  }
  return w == "true";
}

// Word 2 when it is one of `names`.
std::string one_of(const LineReader& r,
                   std::initializer_list<std::string> names) {
  std::string choices;
  for (const std::string& name : names) {
    if (r.word(2) == name) return name;
    choices += (choices.empty() ? "" : ", ") + name;
  }
  r.fail("expected one of " + choices + ", found " + single_quoted(r.word(2)));
}

// One setting: its name, its value as text (17 digits, or the fewest
// that read back), how its line is read, and the first checkpoint version
// that records it.
struct Field {
  const char* name;
  std::string (*text)(const RunSettings&, bool shortest);
  void (*read)(const LineReader&, RunSettings&);
  int since_version = 2;
};

// 16 hex digits, every one written: the file's form of a checksum.
std::string hex16(std::uint64_t value) {
  std::ostringstream out;
  out << std::hex << std::setw(16) << std::setfill('0') << value;
  return out.str();
}

std::uint64_t read_hex16(const LineReader& r) {
  const std::string& w = r.word(2);
  if (w.size() != 16 ||
      w.find_first_not_of("0123456789abcdef") != std::string::npos) {
    r.fail("expected 16 hex digits, found " + single_quoted(w));
  }
  return std::strtoull(w.c_str(), nullptr, 16);
}

std::string number(double value, bool short_text) {
  return short_text ? shortest(value) : full_precision(value);
}

// The one list of settings: writing, comparing and reading go through it,
// so that no setting is written and then not read, or not compared.
const Field kFields[] = {
    {"model", [](const RunSettings& s, bool) { return to_string(s.model); },
     [](const LineReader& r, RunSettings& s) {
       try {
         s.model = parse_flavour(r.word(2));
       } catch (const ValueError& e) {
         r.fail(e.what());
       }
     }},
    {"batch-size",
     [](const RunSettings& s, bool) { return std::to_string(s.batch_size); },
     [](const LineReader& r, RunSettings& s) {
       s.batch_size = r.count(2);
       try {
         data::check_batch_size(s.batch_size);  // the one check, its words
       } catch (const ValueError& e) {
         r.fail(e.what());
       }
     }},
    {"lr",
     [](const RunSettings& s, bool short_text) {
       return s.sgd.lr ? number(*s.sgd.lr, short_text) : "none";
     },
     [](const LineReader& r, RunSettings& s) { s.sgd.lr = finite_number(r); }},
    {"momentum",
     [](const RunSettings& s, bool short_text) {
       return number(s.sgd.momentum, short_text);
     },
     [](const LineReader& r, RunSettings& s) {
       s.sgd.momentum = finite_number(r);
     }},
    {"dampening",
     [](const RunSettings& s, bool short_text) {
       return number(s.sgd.dampening, short_text);
     },
     [](const LineReader& r, RunSettings& s) {
       s.sgd.dampening = finite_number(r);
     }},
    {"weight-decay",
     [](const RunSettings& s, bool short_text) {
       return number(s.sgd.weight_decay, short_text);
     },
     [](const LineReader& r, RunSettings& s) {
       s.sgd.weight_decay = finite_number(r);
     }},
    {"nesterov",
     [](const RunSettings& s, bool) {
       return std::string(boolean(s.sgd.nesterov));
     },
     [](const LineReader& r, RunSettings& s) {
       s.sgd.nesterov = read_bool(r);
     }},
    {"maximize",
     [](const RunSettings& s, bool) {
       return std::string(boolean(s.sgd.maximize));
     },
     [](const LineReader& r, RunSettings& s) {
       s.sgd.maximize = read_bool(r);
     }},
    {"shuffle",
     [](const RunSettings& s, bool) { return std::string(boolean(s.shuffle)); },
     [](const LineReader& r, RunSettings& s) { s.shuffle = read_bool(r); }},
    {"sampler", [](const RunSettings& s, bool) { return s.sampler; },
     [](const LineReader& r, RunSettings& s) {
       s.sampler = one_of(
           r, {to_string(Shuffling::torch), to_string(Shuffling::torch_legacy),
               to_string(Shuffling::numpy), kDistributedSampler, kDdpSampler,
               kDdpDropLastSampler});
     }},
    {"seed", [](const RunSettings& s, bool) { return std::to_string(s.seed); },
     [](const LineReader& r, RunSettings& s) { s.seed = r.count(2); }},
    {"init",
     [](const RunSettings& s, bool) {
       return std::string(s.init_given ? "given" : "torch-default");
     },
     [](const LineReader& r, RunSettings& s) {
       s.init_given = one_of(r, {"torch-default", "given"}) == "given";
     }},
    {"precision", [](const RunSettings& s, bool) { return s.precision; },
     [](const LineReader& r, RunSettings& s) {
       s.precision = one_of(r, {"double", "float"});
     }},
    {"ranks",
     [](const RunSettings& s, bool) {
       return s.ranks == 0 ? std::string("any") : std::to_string(s.ranks);
     },
     [](const LineReader& r, RunSettings& s) {
       if (r.word(2) == "any") {
         s.ranks = 0;
         return;
       }
       s.ranks = r.count(2);
       if (s.ranks == 0) r.fail("expected any or a count from 1, found '0'");
     },
     3},
    {"data", [](const RunSettings& s, bool) { return hex16(s.data); },
     [](const LineReader& r, RunSettings& s) { s.data = read_hex16(r); }, 3},
};

bool unrecorded(const RunSettings& s, const char* name) {
  return std::find(s.unrecorded.begin(), s.unrecorded.end(), name) !=
         s.unrecorded.end();
}

constexpr std::size_t kCount = sizeof kFields / sizeof kFields[0];

}  // namespace

std::vector<Setting> settings_of(const RunSettings& settings) {
  std::vector<Setting> out;
  for (const Field& f : kFields) {
    out.push_back({f.name, f.text(settings, false)});
  }
  return out;
}

std::vector<SettingDifference> differences(const RunSettings& made,
                                           const RunSettings& now) {
  std::vector<SettingDifference> out;
  for (const Field& f : kFields) {
    if (unrecorded(made, f.name) || unrecorded(now, f.name)) continue;
    // 17 digits tell any two doubles apart, so equal text is equal bits.
    if (f.text(made, false) != f.text(now, false)) {
      out.push_back({f.name, f.text(made, true), f.text(now, true)});
    }
  }
  return out;
}

void write_settings(std::ostream& out, const RunSettings& settings) {
  if (!settings.sgd.lr) {
    throw ValueError("write_settings: the settings have no learning rate");
  }
  // Written, they would claim values nobody recorded (data 0, any ranks).
  if (!settings.unrecorded.empty()) {
    throw ValueError("write_settings: the settings lack '" +
                     settings.unrecorded.front() +
                     "' (read from a version 2 checkpoint)");
  }
  out << "settings " << kCount << '\n';
  for (const Setting& s : settings_of(settings)) {
    out << "setting " << s.name << ' ' << s.value << '\n';
  }
}

RunSettings read_settings(LineReader& r, int version) {
  r.line("settings");
  if (r.words_from(0) < 2) r.fail("the line is cut short");
  r.no_more(2);
  const std::size_t count = r.count(1);
  RunSettings s;
  bool seen[kCount] = {};
  // A count past the number of settings ends at a repeated name, so the
  // loop reads at most one line more than there are settings.
  for (std::size_t i = 0; i < count; ++i) {
    r.line("setting");
    if (r.words_from(0) < 3) r.fail("the line is cut short");
    r.no_more(3);
    std::size_t k = 0;
    while (k < kCount && r.word(1) != kFields[k].name) ++k;
    if (k == kCount) r.fail("unknown setting " + single_quoted(r.word(1)));
    if (seen[k]) r.fail("setting '" + r.word(1) + "' given twice");
    seen[k] = true;
    kFields[k].read(r, s);
  }
  for (std::size_t k = 0; k < kCount; ++k) {
    if (seen[k]) continue;
    if (version < kFields[k].since_version) {
      s.unrecorded.push_back(kFields[k].name);
    } else {
      r.fail("no setting '" + std::string(kFields[k].name) +
             "' before the settings end");
    }
  }
  try {
    optim::validate(s.sgd);
  } catch (const ValueError& e) {
    r.fail(std::string("the SGD settings are not valid: ") + e.what());
  }
  return s;
}

}  // namespace blocks::nn
