// blocks-train-distributed: blocks-train (Chapter 6) as a data-parallel
// program, run under mpirun. Same flags and history CSV, plus --precision
// and --synthetic N,D (full-batch training on generated data, for
// benchmarks). Rank 0 prints and writes files. Bad flags or data: exit
// status 2; an error on any rank ends all ranks. SIGTERM or Ctrl-C: all
// ranks stop after the epoch, with 128 + the signal.
//
// --semantics one-process (the default): --batch-size is the global batch,
// split across the ranks with every row weighing alike, so N ranks follow
// blocks-train's trajectory. --semantics ddp: what PyTorch 1.13's
// DistributedDataParallel with a DistributedSampler(shuffle, seed=--seed,
// drop_last=--drop-last) and set_epoch(e) does: --batch-size per rank, the
// sampler's padding (or its dropped tail), each rank's loss the mean over
// its batch, gradients summed over the ranks and divided by their number.
// In ddp mode the history logs what a DDP user logs: train_loss is the
// epoch's mean over steps of the step's loss averaged over the ranks (the
// loss whose gradient the step follows), and the validation columns are
// Chapter 6's evaluate() of the model every rank holds, over the whole
// validation split in batches of --batch-size (as rank 0 evaluating
// model.module would). tests/goldens/make_ch08_ddp_goldens.py is the
// PyTorch script that does the same.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "blocks/checksum.hpp"
#include "blocks/cli/memory.hpp"
#include "blocks/cli/options.hpp"
#include "blocks/cli/run_program.hpp"
#include "blocks/cli/stop_signal.hpp"
#include "blocks/cli/values.hpp"
#include "blocks/data.hpp"
#include "blocks/device/kokkos_compat.hpp"
#include "blocks/device/synthetic.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "blocks/tools/flat_parameters.hpp"
#include "blocks/tools/training_flags.hpp"

namespace data = blocks::data;
namespace device = blocks::device;
namespace dist = blocks::dist;
namespace nn = blocks::nn;
namespace optim = blocks::optim;
namespace tools = blocks::tools;
namespace cli = blocks::cli;

