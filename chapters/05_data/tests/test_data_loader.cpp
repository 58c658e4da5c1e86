// DataLoader: batch orders against PyTorch 1.13, shapes, size(), errors,
// and that worker threads do not change the order.
#include <gtest/gtest.h>

#include <memory>

#include <map>

#include "blocks/data/data_loader.hpp"
#include "blocks/error.hpp"
#include "ch05_goldens.hpp"

using namespace blocks::data;
using blocks::Tensor;
namespace g = ch05_goldens;

namespace {

// Feature 0 of each sample is its index, so a batch shows its indices.
TensorDataset indexed(std::size_t n, std::size_t d = 1) {
  Tensor x = Tensor::from_shape({n, d});
  Tensor y = Tensor::from_shape({n, 1});
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < d; ++j) x(i, j) = static_cast<double>(i + j);
    y(i, 0) = static_cast<double>(i % 2);
  }
  return TensorDataset(x, y);
}

std::vector<std::int64_t> indices_of(const Batch& b) {
  std::vector<std::int64_t> out;
  for (std::size_t r = 0; r < b.features.shape(0); ++r) {
    out.push_back(static_cast<std::int64_t>(b.features(r, 0)));
  }
  return out;
}

// "case epoch batch: indices" lines of torch_loader.txt, by case.
std::map<std::string, std::vector<std::string>> loader_cases() {
  std::map<std::string, std::vector<std::string>> cases;
  for (const auto& line : g::lines("torch_loader.txt")) {
    cases[g::words(line)[0]].push_back(line);
  }
  return cases;
}

// Runs `loader` for three epochs and compares with the golden lines.
void expect_same_batches(DataLoader& loader,
                         const std::vector<std::string>& lines) {
  std::size_t l = 0;
  for (int epoch = 0; epoch < 3; ++epoch) {
    for (const auto& batch : loader) {
      ASSERT_LT(l, lines.size());
      EXPECT_EQ(indices_of(batch), g::ints_after_colon(lines[l]))
          << lines[l].substr(0, 30);
      ++l;
    }
  }
  // What remains is the "after" line, if any.
  EXPECT_GE(lines.size(), l);
  EXPECT_LE(lines.size(), l + 1);
}

}  // namespace

std::vector<std::uint64_t> numbers_in(const std::string& name) {
  std::vector<std::uint64_t> out;
  std::size_t p = name.find('_');
  while (p != std::string::npos) {
    const auto next = name.find('_', p + 1);
    out.push_back(std::stoull(name.substr(p + 1, next - p - 1)));
    p = next;
  }
  return out;
}

TEST(DataLoader, GlobalGeneratorOrderMatchesPyTorch) {
  for (const auto& [name, lines] : loader_cases()) {
    if (name.rfind("global_", 0) != 0) continue;
    SCOPED_TRACE(name);
    const auto v = numbers_in(name);  // seed, n, batch size, drop_last
    const auto ds = indexed(v[1]);
    manual_seed(v[0]);
    DataLoaderOptions o;
    o.batch_size = v[2];
    o.shuffle = true;
    o.drop_last = v[3] == 1;
    DataLoader loader(ds, o);
    expect_same_batches(loader, lines);
    // The global stream is where PyTorch's is after three epochs.
    const auto& after = lines.back();
    ASSERT_NE(after.find("after"), std::string::npos);
    EXPECT_EQ(default_generator().random_(),
              g::ints_after_colon(after).front());
  }
}

TEST(DataLoader, OwnGeneratorOrderMatchesPyTorch) {
  for (const auto& [name, lines] : loader_cases()) {
    if (name.rfind("generator_", 0) != 0) continue;
    SCOPED_TRACE(name);
    const auto v = numbers_in(name);  // seed, n, batch size
    const auto ds = indexed(v[1]);
    DataLoaderOptions o;
    o.batch_size = v[2];
    o.shuffle = true;
    o.seed = v[0];  // same as generator=torch.Generator().manual_seed(seed)
    DataLoader loader(ds, o);
    expect_same_batches(loader, lines);
  }
}

TEST(DataLoader, LegacyModeMatchesTheNotebooksEra) {
  for (const auto& [name, lines] : loader_cases()) {
    if (name.rfind("legacy_", 0) != 0) continue;
    SCOPED_TRACE(name);
    const auto v = numbers_in(name);  // seed, n
    const auto ds = indexed(v[1]);
    manual_seed(v[0]);
    DataLoaderOptions o;
    o.batch_size = v[1];  // one batch per epoch: the whole permutation
    o.shuffle = true;
    o.mode = ShuffleMode::legacy;
    DataLoader loader(ds, o);
    expect_same_batches(loader, lines);
  }
}

