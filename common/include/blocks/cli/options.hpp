#pragma once
/// \file
/// \brief The programs' flags, each read by the one grammar of
/// `blocks/cli/values.hpp` instead of CLI11's own conversions (which read
/// an empty value as 0 and a number through `long double`, so that
/// `--lr ""` meant 0 and a value could round twice).

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/cli/names.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/format.hpp"

namespace blocks::cli {

/// \brief A flag whose text `store` reads into its variable (`shown` is
/// the default the help shows). The grammar's ValueError becomes CLI11's
/// ValidationError, so that a bad value is reported like every other
/// mistake on the command line, with the usage.
template <class Store>
CLI::Option* add_read(CLI::App& app, const std::string& name, Store store,
                      const std::string& help, const std::string& shown,
                      const std::string& type = "TEXT") {
  auto read = [name, store](const std::string& text) {
    try {
      store(text);
    } catch (const ValueError& e) {
      // Every message about a flag starts with the flag's name.
      const std::string message = e.what();
      throw CLI::ValidationError(
          message.rfind(name + ":", 0) == 0 ? message : name + ": " + message);
    }
  };
  CLI::Option* option = app.add_option_function<std::string>(name, read, help);
  option->type_name(type);
  if (!shown.empty()) option->default_str(shown);
  return option;
}

/// \brief A number flag (`--lr 0.1`), read by parse_number().
inline CLI::Option* add_number(CLI::App& app, const std::string& name,
                               double& target, const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) { target = parse_number(t, name); },
      help, full_precision(target), "NUMBER");
}

/// \brief A number flag whose variable may hold no value yet.
inline CLI::Option* add_number(CLI::App& app, const std::string& name,
                               std::optional<double>& target,
                               const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) { target = parse_number(t, name); },
      help, target ? full_precision(*target) : "", "NUMBER");
}

/// \brief A whole-number flag (`--seed 123`), read by parse_whole() and
/// refused when it does not fit `T`.
template <class T>
CLI::Option* add_whole(CLI::App& app, const std::string& name, T& target,
                       const std::string& help = "") {
  static_assert(std::is_unsigned_v<T>, "a whole number is unsigned");
  return add_read(
      app, name,
      [&target, name](const std::string& t) {
        const std::uint64_t value = parse_whole(t, name);
        if (value > std::numeric_limits<T>::max()) {
          throw ValueError(name + ": " + t + " is too large");
        }
        target = static_cast<T>(value);
      },
      help, std::to_string(target), "WHOLE");
}

/// \brief A count flag (`--epochs 10`), at least 1, read by parse_count().
inline CLI::Option* add_count(CLI::App& app, const std::string& name,
                              std::size_t& target,
                              const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) { target = parse_count(t, name); },
      help, std::to_string(target), "COUNT");
}

/// \brief A signed whole-number flag, read by parse_integer().
inline CLI::Option* add_integer(CLI::App& app, const std::string& name,
                                std::int64_t& target,
                                const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) {
        target = parse_integer(t, name);
      },
      help, std::to_string(target), "INTEGER");
}

/// \brief A boolean flag that takes a value (`--shuffle true`), read by
/// parse_bool().
inline CLI::Option* add_bool(CLI::App& app, const std::string& name,
                             bool& target, const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) { target = parse_bool(t, name); },
      help, target ? "true" : "false", "BOOL");
}

/// \brief A switch that takes no value (`--nesterov` turns it on), with an
/// optional one joined by `=` and read by parse_bool() (`--nesterov=false`;
/// `--nesterov=yes` is refused as every boolean flag refuses it, not read
/// by CLI11's looser words). CLI11 gives an empty `--nesterov=` the bare
/// flag's value, so that one means true.
inline CLI::Option* add_switch(CLI::App& app, const std::string& name,
                               bool& target, const std::string& help = "") {
  // CLI11 stores the flag's text; the option keeps that storage alive.
  auto text = std::make_shared<std::string>();
  CLI::Option* option = app.add_flag(name, *text, help);  // alone: "true"
  option->each([&target, name, text](const std::string& t) {
    try {
      target = parse_bool(t, name);
    } catch (const ValueError& e) {
      // CLI11 puts the flag's name before what `each` throws: say it once.
      const std::string message = e.what();
      throw CLI::ValidationError(message.substr(name.size() + 2));
    }
  });
  return option;
}

/// \brief A text flag, such as a path, that must not be empty: an empty
/// `--output-dir ""` is a mistake, not the root folder.
inline CLI::Option* add_text(CLI::App& app, const std::string& name,
                             std::string& target,
                             const std::string& help = "") {
  return add_read(
      app, name,
      [&target, name](const std::string& t) {
        if (t.empty()) throw ValueError(name + ": the value is empty");
        target = t;
      },
      help, target);
}

/// \brief A flag that names one value of an enum (`--model custom`), from
/// the enum's table of names; the help lists the names.
template <class E, std::size_t N>
CLI::Option* add_choice(CLI::App& app, const std::string& name, E& target,
                        const NameTable<E, N>& names,
                        const std::string& help = "") {
  const std::string listed = joined_names(names, "|");
  return add_read(
      app, name,
      [&target, &names, name](const std::string& t) {
        target = value_named(names, t, name);
      },
      help.empty() ? listed : listed + ": " + help, name_of(names, target),
      "NAME");
}

/// \brief A text flag that must be one of `names` (`--format npy`).
inline CLI::Option* add_choice(CLI::App& app, const std::string& name,
                               std::string& target,
                               const std::vector<std::string>& names,
                               const std::string& help = "") {
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : "|") + n;
  return add_read(
      app, name,
      [&target, names, listed, name](const std::string& t) {
        for (const auto& n : names) {
          if (t == n) {
            target = t;
            return;
          }
        }
        throw ValueError(name + ": unknown '" + t + "' (choose " + listed +
                         ")");
      },
      help.empty() ? listed : listed + ": " + help, target, "NAME");
}

}  // namespace blocks::cli