namespace {

// Ctrl-C or SIGTERM, as blocks-train (Chapter 6) takes them
// (blocks/cli/stop_signal.hpp). mpirun passes a signal on to every rank, a
// batch system may signal only some: at the end of each epoch the ranks
// agree whether any got one, so all stop after the same epoch and none
// waits in a collective for a rank that left.
//
// The signal some rank has received, agreed by all ranks (0: none). A
// collective: every rank calls it at the end of every epoch.
int agreed_signal(const dist::Communicator& comm) {
  const auto all = comm.allgather(static_cast<std::uint64_t>(cli::stop_signal));
  return static_cast<int>(*std::max_element(all.begin(), all.end()));
}

// At the end of an epoch: if any rank got a signal, rank 0 writes the
// history and every rank stops.
void stop_if_signalled(const dist::Communicator& comm, const std::string& file,
                       const nn::History& history) {
  if (const int signal = agreed_signal(comm)) {
    if (comm.rank() == 0 && !file.empty()) {
      nn::save_history_csv(file, history);
    }
    throw cli::Interrupted{signal, history.size()};
  }
}

// The flags blocks-train has (Chapter 6), and those of a distributed run.
struct Settings : tools::TrainingFlags {
  std::string precision = "float", synthetic;
  dist::Allreduce allreduce = dist::Allreduce::host;
  device::KernelKind kernel = device::best_kernel();
  dist::Semantics semantics = dist::Semantics::one_process;
  bool drop_last = false;
};

// The order of a distributed run is a function of the seed and the epoch
// (dist::epoch_order), so its checkpoints hold no generator.
nn::RunSettings run_settings(const Settings& s) {
  nn::RunSettings r = tools::run_settings(s);
  r.sampler = s.semantics == dist::Semantics::one_process
                  ? nn::kDistributedSampler
              : s.drop_last ? nn::kDdpDropLastSampler
                            : nn::kDdpSampler;
  r.precision = s.precision;
  return r;
}

// The checksum of a checkpoint file's bytes. Each rank reads its own copy
// (a node-local disk, say), and ranks resumed from copies that differ
// would drift apart in silence or wait on one another forever.
std::uint64_t file_checksum(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  return blocks::checksum_text(bytes);
}

template <class S>
int train_files(const dist::Communicator& comm, const Settings& s) {
  tools::check_outputs(s, tools::data_files(s.data_dir));
  const data::Split train = tools::load_training_split(s.data_dir + "/train");
  const std::size_t d = train.features.shape(1);
  const data::Split valid = tools::load_valid_split(s.data_dir, d);
  // With DDP's semantics every rank draws its own batch: the number of
  // ranks decides the trajectory, and a resumed run must keep it.
  nn::RunSettings settings = run_settings(s);
  settings.data = tools::data_checksum(s, train, valid);
  if (s.semantics == dist::Semantics::ddp) {
    settings.ranks = static_cast<std::size_t>(comm.size());
  }
  dist::DataParallelOptions o;
  o.batch_size = s.batch_size;
  o.sgd = s.sgd;
  o.shuffle = s.shuffle;
  o.seed = s.seed;
  o.kernel = s.kernel;
  o.allreduce = s.allreduce;
  o.semantics = s.semantics;
  o.drop_last = s.drop_last;
  const bool root = comm.rank() == 0;
  nn::History history;
  dist::DataParallelTrainer<S>* self = nullptr;
  o.on_epoch = [&](const nn::EpochRecord& r) {
    history.push_back(r);
    if (root) {
      tools::print_epoch(r);
      if (!s.checkpoint.empty()) {
        nn::save_checkpoint(
            s.checkpoint,
            tools::flat_checkpoint(
                settings, {self->parameters(), self->momentum_buffer()},
                history));
      }
    }
    stop_if_signalled(comm, s.history, history);
  };
  // torch.manual_seed(seed), then nn.Linear's default init.
  data::TorchGenerator generator(s.seed);
  dist::DataParallelTrainer<S> trainer(
      comm, train, valid, tools::initial_parameters(s, d, generator), o);
  self = &trainer;
  if (!s.resume.empty()) {
    const nn::Checkpoint c = nn::load_checkpoint(s.resume);
    comm.require_same(file_checksum(s.resume), "the checkpoint " + s.resume,
                      "give every rank the same checkpoint file");
    tools::check_resume(c, settings, s, d);
    const tools::FlatState state = tools::flat_state(c, d);
    trainer.restore(state.weight_and_bias, state.momentum, c.history.size());
    history = c.history;
  }
  if (root) {
    std::cout << std::fixed << std::setprecision(6)
              << "blocks-train-distributed: " << comm.size() << " rank(s), "
              << s.precision << ", " << train.features.shape(0) << " train and "
              << valid.features.shape(0) << " valid samples of " << d
              << " features\n"
              << "epoch  train_loss  valid_loss  valid_accuracy\n";
    for (const auto& r : history) tools::print_epoch(r);
  }
  cli::stop_on_signals();
  if (s.epochs > history.size()) trainer.fit(s.epochs - history.size());
  if (root && !s.history.empty()) nn::save_history_csv(s.history, history);
  return 0;
}

// Full-batch gradient descent on generated data, timed per epoch.
template <class S>
int train_synthetic(const dist::Communicator& comm, const Settings& s) {
  tools::check_outputs(s, {});
  const std::size_t comma = s.synthetic.find(',');
  if (comma == std::string::npos) {
    throw blocks::ValueError("--synthetic takes N,D (rows, features)");
  }
  const std::size_t n =
      cli::parse_count(s.synthetic.substr(0, comma), "--synthetic N");
  const std::size_t d =
      cli::parse_count(s.synthetic.substr(comma + 1), "--synthetic D");
  const auto ranks = static_cast<std::size_t>(comm.size());
  if (n < ranks) {
    throw blocks::ValueError(std::to_string(ranks) + " ranks but only " +
                             std::to_string(n) + " samples");
  }
  // Each rank holds its rows of X and y: more than the memory is refused by
  // name, not as a Kokkos abort or a size wrapped around inside a View.
  cli::require_memory(
      std::ceil(double(n) / double(ranks)) * (double(d) + 1) * sizeof(S),
      "--synthetic " + s.synthetic + " over " + std::to_string(ranks) +
          " rank(s)",
      "each rank's rows");
  const auto [first, count] =
      dist::contiguous_block(n, ranks, static_cast<std::size_t>(comm.rank()));
  const auto shard = device::synthetic_shard<S>(d, s.seed, first, count);
  device::FusedKernel<S> kernel(d, s.kernel);
  device::DeviceSGD<S> sgd(std::vector<double>(d + 1, 0.0), s.sgd);
  const bool root = comm.rank() == 0;
  if (root) {
    std::cout << std::fixed << std::setprecision(6)
              << "blocks-train-distributed: " << ranks << " rank(s), "
              << s.precision << ", synthetic " << n << " x " << d
              << ", full batch\n"
              << "epoch  train_loss  train_accuracy  ms  GB/s\n";
  }
  nn::History history;
  cli::stop_on_signals();
  for (std::size_t e = 1; e <= s.epochs; ++e) {
    comm.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    const nn::Evaluation v = dist::full_batch_step(comm, kernel, shard, sgd);
    // Diverged (a learning rate too high): stop as the training on files
    // does, status 1, instead of printing NaN losses and ending with 0. The
    // loss is summed over all ranks, so every rank stops here.
    if (!std::isfinite(v.loss)) {
      throw blocks::Error("epoch " + std::to_string(e) +
                          ", batch 1: the loss is " + std::to_string(v.loss));
    }
    comm.barrier();
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - t0)
                          .count();
    const double bytes = double(n) * double(d + 1) * sizeof(S);
    nn::EpochRecord r;
    r.epoch = e;
    r.train_loss = r.valid_loss = v.loss;
    r.valid_accuracy = v.accuracy;
    const auto p = sgd.parameters();
    r.weight = blocks::Tensor::from_shape({1, d});
    std::copy(p.begin(), p.end() - 1, r.weight.begin());
    r.bias = p.back();
    history.push_back(r);
    if (root) {
      std::cout << std::setw(5) << e << "  " << v.loss << "  " << v.accuracy
                << "  " << std::setprecision(3) << ms << "  "
                << bytes / ms / 1e6 << std::setprecision(6) << std::endl;
    }
    stop_if_signalled(comm, s.history, history);
  }
  if (root && !s.history.empty()) nn::save_history_csv(s.history, history);
  return 0;
}

