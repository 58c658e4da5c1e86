// Exercise 2, solution: a scalar parallel_reduce.
#include "blocks/device/kokkos_compat.hpp"
#include "ch07_exercises.hpp"

namespace blocks::device::exercises {

std::size_t count_correct(const DeviceData<double>& data,
                          const ParamView<double>& params, std::size_t begin,
                          std::size_t end) {
  auto X = data.X;
  auto y = data.y;
  const std::size_t d = data.features();
  std::size_t correct = 0;
  // A scalar result: parallel_reduce waits for the device before it
  // returns, so `correct` is ready.
  Kokkos::parallel_reduce(
      "count_correct", Kokkos::RangePolicy<ExecSpace>(begin, end),
      KOKKOS_LAMBDA(const std::size_t i, std::size_t& n) {
        double z = params(d);
        for (std::size_t j = 0; j < d; ++j) z += params(j) * X(i, j);
        const double p = 1.0 / (1.0 + compat::math::exp(-z));
        if ((p > 0.5 ? 1.0 : 0.0) == y(i)) ++n;
      },
      correct);
  return correct;
}

}  // namespace blocks::device::exercises
