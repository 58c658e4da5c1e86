// blocks-bench-fused: bytes per second of one full-batch epoch (fused
// kernel + all-reduce + SGD step) next to a plain read of the same array,
// on this rank's shard. Run it under mpirun with 1 and 2 ranks; rank 0
// prints one line per measurement. Not a test: timings vary.
//   mpirun -np 2 ./build/bin/blocks-bench-fused [rows] [features] [repeats]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <string>

#include "blocks/ddp.hpp"
#include "blocks/synthetic.hpp"

namespace dist = blocks::dist;

namespace {

using Clock = std::chrono::steady_clock;

// [read-bandwidth]
// The floor: read every float of X once, summing it. Eight partial sums
// per row, so that the adds do not wait on each other.
struct ReadAll {
  Kokkos::View<const float**, Kokkos::LayoutRight, dist::DeviceMemory> X;
  KOKKOS_INLINE_FUNCTION void operator()(std::size_t i, double& s) const {
    double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    const std::size_t d = X.extent(1);
    for (std::size_t j = 0; j < d; ++j) part[j % 8] += X(i, j);
    s += ((part[0] + part[1]) + (part[2] + part[3])) +
         ((part[4] + part[5]) + (part[6] + part[7]));
  }
};
// [read-bandwidth]

// The best of `repeats` timings of f, in seconds, with all ranks in step.
template <class F>
double best_of(const dist::Communicator& comm, int repeats, F&& f) {
  double best = 1e30;
  for (int k = 0; k < repeats; ++k) {
    comm.barrier();
    const auto t0 = Clock::now();
    f();
    Kokkos::fence();
    comm.barrier();
    best = std::min(best,
                    std::chrono::duration<double>(Clock::now() - t0).count());
  }
  return best;
}

int run(const dist::Communicator& comm, int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 1000000;
  const std::size_t d = argc > 2 ? std::stoul(argv[2]) : 32;
  const int repeats = argc > 3 ? std::stoi(argv[3]) : 10;
  const auto ranks = static_cast<std::size_t>(comm.size());
  const auto [first, count] =
      dist::contiguous_block(n, ranks, static_cast<std::size_t>(comm.rank()));
  const auto shard = dist::synthetic_shard<float>(d, 7, first, count);
  const double bytes = double(n) * double(d + 1) * sizeof(float);

  double sum = 0.0;
  const double t_read = best_of(comm, repeats, [&] {
    Kokkos::parallel_reduce("read",
                            Kokkos::RangePolicy<dist::ExecSpace>(0, count),
                            ReadAll{shard.X}, sum);
  });
  if (comm.rank() == 0) {
    std::cout << std::fixed << std::setprecision(2) << "ranks " << ranks << ", "
              << n << " x " << d << " float32 (" << bytes / 1e6
              << " MB), backend " << dist::ExecSpace::name()
              << "\n  read X once       " << std::setw(8) << t_read * 1e3
              << " ms  " << std::setw(7) << bytes / t_read / 1e9 << " GB/s\n";
  }
  for (auto kind : {dist::KernelKind::simple, dist::KernelKind::team}) {
    dist::FusedKernel<float> kernel(d, kind);
    dist::DeviceSGD<float> sgd(std::vector<double>(d + 1, 0.0),
                               blocks::optim::SGDOptions(0.1));
    const double t = best_of(comm, repeats, [&] {
      dist::full_batch_step(comm, kernel, shard, sgd);
    });
    if (comm.rank() == 0) {
      std::cout << "  fused epoch " << std::setw(6) << dist::to_string(kind)
                << std::setw(8) << t * 1e3 << " ms  " << std::setw(7)
                << bytes / t / 1e9 << " GB/s  " << std::setw(5)
                << 100.0 * t_read / t << "% of read\n";
      // One machine-readable line for the scaling figure.
      std::cerr << "SCALING " << ranks << " " << dist::to_string(kind) << " "
                << t * 1e3 << " " << t_read * 1e3 << "\n";
    }
  }
  return sum == 12345.678 ? 1 : 0;  // keep the read from being optimised out
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  return dist::run_guarded(env.world(), "blocks-bench-fused",
                           [&] { return run(env.world(), argc, argv); });
}
