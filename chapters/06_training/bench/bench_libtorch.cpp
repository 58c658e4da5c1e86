// LibTorch's side of Chapter 6's benchmarks: the same workloads as
// bench_training.cpp, written as a LibTorch user writes them. This file is
// linked into ch06_bench_libtorch together with bench_training.cpp, so one
// run prints every contender side by side:
//   ./build/bin/ch06_bench_libtorch --benchmark_filter='Step|Epoch'
// Built only when CMake finds LibTorch (Debian's libtorch-dev); nothing in
// the course's tests depends on it.
#include <cstddef>
#include <vector>

#include <benchmark/benchmark.h>
#include <torch/torch.h>

#include "blocks/data.hpp"

namespace data = blocks::data;

namespace {

// One core, as for every other contender: LibTorch would otherwise start
// a thread pool sized to the machine.
void single_threaded() {
  static const bool once = [] {
    torch::set_num_threads(1);
    return true;
  }();
  (void)once;
}

// The same problem as bench_training.cpp's make_problem: the values differ
// (they are drawn by torch), the work does not.
struct TorchProblem {
  torch::Tensor x, y;
};

TorchProblem make_torch_problem(std::int64_t m, std::int64_t d) {
  torch::manual_seed(123);
  const auto f64 = torch::dtype(torch::kFloat64);
  return {torch::randn({m, d}, f64), torch::randint(0, 2, {m, 1}, f64)};
}

// The notebook's model: nn.Linear, then the sigmoid for the probabilities.
struct Model : torch::nn::Module {
  explicit Model(std::int64_t d)
      : linear(register_module("linear", torch::nn::Linear(d, 1))) {}
  torch::Tensor forward(const torch::Tensor& x, torch::Tensor& probability) {
    torch::Tensor z = linear(x);
    probability = torch::sigmoid(z);
    return z;
  }
  torch::nn::Linear linear;
};

// One step: zero_grad, forward, BCE-with-logits, backward, SGD step.
void BM_StepLibTorch(benchmark::State& state) {
  single_threaded();
  const TorchProblem p = make_torch_problem(state.range(0), state.range(1));
  Model model(state.range(1));
  model.to(torch::kFloat64);
  torch::optim::SGD sgd(model.parameters(), torch::optim::SGDOptions(0.01));
  torch::Tensor probability;
  for (auto _ : state) {
    sgd.zero_grad();
    const torch::Tensor z = model.forward(p.x, probability);
    const torch::Tensor loss = torch::binary_cross_entropy_with_logits(z, p.y);
    loss.backward();
    sgd.step();
    benchmark::DoNotOptimize(loss.item<double>());
  }
}

// The notebook's split as a torch::data dataset of (features, label) rows.
class NotebookDataset : public torch::data::datasets::Dataset<NotebookDataset> {
 public:
  explicit NotebookDataset(const data::Split& split)
      : features_(to_torch(split.features)), labels_(to_torch(split.labels)) {}
  torch::data::Example<> get(std::size_t i) override {
    const auto row = static_cast<std::int64_t>(i);
    return {features_[row], labels_[row]};
  }
  torch::optional<std::size_t> size() const override {
    return static_cast<std::size_t>(features_.size(0));
  }

 private:
  static torch::Tensor to_torch(const blocks::Tensor& t) {
    std::vector<std::int64_t> shape(t.shape().begin(), t.shape().end());
    return torch::from_blob(const_cast<double*>(t.data()), shape,
                            torch::kFloat64)
        .clone();
  }
  torch::Tensor features_, labels_;
};

// One notebook epoch as the LibTorch tutorials write it: a shuffling
// torch::data loader of batch 5 over the 90 training samples (18 steps),
// then the validation pass over 500 samples in order, without a graph.
void BM_NotebookEpochLibTorch(benchmark::State& state) {
  single_threaded();
  static const data::NotebookData split =
      data::notebook_split(data::make_classification(data::notebook_options()));
  torch::manual_seed(123);
  auto train_loader = torch::data::make_data_loader(
      NotebookDataset(split.train).map(torch::data::transforms::Stack<>()),
      torch::data::DataLoaderOptions().batch_size(5));
  auto valid_loader =
      torch::data::make_data_loader<torch::data::samplers::SequentialSampler>(
          NotebookDataset(split.valid).map(torch::data::transforms::Stack<>()),
          torch::data::DataLoaderOptions().batch_size(5));
  Model model(10);
  model.to(torch::kFloat64);
  torch::optim::SGD sgd(model.parameters(), torch::optim::SGDOptions(0.01));
  torch::Tensor probability;
  for (auto _ : state) {
    double train_loss = 0.0;
    for (auto& batch : *train_loader) {
      sgd.zero_grad();
      const torch::Tensor z = model.forward(batch.data, probability);
      const torch::Tensor loss =
          torch::binary_cross_entropy_with_logits(z, batch.target);
      train_loss += loss.item<double>();
      loss.backward();
      sgd.step();
    }
    torch::NoGradGuard no_grad;
    double valid_loss = 0.0, valid_accuracy = 0.0;
    for (auto& batch : *valid_loader) {
      const torch::Tensor z = model.forward(batch.data, probability);
      valid_loss += torch::binary_cross_entropy_with_logits(z, batch.target)
                        .item<double>();
      valid_accuracy +=
          ((probability > 0.5).to(torch::kFloat64) == batch.target)
              .to(torch::kFloat64)
              .mean()
              .item<double>();
    }
    benchmark::DoNotOptimize(train_loss + valid_loss + valid_accuracy);
  }
}

}  // namespace

BENCHMARK(BM_StepLibTorch)->Args({5, 10})->Args({256, 100});
BENCHMARK(BM_NotebookEpochLibTorch)->Unit(benchmark::kMicrosecond);
