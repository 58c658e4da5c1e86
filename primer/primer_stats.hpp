// The primer's one header: what a caller may use, not how it works.
#pragma once

#include <vector>

namespace primer {

// [header-declaration]
// Declared here, defined once in primer_stats.cpp.
double mean(const std::vector<double>& xs);
// [header-declaration]

}  // namespace primer
