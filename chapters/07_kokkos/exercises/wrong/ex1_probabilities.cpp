// Exercise 1 — a wrong answer, kept to prove the tests catch it.
// What is wrong: the kernel runs k over 0 .. end - begin and reads row k,
// not row begin + k: the probabilities of the first rows of the data, not
// of the range asked for. Right only when begin is 0.
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
        double z = params(d);
        for (std::size_t j = 0; j < d; ++j) z += params(j) * X(k, j);
        p(k) = 1.0 / (1.0 + compat::math::exp(-z));
      });
  auto host = Kokkos::create_mirror_view(p);
  Kokkos::deep_copy(host, p);
  return std::vector<double>(host.data(), host.data() + n);
}

}  // namespace blocks::device::exercises
