// Exercise 1, solution: a parallel_for, a mirror and a deep_copy.
#include "blocks/device/kokkos_compat.hpp"
#include "ch07_exercises.hpp"

namespace blocks::device::exercises {

std::vector<double> probabilities(const DeviceData<double>& data,
                                  const ParamView<double>& params,
                                  std::size_t begin, std::size_t end) {
  const std::size_t n = end > begin ? end - begin : 0;
  Kokkos::View<double*, DeviceMemory> p("probabilities", n);
  auto X = data.X;
  const std::size_t d = data.features();
  Kokkos::parallel_for(
      "probabilities", Kokkos::RangePolicy<ExecSpace>(0, n),
      KOKKOS_LAMBDA(const std::size_t k) {
        const std::size_t i = begin + k;  // the row; k is its place in p
        double z = params(d);
        for (std::size_t j = 0; j < d; ++j) z += params(j) * X(i, j);
        p(k) = 1.0 / (1.0 + compat::math::exp(-z));
      });
  // The host cannot read device memory: a host copy of p (the same View
  // on a CPU backend), filled by deep_copy, which waits for the kernel.
  auto host = Kokkos::create_mirror_view(p);
  Kokkos::deep_copy(host, p);
  return std::vector<double>(host.data(), host.data() + n);
}

}  // namespace blocks::device::exercises
