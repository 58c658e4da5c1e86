// Exercise 2 — solution.
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
  Tensor mean = xt::mean(x, {0}, xt::keep_dims);
  Tensor centred = x - mean;
  Tensor std_dev = xt::sqrt(xt::mean(centred * centred, {0}, xt::keep_dims));
  // A constant column has nothing to scale; scikit-learn divides it by 1.
  Tensor scale = xt::where(xt::equal(std_dev, 0.0), 1.0, std_dev);
  return centred / scale;
}

}  // namespace blocks::exercises
