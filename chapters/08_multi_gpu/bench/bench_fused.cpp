// blocks-bench-fused: bytes per second of one full-batch epoch (fused
// kernel + all-reduce + SGD step) next to a plain read of the same array,
// on this rank's shard; then the time of one mini-batch step. Run it under
// mpirun with 1 and 2 ranks; rank 0 prints one line per measurement. Not a
// test: timings vary.
//   mpirun -np 2 ./build/bin/blocks-bench-fused [ROWS [FEATURES [REPEATS
//                                              [BATCH]]]]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>
#include <type_traits>
#include <vector>

#include "blocks/cli/values.hpp"
#include "blocks/device/simd_pack4.hpp"
#include "blocks/device/synthetic.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/error.hpp"

namespace device = blocks::device;
namespace dist = blocks::dist;

namespace {

using Clock = std::chrono::steady_clock;

const char* const kUsage =
    "usage: blocks-bench-fused [ROWS [FEATURES [REPEATS [BATCH]]]], each a "
    "count of at least 1 (default 1000000 32 10 4096)";

// [read-bandwidth]
// The floor: read every float of X once, summing it, as fast as we know
// how; one version for CPU cores, one for GPUs, picked by where X lives.
template <class Memory,
          bool kHost = std::is_same<Memory, Kokkos::HostSpace>::value>
struct ReadAll;

// On a CPU, index c reads a run of kRun floats into four Pack4 sums (four
// SSE adds per cache line that do not wait on each other), asking for the
// line 8 KiB ahead at every line it reads: software prefetch read 10-15%
// faster than the hardware's prefetcher alone on our machine. (Sixteen
// plain float sums stayed scalar adds: that loop was bound by its adds.)
template <class Memory>
struct ReadAll<Memory, true> {
  static constexpr std::size_t kRun = 4096;    ///< floats per index
  static constexpr std::size_t kAhead = 2048;  ///< floats, 8 KiB
  const float* x;                              ///< X's values, in order
  std::size_t size;                            ///< how many
  std::size_t indices;  ///< the range the kernel runs over

  ReadAll(const float* values, std::size_t count)
      : x(values), size(count), indices((count + kRun - 1) / kRun) {}

  void operator()(std::size_t c, double& s) const {
    using P = device::Pack4<float>;
    const std::size_t first = c * kRun;
    const std::size_t last = std::min(size, first + kRun);
    P part[4] = {P(0.0f), P(0.0f), P(0.0f), P(0.0f)};
    std::size_t i = first;
    for (; i + 16 <= last; i += 16) {
      if (i + kAhead < size) __builtin_prefetch(x + i + kAhead);
      for (std::size_t k = 0; k < 4; ++k) {
        part[k] = part[k] + P::load(x + i + 4 * k);
      }
    }
    for (; i < last; ++i) s += x[i];
    for (std::size_t k = 0; k < 4; ++k) s += device::lane_sum(part[k]);
  }
};

// On a GPU, index c reads c, c + indices, c + 2 indices...: at each step
// the threads of a warp read 32 neighbouring floats (coalesced).
template <class Memory>
struct ReadAll<Memory, false> {
  const float* x;       ///< X's values, in order
  std::size_t size;     ///< how many
  std::size_t indices;  ///< the range the kernel runs over

  ReadAll(const float* values, std::size_t count)
      : x(values), size(count), indices((count + 7) / 8) {}

