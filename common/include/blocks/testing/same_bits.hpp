#pragma once
/// \file
/// \brief A GoogleTest helper: whether two tensors hold the same bits,
/// what the tests of the tuned code ask of it against the plain code.
#include <cmath>
#include <cstddef>
#include <cstring>

#include <gtest/gtest.h>

#include "blocks/format.hpp"
#include "blocks/tensor.hpp"

namespace blocks::testing {

/// \brief Same shape and the same bits in every element, but that any NaN
/// equals any other: which NaN an operation on two NaNs returns depends on
/// the order the compiler gave its operands, which C++ leaves open.
inline ::testing::AssertionResult same_bits(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) {
    return ::testing::AssertionFailure() << "shapes " << shape_string(a.shape())
                                         << " and " << shape_string(b.shape());
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a.data()[i]) && std::isnan(b.data()[i])) continue;
    if (std::memcmp(&a.data()[i], &b.data()[i], sizeof(double)) != 0) {
      return ::testing::AssertionFailure()
             << "element " << i << ": " << full_precision(a.data()[i]) << " vs "
             << full_precision(b.data()[i]);
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace blocks::testing
