// Chapter 8's demo: the notebook's logistic regression trained
// data-parallel. Run it under mpirun, one rank per GPU (or per core):
//   mpirun -np 2 ./build/bin/08_multi_gpu
// Only rank 0 prints; the numbers do not depend on the number of ranks.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>

#include <mpi.h>

#include "blocks/data.hpp"
#include "blocks/dist/ddp.hpp"
#include "blocks/nn.hpp"

namespace data = blocks::data;
namespace device = blocks::device;
namespace dist = blocks::dist;
namespace nn = blocks::nn;

namespace {

// The notebook's start: nn.Linear's default init with seed 123.
std::vector<double> notebook_start(std::size_t d) {
  data::TorchGenerator generator(123);
  const nn::LinearInit init = nn::torch_default_init(d, generator);
  std::vector<double> wb(init.weight.begin(), init.weight.end());
  wb.push_back(init.bias);
  return wb;
}

// [first-collectives]
// MPI's first ideas with its own C API: every process runs this function.
void first_collectives() {
  int rank = 0, size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);  // who am I: 0, 1, ..., size - 1
  MPI_Comm_size(MPI_COMM_WORLD, &size);  // how many processes mpirun started
  // A broadcast: rank 0's value, on every rank.
  double lr = rank == 0 ? 0.01 : 0.0;
  MPI_Bcast(&lr, 1, MPI_DOUBLE, /*root=*/0, MPI_COMM_WORLD);
  // An all-reduce: every rank gives a sum and a count, every rank gets
  // the totals (here rank r holds r + 1 rows, each of value 1).
  const double mine[2] = {double(rank + 1), double(rank + 1)};
  double total[2] = {0.0, 0.0};
  MPI_Allreduce(mine, total, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) {
    std::cout << size << " ranks; lr after the broadcast: " << lr
              << "; all-reduced sum " << total[0] << " over " << total[1]
              << " rows\n";
  }
}
// [first-collectives]

int run(const dist::Communicator& world) {
  first_collectives();
  const data::NotebookData nb =
      data::notebook_split(data::make_classification(data::notebook_options()));
  const std::size_t d = nb.train.features.shape(1);
  const bool root = world.rank() == 0;

  // How the first global batches are dealt: rank r takes positions
  // r, r + R, ... of each batch of 5.
  const auto plan = dist::plan_shard(
      dist::epoch_order(nb.train.features.shape(0), false, 0, 0), 5,
      static_cast<std::size_t>(world.size()),
      static_cast<std::size_t>(world.rank()));
  std::vector<double> rows(static_cast<std::size_t>(world.size()), 0.0);
  rows[static_cast<std::size_t>(world.rank())] = double(plan.rows.size());
  world.allreduce_sum(rows);

  dist::DataParallelOptions options;
  options.batch_size = 5;
  options.sgd = blocks::optim::SGDOptions(0.01);
  options.on_epoch = [&](const nn::EpochRecord& r) {
    if (root && (r.epoch % 2 == 0)) {
      std::cout << std::setw(5) << r.epoch << "  " << r.train_loss << "  "
                << r.valid_loss << "  " << r.valid_accuracy << "\n";
    }
  };
  if (root) {
    std::cout << std::fixed << std::setprecision(4) << world.size()
              << " ranks, Kokkos backend " << device::ExecSpace::name()
              << "; global batch 5 over " << nb.train.features.shape(0)
              << " training rows\nrows per rank:";
    for (double r : rows) std::cout << " " << static_cast<std::size_t>(r);
    std::cout << "\nfloat32, as on a GPU:\n"
              << "epoch  train_loss  valid_loss  valid_accuracy\n";
  }
  dist::DataParallelTrainer<float> f32(world, nb.train, nb.valid,
                                       notebook_start(d), options);
  f32.fit(10);

  // The same run in double, against Chapter 6's single-process train.
  options.on_epoch = nullptr;
  dist::DataParallelTrainer<double> f64(world, nb.train, nb.valid,
                                        notebook_start(d), options);
  const nn::History h64 = f64.fit(10);
  blocks::Tensor w = blocks::Tensor::from_shape({1, d});
  const auto start = notebook_start(d);
  std::copy(start.begin(), start.end() - 1, w.begin());
  auto model = nn::make_model(nn::Flavour::custom, w, start.back());
  blocks::optim::SGD sgd(model->parameters(), options.sgd);
  data::TensorDataset train(nb.train.features, nb.train.labels);
  data::TensorDataset valid(nb.valid.features, nb.valid.labels);
  data::DataLoaderOptions lo;
  lo.batch_size = 5;
  data::DataLoader tl(train, lo), vl(valid, lo);
  const nn::History h6 =
      nn::train(*model, tl, vl, nn::make_loss(nn::Flavour::custom), sgd, 10);
  double worst = 0.0;
  for (std::size_t e = 0; e < h6.size(); ++e) {
    worst = std::max({worst, std::abs(h6[e].train_loss - h64[e].train_loss),
                      std::abs(h6[e].valid_loss - h64[e].valid_loss),
                      std::abs(h6[e].bias - h64[e].bias)});
  }
  const auto p = f64.parameters();
  world.require_same(dist::checksum(p.data(), p.size()), "the parameters");
  if (root) {
    std::cout << "double vs Chapter 6's train, 10 epochs: "
              << (worst < 1e-10 ? "equal to 1e-10" : "DIFFERENT") << "\n"
              << "parameters identical on all ranks: yes\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  dist::Environment env(argc, argv);
  return dist::run_guarded(env.world(), "08_multi_gpu",
                           [&] { return run(env.world()); });
}