  KOKKOS_INLINE_FUNCTION void operator()(std::size_t c, double& s) const {
    double part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (std::size_t k = 0; k < 8; ++k) {
      const std::size_t at = c + k * indices;
      if (at < size) part[k] = x[at];
    }
    s += ((part[0] + part[1]) + (part[2] + part[3])) +
         ((part[4] + part[5]) + (part[6] + part[7]));
  }
};
// [read-bandwidth]

// A kernel that does nothing: its launch and wait are all it costs.
struct DoNothing {
  KOKKOS_INLINE_FUNCTION void operator()(std::size_t) const {}
};

// One timing of f, in seconds, with all ranks in step.
template <class F>
double time_once(const dist::Communicator& comm, F&& f) {
  comm.barrier();
  const auto t0 = Clock::now();
  f();
  Kokkos::fence();
  comm.barrier();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The best of `repeats` timings of f, in seconds.
template <class F>
double best_of(const dist::Communicator& comm, int repeats, F&& f) {
  double best = 1e30;
  for (int k = 0; k < repeats; ++k) best = std::min(best, time_once(comm, f));
  return best;
}

// The best of `repeats` timings of each task. The tasks take turns (the
// first, the second, ..., the first again), so a slow spell of a shared
// machine touches them all alike and the ratios between them hold.
std::vector<double> best_of_each(
    const dist::Communicator& comm, int repeats,
    const std::vector<std::function<void()>>& tasks) {
  std::vector<double> best(tasks.size(), 1e30);
  for (int k = 0; k < repeats; ++k) {
    for (std::size_t t = 0; t < tasks.size(); ++t) {
      best[t] = std::min(best[t], time_once(comm, tasks[t]));
    }
  }
  return best;
}

// [minibatch-step]
// The cost of one mini-batch step (fused pass, all-reduce, SGD update) at
// a global batch of `batch` rows, both all-reduce modes, next to the cost
// of one empty kernel that the host waits for: the floor of any step that
// brings a number back.
void minibatch_steps(const dist::Communicator& comm,
                     const device::DeviceData<float>& shard, std::size_t d,
                     std::size_t batch, int repeats) {
  const auto ranks = static_cast<std::size_t>(comm.size());
  const std::size_t local = std::max<std::size_t>(1, batch / ranks);
  const std::size_t steps = std::min<std::size_t>(200, shard.rows() / local);
  if (steps == 0) return;
  const double t_wait = best_of(comm, repeats, [&] {
    for (std::size_t s = 0; s < steps; ++s) {
      Kokkos::parallel_for(
          "empty", Kokkos::RangePolicy<device::ExecSpace>(0, 1), DoNothing{});
      Kokkos::fence();
    }
  });
  if (comm.rank() == 0) {
    std::cout << "  empty kernel + wait " << std::setw(8)
              << t_wait / double(steps) * 1e6 << " us\n";
  }
  for (auto mode : {dist::Allreduce::host, dist::Allreduce::device}) {
    if (!dist::allreduce_mode_works(comm, mode)) {
      if (comm.rank() == 0) {
        std::cout << "  step, device all-reduce: skipped (this MPI cannot "
                     "read GPU memory)\n";
      }
      continue;
    }
    device::FusedKernel<float> kernel(d, device::best_kernel());
    device::DeviceSGD<float> sgd(std::vector<double>(d + 1, 0.0),
                                 blocks::optim::SGDOptions(0.1));
    std::vector<double> host;
    const double t = best_of(comm, repeats, [&] {
      for (std::size_t s = 0; s < steps; ++s) {
        dist::batch_step(comm, kernel, shard, s * local, (s + 1) * local, sgd,
                         mode, host);
      }
    });
    if (comm.rank() == 0) {
      std::cout << "  step, batch " << batch << ", " << std::setw(6)
                << dist::to_string(mode) << " all-reduce " << std::setw(8)
                << t / double(steps) * 1e6 << " us\n";
    }
  }
}
// [minibatch-step]

int run(const dist::Communicator& comm, int argc, char** argv) {
  if (argc > 5) throw blocks::ValueError(kUsage);
  const auto argument = [&](int i, const char* name, std::size_t otherwise) {
    return argc > i ? blocks::cli::parse_count(argv[i], name) : otherwise;
  };
  const std::size_t n = argument(1, "ROWS", 1000000);
  const std::size_t d = argument(2, "FEATURES", 32);
  const std::size_t repeat_count = argument(3, "REPEATS", 10);
  if (repeat_count > 1000000) {
    throw blocks::ValueError("REPEATS: at most 1000000");
  }
  const int repeats = static_cast<int>(repeat_count);
  const std::size_t batch = argument(4, "BATCH", 4096);
  const auto ranks = static_cast<std::size_t>(comm.size());
  if (n < ranks) {
    throw blocks::ValueError(std::to_string(ranks) + " ranks but only " +
                             std::to_string(n) + " rows");
  }
  const auto block =
      dist::contiguous_block(n, ranks, static_cast<std::size_t>(comm.rank()));
  // A named copy: a lambda may not capture a structured binding in C++17.
  const std::size_t count = block.second;
  const auto shard = device::synthetic_shard<float>(d, 7, block.first, count);
  // The fused pass reads X and y; the floor is measured on X alone.
  const double bytes = double(n) * double(d + 1) * sizeof(float);
  const double x_bytes = double(n) * double(d) * sizeof(float);

  // The read first, then one full-batch epoch per kernel, taking turns.
  double sum = 0.0;
  const ReadAll<device::DeviceMemory> read(shard.X.data(), count * d);
  std::vector<std::function<void()>> tasks{[&] {
    Kokkos::parallel_reduce(
        "read", Kokkos::RangePolicy<device::ExecSpace>(0, read.indices), read,
        sum);
  }};
  const auto kinds = device::kernel_kinds();
  std::deque<device::FusedKernel<float>> kernels;
  std::deque<device::DeviceSGD<float>> sgds;
  for (auto kind : kinds) {
    kernels.emplace_back(d, kind);
    sgds.emplace_back(std::vector<double>(d + 1, 0.0),
                      blocks::optim::SGDOptions(0.1));
    tasks.push_back([&, k = kernels.size() - 1] {
      dist::full_batch_step(comm, kernels[k], shard, sgds[k]);
    });
  }
  const std::vector<double> best = best_of_each(comm, repeats, tasks);
  const double t_read = best[0];
  if (comm.rank() == 0) {
    std::cout << std::fixed << std::setprecision(2) << "ranks " << ranks << ", "
              << n << " x " << d << " float32 (" << bytes / 1e6
              << " MB), backend " << device::ExecSpace::name()
              << "\n  read X once          " << std::setw(8) << t_read * 1e3
              << " ms  " << std::setw(7) << x_bytes / t_read / 1e9 << " GB/s\n";
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      const double t = best[k + 1];
      const std::string name = device::to_string(kinds[k]);
      std::cout << "  fused epoch " << std::setw(9) << name << std::setw(8)
                << t * 1e3 << " ms  " << std::setw(7) << bytes / t / 1e9
                << " GB/s  " << std::setw(5)
                << 100.0 * (bytes / t) / (x_bytes / t_read)
                << "% of read rate\n";
      // One machine-readable line for the scaling figure.
      std::cerr << "SCALING " << ranks << " " << name << " " << t * 1e3 << " "
                << t_read * 1e3 << "\n";
    }
    if (std::find(kinds.begin(), kinds.end(), device::KernelKind::blocked) !=
        kinds.end()) {
      // Its figures depend on it: Chapter 7, "Eight values per instruction".
      std::cout << "  (blocked: logits and gradient "
                << (device::FusedBlocked<float>::avx2_passes()
                        ? "in AVX2, eight floats an instruction)\n"
                        : "in Pack4s, four floats an instruction)\n");
    }
  }
  minibatch_steps(comm, shard, d, batch, repeats);
  return sum == 12345.678 ? 1 : 0;  // keep the read from being optimised out
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  return dist::run_guarded(env.world(), "blocks-bench-fused",
                           [&] { return run(env.world(), argc, argv); });
}
