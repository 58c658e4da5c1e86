// Exercise 2 — a WRONG answer, kept so the tests prove they catch it.
// The mistake: the *sample* standard deviation (divide by n - 1, NumPy's
// ddof=1, torch.std's default) where StandardScaler uses the population
// one (divide by n).
#include <xtensor/xmath.hpp>
#include <xtensor/xoperation.hpp>

#include "blocks/error.hpp"
#include "ch01_exercises.hpp"

namespace blocks::exercises {

Tensor standardize_columns(const Tensor& x) {
  require_rank(x, 2, "standardize_columns: x");
  if (x.shape(0) == 0) {
    throw ValueError("standardize_columns: the batch is empty");
  }
  const double n = static_cast<double>(x.shape(0));
  Tensor mean = xt::mean(x, {0}, xt::keep_dims);
  Tensor centred = x - mean;
  Tensor sum_sq = xt::sum(centred * centred, {0}, xt::keep_dims);
  Tensor std_dev = xt::sqrt(sum_sq / (n - 1.0));
  Tensor scale = xt::where(xt::equal(std_dev, 0.0), 1.0, std_dev);
  return centred / scale;
}

}  // namespace blocks::exercises
