// Chapter 7's demo: Kokkos's first ideas on a small View, then the
// notebook's logistic regression trained on this process's device.
//   ./build/bin/07_kokkos
// The backend (Serial, OpenMP, CUDA...) goes to stderr: the numbers on
// stdout do not depend on it.
#include <iomanip>
#include <iostream>

#include <Kokkos_Core.hpp>

#include "blocks/data.hpp"
#include "blocks/device/device_training.hpp"
#include "blocks/nn.hpp"

namespace data = blocks::data;
namespace device = blocks::device;
namespace nn = blocks::nn;

namespace {

// [first-kernels]
void first_kernels() {
  const int n = 8;
  // A View: an array in the memory the default execution space reads.
  Kokkos::View<double*> x("x", n);
  // parallel_for: one call of the body per index, in any order.
  Kokkos::parallel_for(
      "fill", n, KOKKOS_LAMBDA(const int i) { x(i) = 0.5 * i; });
  // parallel_reduce: each index adds to its own partial sum; Kokkos
  // combines them and, for a scalar result, waits for the device.
  double sum = 0.0;
  Kokkos::parallel_reduce(
      "sum", n,
      KOKKOS_LAMBDA(const int i, double& partial) { partial += x(i); }, sum);
  // deep_copy into a host mirror: the values, readable on the CPU.
  auto host = Kokkos::create_mirror_view_and_copy(Kokkos::HostSpace(), x);
  std::cout << "x(7) = " << host(7) << ", sum = " << sum << "\n";
}
// [first-kernels]

// The start the notebook printed for its custom model (Chapter 6's demo
// starts there too, so the two tables can be compared line by line).
std::vector<double> notebook_start() {
  return {-0.12895013, 0.01047492, -0.15705723, 0.11925378,
          -0.26944348, 0.23180881, -0.22984707, -0.25141433,
          -0.19982024, 0.1432175,  -0.11684369};
}

void train_the_notebook_model() {
  const data::NotebookData nb =
      data::notebook_split(data::make_classification(data::notebook_options()));
  device::DeviceTrainingOptions options;
  options.batch_size = 5;
  options.sgd = blocks::optim::SGDOptions(0.01);
  device::DeviceTrainer<double> trainer(nb.train, nb.valid, notebook_start(),
                                        options);
  data::SequentialSampler in_order(nb.train.features.shape(0));
  std::cout << "epoch  train loss  valid loss  valid accuracy\n";
  for (int e = 0; e < 10; ++e) {
    const nn::EpochRecord r = trainer.epoch(in_order);
    std::cout << std::setw(5) << r.epoch << "  " << std::setw(10)
              << r.train_loss << "  " << std::setw(10) << r.valid_loss << "  "
              << std::setw(14) << r.valid_accuracy << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  std::cerr << "Kokkos backend: " << device::ExecSpace::name() << "\n";
  std::cout << std::fixed << std::setprecision(6);
  first_kernels();
  train_the_notebook_model();
  return 0;
}
