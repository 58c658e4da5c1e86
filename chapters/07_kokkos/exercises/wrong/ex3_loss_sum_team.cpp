// Exercise 3 — a wrong answer, kept to prove the tests catch it.
// What is wrong: the number of teams is n / rows_per_team, rounded down,
// so the rows of the last, partial block are never added (and a range of
// fewer than 64 rows gives 0).
#include "blocks/device/kokkos_compat.hpp"
#include "ch07_exercises.hpp"

namespace blocks::device::exercises {

double loss_sum_team(const DeviceData<double>& data,
                     const ParamView<double>& params, std::size_t begin,
                     std::size_t end) {
  using Policy = Kokkos::TeamPolicy<ExecSpace>;
  using Member = Policy::member_type;
  constexpr std::size_t rows_per_team = 64;
  const std::size_t n = end > begin ? end - begin : 0;
  const std::size_t league = n / rows_per_team;
  if (league == 0) return 0.0;
  auto X = data.X;
  auto y = data.y;
  const std::size_t d = data.features();
  double total = 0.0;
  Kokkos::parallel_reduce(
      "loss_sum_team", Policy(static_cast<int>(league), Kokkos::AUTO),
      KOKKOS_LAMBDA(const Member& t, double& team_total) {
        const std::size_t first = begin + t.league_rank() * rows_per_team;
        const std::size_t last = first + rows_per_team;
        double team_sum = 0.0;
        Kokkos::parallel_reduce(
            Kokkos::TeamThreadRange(t, first, last),
            [&](const std::size_t i, double& s) {
              double z = 0.0;
              Kokkos::parallel_reduce(
                  Kokkos::ThreadVectorRange(t, d),
                  [&](const std::size_t j, double& dot) {
                    dot += params(j) * X(i, j);
                  },
                  z);
              z += params(d);
              s += (z > 0.0 ? z : 0.0) - z * y(i) +
                   compat::math::log1p(
                       compat::math::exp(-compat::math::fabs(z)));
            },
            team_sum);
        Kokkos::single(Kokkos::PerTeam(t), [&]() { team_total += team_sum; });
      },
      total);
  return total;
}

}  // namespace blocks::device::exercises