TEST(DataLoader, BatchesAreContiguousRowsAndColumns) {
  const auto ds = indexed(10, 3);
  DataLoaderOptions o;
  o.batch_size = 4;
  DataLoader loader(ds, o);
  EXPECT_EQ(loader.size(), 3u);
  std::vector<std::size_t> sizes;
  for (const auto& batch : loader) {
    sizes.push_back(batch.features.shape(0));
    EXPECT_EQ(batch.features.shape(1), 3u);
    EXPECT_EQ(batch.labels.shape(1), 1u);
    EXPECT_EQ(batch.features.strides()[1], 1);
    EXPECT_EQ(batch.features(0, 2), batch.features(0, 0) + 2.0);
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{4, 4, 2}));
  o.drop_last = true;
  DataLoader dropping(ds, o);
  EXPECT_EQ(dropping.size(), 2u);
  std::size_t count = 0;
  for (const auto& batch : dropping) count += batch.features.shape(0);
  EXPECT_EQ(count, 8u);
}

TEST(DataLoader, SequentialCoversEverythingInOrder) {
  const auto ds = indexed(7);
  DataLoaderOptions o;
  o.batch_size = 3;
  DataLoader loader(ds, o);
  std::vector<std::int64_t> seen;
  for (const auto& batch : loader) {
    for (auto i : indices_of(batch)) seen.push_back(i);
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
}

// A loader in order gives the same batches every epoch (it keeps the
// first epoch's) and still draws one base seed per epoch, as PyTorch does.
TEST(DataLoader, InOrderEveryEpochGivesTheSameBatchesAndDrawsItsSeed) {
  const auto ds = indexed(7);
  TorchGenerator generator(5), expected(5);
  DataLoaderOptions o;
  o.batch_size = 3;
  o.generator = &generator;
  DataLoader loader(ds, o);
  for (int epoch = 0; epoch < 3; ++epoch) {
    std::vector<std::vector<std::int64_t>> seen;
    for (const auto& batch : loader) seen.push_back(indices_of(batch));
    EXPECT_EQ(seen, (std::vector<std::vector<std::int64_t>>{
                        {0, 1, 2}, {3, 4, 5}, {6}}));
    expected.random_();
  }
  EXPECT_EQ(generator.random_(), expected.random_());
}

TEST(DataLoader, WorkersKeepTheOrder) {
  const auto ds = indexed(1000, 4);
  DataLoaderOptions o;
  o.batch_size = 16;
  o.shuffle = true;
  o.seed = 42;
  DataLoader serial(ds, o);
  o.num_workers = 3;
  DataLoader threaded(ds, o);
  for (int epoch = 0; epoch < 2; ++epoch) {
    std::vector<std::vector<std::int64_t>> a, b;
    for (const auto& batch : serial) a.push_back(indices_of(batch));
    for (const auto& batch : threaded) b.push_back(indices_of(batch));
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.size(), 63u);
  }
}

TEST(DataLoader, DistributedSamplerAsSampler) {
  const auto ds = indexed(10);
  DataLoaderOptions o;
  o.batch_size = 2;
  o.sampler = std::make_shared<DistributedSampler>(10, 3, 1, false);
  DataLoader loader(ds, o);
  EXPECT_EQ(loader.size(), 2u);
  std::vector<std::int64_t> seen;
  for (const auto& batch : loader) {
    for (auto i : indices_of(batch)) seen.push_back(i);
  }
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 4, 7, 0}));
}

TEST(DataLoader, InvalidOptionsAreValueErrors) {
  const auto ds = indexed(5);
  const auto sampler = std::make_shared<SequentialSampler>(5);
  const auto batches = std::make_shared<BatchSampler>(*sampler, 2, false);
  DataLoaderOptions o;
  o.batch_size = 0;
  EXPECT_THROW(DataLoader(ds, o), blocks::ValueError);
  try {
    DataLoader loader(ds, o);
  } catch (const blocks::ValueError& e) {  // PyTorch's words, as one check
    EXPECT_STREQ(e.what(),
                 "batch_size should be a positive integer value, but got "
                 "batch_size=0");
  }
  o = {};
  o.sampler = sampler;
  o.shuffle = true;
  EXPECT_THROW(DataLoader(ds, o), blocks::ValueError);
  o = {};
  o.batch_sampler = batches;
  o.batch_size = 2;
  EXPECT_THROW(DataLoader(ds, o), blocks::ValueError);
  o.batch_size = 1;
  DataLoader loader(ds, o);
  EXPECT_EQ(loader.size(), 3u);
}

TEST(DataLoader, EmptyDataSetHasNoBatches) {
  const auto ds = indexed(0);
  DataLoader loader(ds, {});
  EXPECT_EQ(loader.size(), 0u);
  std::size_t count = 0;
  for (const auto& batch : loader) count += batch.features.shape(0);
  EXPECT_EQ(count, 0u);
}
