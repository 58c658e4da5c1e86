#pragma once
// Random double inputs for gradcheck tests, drawn away from the places
// where a function has no derivative (relu and abs at 0, log at 0).
#include <cstdint>
#include <random>
#include <vector>

#include "blocks/autograd.hpp"

namespace blocks::testing {

/// \brief Where the values of a random input lie.
enum class Domain {
  kAny,           ///< uniform in [-2, 2]
  kAwayFromZero,  ///< |x| uniform in [0.2, 2], random sign
  kPositive,      ///< uniform in [0.5, 2] (log, division)
  kNearZero,      ///< uniform in [-0.05, 0.05]
  kLabels         ///< 0 or 1, as the loss's targets
};

/// \brief A tensor of `shape` with values drawn from `domain`.
/// (The extents come as a std::vector: GCC 12 warns falsely about a
/// Shape built from a braced list at some call sites.)
inline Tensor random_tensor(const std::vector<std::size_t>& extents,
                            Domain domain, std::mt19937& rng) {
  const Shape shape(extents.begin(), extents.end());
  std::uniform_real_distribution<double> any(-2.0, 2.0), mag(0.2, 2.0),
      pos(0.5, 2.0), small(-0.05, 0.05);
  std::bernoulli_distribution sign(0.5);
  Tensor t = Tensor::from_shape(shape);
  for (auto& v : t) {
    switch (domain) {
      case Domain::kAny:
        v = any(rng);
        break;
      case Domain::kAwayFromZero:
        v = (sign(rng) ? 1 : -1) * mag(rng);
        break;
      case Domain::kPositive:
        v = pos(rng);
        break;
      case Domain::kNearZero:
        v = small(rng);
        break;
      case Domain::kLabels:
        v = sign(rng) ? 1.0 : 0.0;
        break;
    }
  }
  return t;
}

/// \brief A leaf Variable that requires grad, with random values.
inline autograd::Variable random_leaf(const std::vector<std::size_t>& extents,
                                      Domain domain, std::mt19937& rng) {
  return autograd::Variable(random_tensor(extents, domain, rng), true);
}

}  // namespace blocks::testing