// --semantics and --drop-last with the other flags, as CLI11's checks.
void check_semantics_flags(const Settings& s) {
  if (s.drop_last && s.semantics != dist::Semantics::ddp) {
    throw CLI::ValidationError("--drop-last", "goes with --semantics ddp");
  }
  if (s.semantics == dist::Semantics::ddp && !s.synthetic.empty()) {
    throw CLI::ValidationError(
        "--semantics", "ddp trains on --data; --synthetic is full-batch");
  }
}

// Whether the run stops after parsing, agreed by all ranks: the largest
// status any rank stops with (0 after --help), or none when all go on.
std::optional<int> agreed_stop(const dist::Communicator& comm,
                               const std::optional<int>& stop) {
  const auto all = comm.allgather(stop ? std::uint64_t(*stop) + 1 : 0);
  std::uint64_t worst = 0;
  std::string failed;
  for (std::size_t r = 0; r < all.size(); ++r) {
    worst = std::max(worst, all[r]);
    if (all[r] > 1) failed += (failed.empty() ? "" : ", ") + std::to_string(r);
  }
  if (worst == 0) return std::nullopt;
  if (comm.rank() == 0 && all[0] <= 1 && !failed.empty()) {
    std::cerr << "blocks-train-distributed: rank(s) " << failed
              << " refused their flags, rank 0 did not; give every rank "
                 "the same flags\n";
  }
  return static_cast<int>(worst - 1);
}

// Everything the flags decide, as one number to compare across ranks. Not
// the --data path: each rank may read its own copy (a node-local disk), and
// the ranks compare the data itself once it is read.
std::uint64_t settings_checksum(const Settings& s) {
  std::string text;
  for (const auto& setting : nn::settings_of(run_settings(s))) {
    text += setting.name + "=" + setting.value + "\n";
  }
  text += "epochs=" + std::to_string(s.epochs) + "\nsynthetic=" + s.synthetic +
          "\nkernel=" + device::to_string(s.kernel) +
          "\nallreduce=" + cli::name_of(dist::kAllreduceNames, s.allreduce) +
          "\nsemantics=" + cli::name_of(dist::kSemanticsNames, s.semantics) +
          "\ndrop-last=" + (s.drop_last ? "true" : "false") +
          "\ninit-weights=" + s.init_weights +
          "\ninit-bias=" + blocks::full_precision(s.init_bias) +
          "\nresume=" + s.resume +
          // Only rank 0 writes them, so a path given to another rank alone
          // would be dropped without a word.
          "\nhistory=" + s.history + "\ncheckpoint=" + s.checkpoint;
  return blocks::checksum_text(text);
}

