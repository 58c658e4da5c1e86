// Samplers, DistributedSampler and random_split against PyTorch 1.13, and
// the properties every epoch must have.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <string>

#include "blocks/data/dataset.hpp"
#include "blocks/data/sampler.hpp"
#include "blocks/error.hpp"
#include "ch05_goldens.hpp"

using namespace blocks::data;
namespace g = ch05_goldens;

namespace {

// A data set whose only feature is the sample's index.
TensorDataset indexed(std::size_t n) {
  blocks::Tensor x = blocks::Tensor::from_shape({n, 1});
  blocks::Tensor y = blocks::Tensor::from_shape({n});
  for (std::size_t i = 0; i < n; ++i)
    x(i, 0) = static_cast<double>(i), y(i) = 0;
  return TensorDataset(x, y);
}

std::vector<std::int64_t> sorted(std::vector<std::int64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::int64_t> iota(std::size_t n) {
  std::vector<std::int64_t> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

}  // namespace

TEST(Samplers, SequentialIsInOrder) {
  SequentialSampler s(5);
  EXPECT_EQ(s.epoch(), iota(5));
  EXPECT_EQ(s.size(), 5u);
}

TEST(Samplers, RandomCoversEveryIndexOnceAndChangesEachEpoch) {
  for (auto mode : {ShuffleMode::torch, ShuffleMode::legacy}) {
    TorchGenerator gen(3);
    RandomSampler s(100, &gen, mode);
    const auto a = s.epoch(), b = s.epoch();
    EXPECT_EQ(sorted(a), iota(100));
    EXPECT_EQ(sorted(b), iota(100));
    EXPECT_NE(a, b);
    TorchGenerator again(3);
    EXPECT_EQ(RandomSampler(100, &again, mode).epoch(), a);  // reproducible
  }
}

// A program that stops after two epochs and starts again from the saved
// state sees the third and fourth epochs of one uninterrupted sampler.
TEST(Samplers, NumpyStateContinuesTheEpochs) {
  NumpySampler whole(30, 123);
  whole.epoch(), whole.epoch();
  NumpySampler first(30, 123);
  first.epoch(), first.epoch();
  NumpySampler second(30, 123);  // a fresh process: back at the seed
  second.set_state(first.get_state());
  EXPECT_EQ(second.epoch(), whole.epoch());
  EXPECT_EQ(second.epoch(), whole.epoch());
  RandomState::State past = first.get_state();
  past.mt.pos = 1000;
  EXPECT_THROW(second.set_state(past), blocks::ValueError);
}

TEST(Samplers, RandomNumSamples) {
  TorchGenerator gen(1);
  RandomSampler s(4, &gen, ShuffleMode::torch, 10);
  const auto idx = s.epoch();
  ASSERT_EQ(idx.size(), 10u);
  EXPECT_EQ(sorted({idx.begin(), idx.begin() + 4}), iota(4));
  EXPECT_THROW(RandomSampler(4, &gen, ShuffleMode::torch, 0),
               blocks::ValueError);
}

TEST(Samplers, RandintMatchesPyTorch) {
  std::size_t checked = 0;
  for (const auto& line : g::lines("torch_replacement.txt")) {
    const auto w = g::words(g::key(line));
    if (w[0] != "randint") continue;
    TorchGenerator gen(std::stoull(w[1]));
    const std::int64_t high = std::stoll(w[2]);
    for (auto expected : g::ints_after_colon(line)) {
      EXPECT_EQ(gen.randint(high), expected) << line.substr(0, 40);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2u * 10u * 12u);
  TorchGenerator gen(0);
  EXPECT_THROW(gen.randint(0), blocks::ValueError);
  EXPECT_THROW(gen.randint(-2), blocks::ValueError);
}

// Two epochs per case, on the global generator or a user generator, then
// the next draw from that generator: the same indices and the same number
// of words consumed as PyTorch 1.13.
TEST(Samplers, ReplacementMatchesPyTorch) {
  std::size_t checked = 0;
  std::string current;
  TorchGenerator user(0);
  std::optional<RandomSampler> sampler;
  for (const auto& line : g::lines("torch_replacement.txt")) {
    const auto w = g::words(g::key(line));
    if (w[0] != "sampler") continue;
    const std::string& name = w[1];
    if (name != current) {  // "global_SEED_N_NUM" or "generator_SEED_N_NUM"
      current = name;
      std::vector<std::string> f;
      std::string rest = name;
      for (std::size_t p; (p = rest.find('_')) != std::string::npos;)
        f.push_back(rest.substr(0, p)), rest = rest.substr(p + 1);
      f.push_back(rest);
      const auto seed = std::stoull(f[1]);
      const auto n = std::stoull(f[2]), num = std::stoull(f[3]);
      const bool global = f[0] == "global";
      if (global) manual_seed(seed);
      user.manual_seed(seed);
      sampler.emplace(n, global ? nullptr : &user, ShuffleMode::torch,
                      num ? std::optional<std::size_t>(num) : std::nullopt,
                      true);
    }
    if (w[2] == "after") {
      TorchGenerator& g =
          name.rfind("global", 0) == 0 ? default_generator() : user;
      EXPECT_EQ(g.random_(), std::stoll(line.substr(line.find(':') + 1)))
          << name;
      continue;
    }
    const auto expected = g::ints_after_colon(line);
    EXPECT_EQ(sampler->epoch(), expected) << name << " epoch " << w[2];
    EXPECT_EQ(sampler->size(), expected.size());
    ++checked;
  }
  EXPECT_EQ(checked, 5u * 2u * 2u);
}

TEST(Samplers, ReplacementRepeatsAndValidates) {
  TorchGenerator a(9), b(9);
  RandomSampler torch(3, &a, ShuffleMode::torch, 100, true);
  RandomSampler legacy(3, &b, ShuffleMode::legacy, 100, true);
  const auto idx = torch.epoch();
  ASSERT_EQ(idx.size(), 100u);
  EXPECT_TRUE(std::all_of(idx.begin(), idx.end(),
                          [](std::int64_t i) { return i >= 0 && i < 3; }));
  // With a user generator, chunks or not, the stream is randint's.
  EXPECT_EQ(legacy.epoch(), idx);
  EXPECT_THROW(RandomSampler(4, &a, ShuffleMode::torch, 0, true),
               blocks::ValueError);
  EXPECT_THROW(RandomSampler(0, &a, ShuffleMode::torch, 5, true),
               blocks::ValueError);
}

TEST(Samplers, BatchSamplerDropLast) {
  SequentialSampler s(10);
  BatchSampler keep(s, 4, false), drop(s, 4, true);
  EXPECT_EQ(keep.size(), 3u);
  EXPECT_EQ(drop.size(), 2u);
  const auto batches = keep.epoch();
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[2], (std::vector<std::int64_t>{8, 9}));
  EXPECT_EQ(drop.epoch().size(), 2u);
  EXPECT_THROW(BatchSampler(s, 0, false), blocks::ValueError);
}

TEST(Samplers, DistributedMatchesPyTorch) {
  std::size_t checked = 0;
  for (const auto& line : g::lines("torch_distributed.txt")) {
    const auto w = g::words(g::key(line));
    const auto n = std::stoul(w[0]), R = std::stoul(w[1]);
    DistributedSampler s(n, R, std::stoul(w[6]), w[2] == "1", std::stoull(w[3]),
                         w[4] == "1");
    s.set_epoch(std::stoull(w[5]));
    const auto expected = g::ints_after_colon(line);
    EXPECT_EQ(s.epoch(), expected) << line.substr(0, 40);
    EXPECT_EQ(s.size(), expected.size());
    ++checked;
  }
  EXPECT_GT(checked, 30u);
}

TEST(Samplers, DistributedRanksCoverEveryIndexWithPadding) {
  // n = 10, R = 4: 3 per rank, two indices repeated from the start.
  std::vector<std::int64_t> all;
  for (std::size_t r = 0; r < 4; ++r) {
    DistributedSampler s(10, 4, r, true, 7);
    s.set_epoch(2);
    const auto part = s.epoch();
    EXPECT_EQ(part.size(), 3u);
    all.insert(all.end(), part.begin(), part.end());
  }
  auto unique = sorted(all);
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  EXPECT_EQ(unique, iota(10));
  EXPECT_EQ(all.size(), 12u);
  EXPECT_THROW(DistributedSampler(10, 2, 2), blocks::ValueError);
  EXPECT_THROW(DistributedSampler(10, 0, 0), blocks::ValueError);
}

TEST(Samplers, RandomSplitMatchesPyTorch) {
  std::size_t checked = 0;
  const auto lines = g::lines("torch_random_split.txt");
  for (std::size_t l = 0; l < lines.size();) {
    const auto w = g::words(g::key(lines[l]));
    const auto seed = std::stoull(w[0]);
    const auto n = std::stoul(w[1]);
    const auto ds = indexed(n);
    manual_seed(seed);
    std::vector<Subset> parts;
    if (w[2].find('.') != std::string::npos) {
      parts = random_split_fractions(ds, {0.5, 0.5});
    } else {
      std::vector<std::size_t> lengths;
      std::string text = w[2];
      for (std::size_t p = 0; p != std::string::npos;) {
        const auto comma = text.find(',', p);
        lengths.push_back(std::stoul(text.substr(p, comma - p)));
        p = comma == std::string::npos ? comma : comma + 1;
      }
      parts = random_split(ds, lengths);
    }
    for (const auto& part : parts) {
      EXPECT_EQ(part.indices(), g::ints_after_colon(lines[l])) << lines[l];
      ++l, ++checked;
    }
  }
  EXPECT_EQ(checked, 7u);
  const auto ds = indexed(5);
  EXPECT_THROW(random_split(ds, {2, 2}), blocks::ValueError);
  EXPECT_THROW(random_split_fractions(ds, {0.5, 0.6}), blocks::ValueError);
}

TEST(Datasets, TensorDatasetAndSubset) {
  blocks::Tensor x = {{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}};
  blocks::Tensor y = {0.0, 1.0, 1.0};
  TensorDataset ds(x, y);
  EXPECT_EQ(ds.size(), 3u);
  const auto ex = ds.get(1);
  EXPECT_EQ(ex.features, (blocks::Tensor{3.0, 4.0}));
  EXPECT_EQ(ex.label, (blocks::Tensor{1.0}));
  Subset sub(ds, {2, 0});
  EXPECT_EQ(sub.get(0).features, (blocks::Tensor{5.0, 6.0}));
  const auto batch = sub.get_batch({1, 0});
  EXPECT_EQ(batch.features, (blocks::Tensor{{1.0, 2.0}, {5.0, 6.0}}));
  EXPECT_EQ(batch.labels.shape(), (blocks::Shape{2, 1}));
  EXPECT_THROW(ds.get(3), blocks::ValueError);
  EXPECT_THROW(Subset(ds, {3}), blocks::ValueError);
  EXPECT_THROW(TensorDataset(x, blocks::Tensor{0.0, 1.0}), blocks::ShapeError);
  EXPECT_THROW(TensorDataset(blocks::Tensor{1.0}, blocks::Tensor{1.0}),
               blocks::ShapeError);
}

// The loader's path gives what get_batch gives, reuses the tensors of a
// batch of the same size, and on a bad index leaves the batch untouched.
TEST(Datasets, GetBatchIntoIsGetBatchWithoutANewBatch) {
  blocks::Tensor x = {{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}, {7.0, 8.0}};
  blocks::Tensor y = {0.0, 1.0, 1.0, 0.0};
  TensorDataset ds(x, y);
  Batch batch;
  for (const std::vector<std::int64_t>& indices :
       {std::vector<std::int64_t>{2, 0}, {3, 1}, {1}, {0, 3, 2}, {2, 2}}) {
    const double* reused = batch.features.data();
    const bool fits =
        batch.features.shape() == blocks::Shape{indices.size(), 2};
    ds.get_batch_into(indices, batch);
    const Batch fresh = ds.get_batch(indices);
    EXPECT_EQ(batch.features, fresh.features);
    EXPECT_EQ(batch.labels, fresh.labels);
    EXPECT_EQ(batch.labels.shape(), fresh.labels.shape());
    if (fits) {
      EXPECT_EQ(batch.features.data(), reused);
    }
  }
  const blocks::Tensor before = batch.features;
  EXPECT_THROW(ds.get_batch_into({0, 4}, batch), blocks::ValueError);
  EXPECT_THROW(ds.get_batch_into({-1, 0}, batch), blocks::ValueError);
  EXPECT_EQ(batch.features, before);
  // A batch someone moved from (no shape) is rebuilt.
  Batch emptied = std::move(batch);
  ds.get_batch_into({1, 3}, batch);
  EXPECT_EQ(batch.features, (blocks::Tensor{{3.0, 4.0}, {7.0, 8.0}}));
  // Another Dataset's default assigns get_batch: a Subset's rows.
  Subset sub(ds, {3, 0});
  sub.get_batch_into({1, 0}, emptied);
  EXPECT_EQ(emptied.features, (blocks::Tensor{{1.0, 2.0}, {7.0, 8.0}}));
}
