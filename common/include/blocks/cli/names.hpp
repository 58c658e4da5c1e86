#pragma once
/// \file
/// \brief One table of names per enum, so that the text a program reads
/// (`--model builtin`), the text it writes (a checkpoint, a message) and
/// the choices its help lists all come from one place.

#include <array>
#include <cstddef>
#include <string>

#include "blocks/error.hpp"

namespace blocks::cli {

/// \brief One value of an enum and its name.
template <class E>
struct Named {
  E value;           ///< the enum value
  const char* name;  ///< how programs and files write it
};

/// \brief Every value of an enum with its name, in the order help lists
/// them: `inline constexpr NameTable<Flavour, 2> kFlavourNames{{...}};`.
template <class E, std::size_t N>
using NameTable = std::array<Named<E>, N>;

/// \brief The names of `table`, joined by `separator` (`custom|builtin`).
template <class E, std::size_t N>
std::string joined_names(const NameTable<E, N>& table,
                         const std::string& separator) {
  std::string out;
  for (const auto& entry : table) {
    out += (out.empty() ? "" : separator) + std::string(entry.name);
  }
  return out;
}

/// \brief The name of `value` ("?" for a value missing from the table).
template <class E, std::size_t N>
std::string name_of(const NameTable<E, N>& table, E value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

/// \brief The value named `name`.
/// \throws ValueError "what: unknown 'name' (choose a, b or c)".
template <class E, std::size_t N>
E value_named(const NameTable<E, N>& table, const std::string& name,
              const std::string& what) {
  for (const auto& entry : table) {
    if (name == entry.name) return entry.value;
  }
  throw ValueError(what + ": unknown '" + name + "' (choose " +
                   joined_names(table, ", ") + ")");
}

}  // namespace blocks::cli
