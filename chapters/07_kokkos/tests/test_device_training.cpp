// The one-device trainer against Chapter 6's nn::train: the same data,
// the same batches, the same start; the histories agree to rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "blocks/data.hpp"
#include "blocks/device/device_training.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"
#include "ch07_test_support.hpp"

namespace {

using blocks::data::DataLoader;
using blocks::data::Sampler;
using blocks::data::TorchGenerator;

constexpr std::size_t kBatch = 5;

// Chapter 6's run on the host; `order` gives the training batches' order.
blocks::nn::History host_history(const blocks::data::NotebookData& p,
                                 const blocks::Tensor& weight, double bias,
                                 std::shared_ptr<Sampler> order,
                                 const blocks::optim::SGDOptions& sgd_options,
                                 std::size_t epochs) {
  using namespace blocks;
  data::TensorDataset train(p.train.features, p.train.labels);
  data::TensorDataset valid(p.valid.features, p.valid.labels);
  data::DataLoaderOptions o;
  o.batch_size = kBatch;
  data::DataLoader valid_loader(valid, o);
  o.sampler = std::move(order);
  data::DataLoader train_loader(train, o);
  auto model = nn::make_model(nn::Flavour::custom, weight, bias);
  optim::SGD sgd(model->parameters(), sgd_options);
  return nn::train(*model, train_loader, valid_loader,
                   nn::make_loss(nn::Flavour::custom), sgd, epochs);
}

void expect_same_history(const blocks::nn::History& host,
                         const blocks::nn::History& device, double tolerance) {
  ASSERT_EQ(host.size(), device.size());
  for (std::size_t e = 0; e < host.size(); ++e) {
    SCOPED_TRACE("epoch " + std::to_string(e + 1));
    EXPECT_NEAR(host[e].train_loss, device[e].train_loss, tolerance);
    EXPECT_NEAR(host[e].valid_loss, device[e].valid_loss, tolerance);
    EXPECT_NEAR(host[e].valid_accuracy, device[e].valid_accuracy, tolerance);
    EXPECT_NEAR(host[e].bias, device[e].bias, tolerance);
    for (std::size_t j = 0; j < host[e].weight.size(); ++j) {
      EXPECT_NEAR(host[e].weight(0, j), device[e].weight(0, j), tolerance);
    }
  }
}

// [device-equals-host]
TEST(DeviceTrainer, EqualsChapter6InDoubleInOrderAndShuffled) {
  const auto p = ch07_test::small_problem(301, 6, 11);
  const blocks::Tensor weight{{0.1, -0.2, 0.05, 0.3, -0.1, 0.2}};
  const double bias = -0.05;
  blocks::optim::SGDOptions sgd(0.05);
  sgd.momentum = 0.9;
  for (const bool shuffle : {false, true}) {
    SCOPED_TRACE(shuffle ? "shuffled" : "in order");
    // Two samplers that draw the same orders: one for each trainer.
    TorchGenerator host_gen(7), device_gen(7);
    const std::size_t n = p.train.features.shape(0);
    auto order = [&](TorchGenerator& g) -> std::shared_ptr<Sampler> {
      if (shuffle) return std::make_shared<blocks::data::RandomSampler>(n, &g);
      return std::make_shared<blocks::data::SequentialSampler>(n);
    };
    const auto host = host_history(p, weight, bias, order(host_gen), sgd, 10);

    blocks::device::DeviceTrainingOptions options;
    options.batch_size = kBatch;
    options.sgd = sgd;
    std::vector<double> start(weight.begin(), weight.end());
    start.push_back(bias);
    blocks::device::DeviceTrainer<double> trainer(p.train, p.valid, start,
                                                  options);
    auto sampler = order(device_gen);
    blocks::nn::History device;
    for (int e = 0; e < 10; ++e) device.push_back(trainer.epoch(*sampler));
    expect_same_history(host, device, 1e-10);
  }
}
// [device-equals-host]

TEST(DeviceTrainer, RefusesParametersOfAnotherSize) {
  const auto p = ch07_test::small_problem(50, 3, 2);
  EXPECT_THROW(
      blocks::device::DeviceTrainer<double>(p.train, p.valid, {0.0, 0.0}, {}),
      blocks::ValueError);
}

TEST(DeviceTrainer, RefusesAnEmptySplit) {
  auto p = ch07_test::small_problem(50, 3, 2);
  blocks::data::Split empty;
  empty.features = blocks::Tensor::from_shape({0, 3});
  empty.labels = blocks::Tensor::from_shape({0});
  const std::vector<double> start{0.0, 0.0, 0.0, 0.0};
  EXPECT_THROW(blocks::device::DeviceTrainer<double>(empty, p.valid, start, {}),
               blocks::ValueError);
  EXPECT_THROW(blocks::device::DeviceTrainer<double>(p.train, empty, start, {}),
               blocks::ValueError);
}

TEST(DeviceTrainer, StopsOnANonFiniteLoss) {
  const auto p = ch07_test::small_problem(50, 3, 2);
  blocks::device::DeviceTrainingOptions options;
  options.sgd = blocks::optim::SGDOptions(1e308);
  blocks::device::DeviceTrainer<double> trainer(p.train, p.valid,
                                                {0.0, 0.0, 0.0, 0.0}, options);
  blocks::data::SequentialSampler in_order(p.train.features.shape(0));
  EXPECT_THROW(for (int e = 0; e < 5; ++e) trainer.epoch(in_order),
               blocks::Error);
}

}  // namespace
