#pragma once
/// \file
/// \brief The exit status and message of a failed program, one rule for
/// every program: a mistake in what the user gave (a value, a data file, a
/// path, a shape) is status 2; anything else, a bug or an exhausted
/// machine, is status 1.

#include <exception>
#include <filesystem>
#include <new>
#include <string>

#include "blocks/error.hpp"

namespace blocks::cli {

/// \brief How a program ends after an exception.
struct Failure {
  int status;           ///< the exit status: 2 for the user's mistake, else 1
  std::string message;  ///< what to print after the program's name
};

/// \brief The Failure for the exception being handled; call it inside a
/// `catch (...)` block.
inline Failure current_failure() {
  try {
    throw;
  } catch (const ValueError& e) {
    return {2, e.what()};
  } catch (const DataError& e) {
    return {2, e.what()};
  } catch (const IOError& e) {
    return {2, e.what()};
  } catch (const ShapeError& e) {
    return {2, e.what()};
  } catch (const std::filesystem::filesystem_error& e) {
    return {2, e.what()};
  } catch (const std::bad_alloc&) {
    return {1,
            "out of memory (the data or a batch is too large for this "
            "machine)"};
  } catch (const std::exception& e) {
    return {1, e.what()};
  } catch (...) {
    return {1, "an unknown error"};
  }
}

}  // namespace blocks::cli