int run(const dist::Communicator& comm, const Settings& s) {
  if (!s.synthetic.empty()) {
    return s.precision == "double" ? train_synthetic<double>(comm, s)
                                   : train_synthetic<float>(comm, s);
  }
  if (s.data_dir.empty()) {
    throw blocks::ValueError("give --data DIR or --synthetic N,D");
  }
  return s.precision == "double" ? train_files<double>(comm, s)
                                 : train_files<float>(comm, s);
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  const dist::Communicator& comm = env.world();
  CLI::App app{
      "Trains logistic regression data-parallel (Chapter 8) on "
      "DIR/{train,valid}/, as blocks-train does; run it under mpirun, one "
      "rank per GPU."};
  Settings s;
  tools::add_training_flags(app, s, /*data_required=*/false);
  app.get_option("--model")->description("custom|builtin (recorded only)");
  app.get_option("--batch-size")
      ->description("the global batch (one-process) or each rank's (ddp)");
  app.get_option("--shuffle")
      ->description("true|false: reshuffle each epoch (seed + epoch)");
  cli::add_text(app, "--synthetic", s.synthetic,
                "N,D: full-batch training on generated data instead")
      ->excludes("--data")
      ->excludes("--batch-size")
      ->excludes("--init-weights")
      ->excludes("--init-bias")
      ->excludes("--checkpoint")
      ->excludes("--resume");
  cli::add_choice(app, "--precision", s.precision, {"float", "double"});
  cli::add_choice(
      app, "--semantics", s.semantics, dist::kSemanticsNames,
      "one-process: --batch-size is the global batch, rows weigh alike, N "
      "ranks follow blocks-train; ddp: PyTorch's DistributedDataParallel "
      "with DistributedSampler(seed=--seed), --batch-size per rank, the "
      "gradient the mean of the ranks' batch means; train_loss is the "
      "step's loss averaged over the ranks, the validation columns "
      "evaluate the whole split in batches of --batch-size");
  cli::add_switch(app, "--drop-last", s.drop_last,
                  "ddp: the sampler drops the tail instead of "
                  "padding by repeating the first samples");
  cli::add_read(
      app, "--kernel",
      [&s](const std::string& name) { s.kernel = device::kernel_kind(name); },
      device::kernel_names("|") +
          ": the fused kernel (default: the fastest for this build)",
      device::to_string(s.kernel));
  cli::add_choice(app, "--allreduce", s.allreduce, dist::kAllreduceNames,
                  "MPI adds the sums on the host (any MPI) or in GPU "
                  "memory (needs a CUDA-aware MPI)");
  const auto stop = cli::parse_command_line(
      app, argc, argv, "blocks-train-distributed",
      [&] {
        tools::check_training_flags(s);
        check_semantics_flags(s);
      },
      comm.rank() == 0);
  // The ranks may have been given different flags (mpirun's "A : B", a
  // wrapper script): if one stops, all stop, or the others would wait for
  // it forever; rank 0 explains.
  if (const auto status = agreed_stop(comm, stop)) return *status;
  const int status = dist::run_guarded(comm, "blocks-train-distributed", [&] {
    // Ranks that train with different settings would drift apart in
    // silence, or abort inside MPI on different batch sizes.
    comm.require_same(settings_checksum(s), "the flags",
                      "give every rank the same flags");
    try {
      return run(comm, s);
    } catch (const cli::Interrupted& i) {
      if (comm.rank() == 0) {
        std::cerr << "blocks-train-distributed: interrupted by signal "
                  << i.signal << " after epoch " << i.epochs
                  << "; the checkpoint and history hold every finished "
                     "epoch\n";
      }
      return 128 + i.signal;
    }
  });
  return cli::with_output_written("blocks-train-distributed", status);
}
