#pragma once
/// \file
/// \brief The course's exception types: one base, one subclass per kind of
/// mistake, so a program can catch `blocks::Error` and print the message.

#include <stdexcept>
#include <string>

namespace blocks {

/// \brief Base of every error the course throws. Its message names the
/// operation and the offending values.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief Tensors whose shapes do not fit the operation (names both shapes).
class ShapeError : public Error {
 public:
  using Error::Error;
};

/// \brief An argument with an invalid value, such as a negative learning
/// rate (names the argument and the value).
class ValueError : public Error {
 public:
  using Error::Error;
};

/// \brief Data that cannot be used: a malformed file, labels outside {0,1},
/// NaN where a number is needed (names the file or the value).
class DataError : public Error {
 public:
  using Error::Error;
};

/// \brief A file that cannot be opened, read or written (names the path).
class IOError : public Error {
 public:
  using Error::Error;
};

/// \brief Misuse of the autograd graph, such as a second backward through
/// a freed graph.
class AutogradError : public Error {
 public:
  using Error::Error;
};

}  // namespace blocks
