// Exercise 2 — a wrong answer, kept to prove the tests catch it.
// What is wrong: it counts the rows predicted positive (sigma(z) > 0.5),
// not the rows whose prediction equals their label: a right prediction of
// 0 is never counted, and a wrong prediction of 1 is.
#include "blocks/device/kokkos_compat.hpp"
#include "ch07_exercises.hpp"

namespace blocks::device::exercises {

std::size_t count_correct(const DeviceData<double>& data,
                          const ParamView<double>& params, std::size_t begin,
                          std::size_t end) {
  auto X = data.X;
  const std::size_t d = data.features();
  std::size_t correct = 0;
  Kokkos::parallel_reduce(
      "count_correct", Kokkos::RangePolicy<ExecSpace>(begin, end),
      KOKKOS_LAMBDA(const std::size_t i, std::size_t& n) {
        double z = params(d);
        for (std::size_t j = 0; j < d; ++j) z += params(j) * X(i, j);
        if (1.0 / (1.0 + compat::math::exp(-z)) > 0.5) ++n;
      },
      correct);
  return correct;
}

}  // namespace blocks::device::exercises
