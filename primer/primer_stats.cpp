// The definition behind primer_stats.hpp, compiled once into the
// primer_stats library that the primer program links.
#include "primer_stats.hpp"

#include "blocks/error.hpp"

namespace primer {

// [source-definition]
double mean(const std::vector<double>& xs) {
  if (xs.empty()) {
    throw blocks::ValueError("mean: empty input");
  }
  double total = 0.0;
  for (double x : xs) {
    total += x;
  }
  return total / static_cast<double>(xs.size());
}
// [source-definition]

}  // namespace primer
