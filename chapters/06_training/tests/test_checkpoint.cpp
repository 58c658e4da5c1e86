// Checkpoints: a round trip is exact, a resumed run continues the same
// trajectory whatever the sampler, and a damaged file gives a clear error.
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "ch06_test_support.hpp"

namespace {

namespace data = blocks::data;
namespace nn = blocks::nn;
using blocks::nn::Flavour;
using ch06_test::NotebookRun;

blocks::optim::SGDOptions momentum() {
  blocks::optim::SGDOptions o(0.01);
  o.momentum = 0.9;
  return o;
}

std::string text_of(const blocks::nn::Checkpoint& c) {
  std::ostringstream out;
  blocks::nn::write_checkpoint(out, c);
  return out.str();
}

blocks::nn::Checkpoint parse(const std::string& text) {
  std::istringstream in(text);
  return blocks::nn::read_checkpoint(in, "test.ckpt");
}

// Settings that differ from the defaults everywhere.
nn::RunSettings unusual_settings() {
  nn::RunSettings s;
  s.model = Flavour::builtin;
  s.batch_size = 7;
  s.sgd = blocks::optim::SGDOptions(0.1);
  s.sgd.momentum = 0.9;
  s.sgd.weight_decay = 1e-3;
  s.sgd.nesterov = true;
  s.sgd.maximize = true;
  s.shuffle = true;
  s.sampler = "numpy";
  s.seed = 18446744073709551615u;
  s.init_given = true;
  s.precision = "float";
  s.ranks = 4;
  s.data = 0x0123456789abcdefu;
  return s;
}

// `settings` with the SGD options `sgd` trains with: a checkpoint stores
// them twice (settings and state dict), and the reader checks they agree.
nn::RunSettings settings_for(const blocks::optim::SGD& sgd,
                             nn::RunSettings settings = {}) {
  settings.sgd = blocks::optim::sgd_options(sgd.param_groups().front().options);
  return settings;
}

TEST(Checkpoint, RoundTripIsExact) {
  NotebookRun run(Flavour::builtin, momentum());
  const auto history = run.train(2);
  const nn::RunSettings settings = settings_for(run.sgd, unusual_settings());
  auto c = blocks::nn::make_checkpoint(*run.model, run.sgd, history, settings);
  data::TorchGenerator torch(5);
  torch.randperm(10);  // mid-block
  data::NumpySampler numpy(10, 3);
  numpy.epoch();
  blocks::nn::save_generators(c, torch, &numpy);
  const auto back = parse(text_of(c));
  EXPECT_TRUE(nn::differences(back.settings, settings).empty());
  EXPECT_EQ(back.flavour, Flavour::builtin);
  EXPECT_EQ(back.weight, c.weight);
  EXPECT_EQ(back.bias, c.bias);
  ASSERT_EQ(back.history.size(), 2u);
  EXPECT_EQ(back.history[1].valid_loss, history[1].valid_loss);
  EXPECT_EQ(back.history[1].weight, history[1].weight);
  ASSERT_TRUE(back.torch_generator && back.numpy_sampler);
  EXPECT_EQ(back.torch_generator->seed, 5u);
  EXPECT_EQ(back.torch_generator->mt.key, torch.get_state().mt.key);
  EXPECT_EQ(back.torch_generator->mt.pos, torch.get_state().mt.pos);
  EXPECT_EQ(back.numpy_sampler->mt.key, numpy.get_state().mt.key);
  EXPECT_EQ(back.numpy_sampler->mt.pos, numpy.get_state().mt.pos);
  EXPECT_EQ(text_of(back), text_of(c));
}

// A cached normal (NumPy's has_gauss) comes back to the bit.
TEST(Checkpoint, CachedNormalRoundTrips) {
  data::RandomState rng(8);
  rng.standard_normal();
  NotebookRun run(Flavour::custom, momentum());
  auto c = nn::make_checkpoint(*run.model, run.sgd, {}, settings_for(run.sgd));
  c.numpy_sampler = rng.get_state();
  c.torch_generator = data::TorchGenerator().get_state();
  const auto back = parse(text_of(c));
  ASSERT_TRUE(back.numpy_sampler);
  EXPECT_TRUE(back.numpy_sampler->has_gauss);
  data::RandomState again(0);
  again.set_state(*back.numpy_sampler);
  EXPECT_EQ(again.standard_normal(), rng.standard_normal());
  EXPECT_EQ(again.next32(), rng.next32());
}

// blocks-train's setup: the global generator, seeded before anything
// draws from it, and the training loader that `--sampler` names.
struct ProgramRun {
  explicit ProgramRun(nn::Shuffling sampler)
      : train_set(ch06_test::notebook_data().train.features,
                  ch06_test::notebook_data().train.labels),
        valid_set(ch06_test::notebook_data().valid.features,
                  ch06_test::notebook_data().valid.labels),
        options(seeded_options(sampler, train_set.size())),
        train_loader(train_set, options),
        valid_loader(valid_set, in_order()),
        model(nn::make_model(Flavour::custom, 10, data::default_generator())),
        sgd(model->parameters(), momentum()),
        loss(nn::make_loss(Flavour::custom)),
        numpy(std::dynamic_pointer_cast<data::NumpySampler>(options.sampler)) {}
  static data::DataLoaderOptions seeded_options(nn::Shuffling sampler,
                                                std::size_t n) {
    data::manual_seed(7);
    return nn::training_loader_options(n, 5, true, sampler, 7);
  }
  static data::DataLoaderOptions in_order() {
    data::DataLoaderOptions o;
    o.batch_size = 5;
    return o;
  }
  nn::History train(std::size_t epochs, std::size_t first = 1) {
    nn::TrainOptions o;
    o.first_epoch = first;
    return nn::train(*model, train_loader, valid_loader, loss, sgd, epochs, o);
  }
  data::TensorDataset train_set, valid_set;
  data::DataLoaderOptions options;
  data::DataLoader train_loader, valid_loader;
  std::unique_ptr<nn::LogisticRegression> model;
  blocks::optim::SGD sgd;
  nn::Loss loss;
  std::shared_ptr<data::NumpySampler> numpy;  // null but for numpy
};

class Resume : public ::testing::TestWithParam<nn::Shuffling> {};

TEST_P(Resume, ContinuesTheSameTrajectory) {
  ProgramRun whole(GetParam());
  const auto all = whole.train(6);

  ProgramRun first(GetParam());
  auto saved = nn::make_checkpoint(*first.model, first.sgd, first.train(3),
                                   settings_for(first.sgd));
  nn::save_generators(saved, data::default_generator(), first.numpy.get());
  const auto c = parse(text_of(saved));
  // A fresh process: new model, optimizer, loaders and generators (seeded
  // again), then the checkpoint's state.
  ProgramRun second(GetParam());
  nn::restore(c, *second.model, second.sgd);
  nn::restore_generators(c, "test.ckpt", data::default_generator(),
                         second.numpy.get());
  const auto rest = second.train(3, 4);
  for (int e = 0; e < 3; ++e) {
    EXPECT_EQ(rest[e].epoch, all[3 + e].epoch);
    EXPECT_EQ(rest[e].train_loss, all[3 + e].train_loss);
    EXPECT_EQ(rest[e].weight, all[3 + e].weight);
  }
}

INSTANTIATE_TEST_SUITE_P(EverySampler, Resume,
                         ::testing::Values(nn::Shuffling::torch,
                                           nn::Shuffling::torch_legacy,
                                           nn::Shuffling::numpy),
                         [](const auto& info) {
                           std::string name = nn::to_string(info.param);
                           return name == "torch-legacy" ? "torch_legacy"
                                                         : name;
                         });

// Without the generators' state the resumed run would draw other batches:
// the test above would fail if restore_generators() did nothing.
TEST(Checkpoint, ResumingWithoutTheGeneratorsDiverges) {
  ProgramRun whole(nn::Shuffling::numpy);
  const auto all = whole.train(4);
  ProgramRun first(nn::Shuffling::numpy);
  const auto c = nn::make_checkpoint(*first.model, first.sgd, first.train(3),
                                     settings_for(first.sgd));
  ProgramRun second(nn::Shuffling::numpy);
  nn::restore(c, *second.model, second.sgd);
  EXPECT_NE(second.train(1, 4)[0].weight, all[3].weight);
}

TEST(Checkpoint, RestoreGeneratorsNeedsTheRunsGenerators) {
  NotebookRun run(Flavour::custom, momentum());
  auto c = nn::make_checkpoint(*run.model, run.sgd, {}, settings_for(run.sgd));
  data::TorchGenerator torch;
  data::NumpySampler numpy(4, 1);
  const auto message = [&](data::NumpySampler* sampler) {
    try {
      nn::restore_generators(c, "c.txt", torch, sampler);
    } catch (const blocks::DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(nullptr),
            "checkpoint c.txt holds no state of the torch "
            "generator");
  nn::save_generators(c, torch, nullptr);
  EXPECT_EQ(message(nullptr), "no error");
  EXPECT_NE(message(&numpy).find("no state of the NumPy sampler"),
            std::string::npos);
  nn::save_generators(c, torch, &numpy);
  EXPECT_NE(message(nullptr).find("the run has no NumPy sampler"),
            std::string::npos);
}

TEST(Checkpoint, DamagedFilesGiveClearErrors) {
  NotebookRun run(Flavour::custom, momentum());
  const std::string good = text_of(blocks::nn::make_checkpoint(
      *run.model, run.sgd, run.train(1), settings_for(run.sgd)));
  const auto message = [](const std::string& text) {
    try {
      parse(text);
    } catch (const blocks::DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // Truncated: every prefix that cuts a line off is an error.
  for (std::size_t n :
       {std::size_t{0}, std::size_t{30}, good.size() / 2, good.size() - 5}) {
    EXPECT_NE(message(good.substr(0, n)).find("test.ckpt"), std::string::npos)
        << n << ": " << message(good.substr(0, n));
  }
  std::string bad = good;
  bad.replace(bad.find("bias "), 5, "bias x");
  EXPECT_NE(message(bad).find("line 20"), std::string::npos) << message(bad);
  EXPECT_NE(message("blocks-checkpoint 4\n").find("not a version 3 (or 2)"),
            std::string::npos);
  EXPECT_THROW(blocks::nn::load_checkpoint("/nonexistent/ckpt"),
               blocks::IOError);
}

// A version 2 checkpoint, written before the settings `ranks` and `data`:
// read, with those two left unrecorded and not compared; in version 3
// they must be there.
TEST(Checkpoint, VersionTwoIsReadWithoutRanksAndData) {
  NotebookRun run(Flavour::custom, momentum());
  nn::RunSettings made = settings_for(run.sgd);
  made.data = 0xfeedu;
  std::string text =
      text_of(nn::make_checkpoint(*run.model, run.sgd, run.train(1), made));
  const auto remove_line = [&](const std::string& start) {
    const auto at = text.find(start);
    text.erase(at, text.find('\n', at) + 1 - at);
  };
  remove_line("setting ranks ");
  remove_line("setting data ");
  text.replace(text.find("settings 15"), 11, "settings 13");
  EXPECT_THROW(parse(text), blocks::DataError);  // still version 3
  text.replace(0, text.find('\n'), "blocks-checkpoint 2");
  const nn::Checkpoint c = parse(text);
  EXPECT_EQ(c.settings.unrecorded, (std::vector<std::string>{"ranks", "data"}));
  nn::RunSettings now = made;
  now.ranks = 2;
  now.data = 0xbeefu;
  EXPECT_TRUE(nn::differences(c.settings, now).empty());
  now.seed = 7;  // the settings version 2 has are still compared
  ASSERT_EQ(nn::differences(c.settings, now).size(), 1u);
  EXPECT_EQ(nn::differences(c.settings, now)[0].name, "seed");
  // Written again, they would claim a checksum and ranks nobody recorded.
  std::ostringstream out;
  EXPECT_THROW(nn::write_settings(out, c.settings), blocks::ValueError);
}

// What blocks-train wrote before the settings were typed: refused, not
// resumed on a guess.
TEST(Checkpoint, VersionOneIsRefusedAsOlder) {
  const std::string message = [] {
    try {
      parse("blocks-checkpoint 1\nrun model=custom lr=0.01\nmodel custom 1\n");
    } catch (const blocks::DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  }();
  EXPECT_NE(message.find("checkpoint test.ckpt, line 1"), std::string::npos);
  EXPECT_NE(message.find("older blocks-train"), std::string::npos);
  EXPECT_NE(message.find("cannot be resumed"), std::string::npos) << message;
}

// One edit of a good checkpoint and the words its error must hold.
struct Damage {
  std::string from, to;
  std::vector<std::string> expected;
};

// Each damage of `good` must be refused by the reader with a DataError
// holding every expected part.
void expect_refused(const std::string& good, const std::vector<Damage>& cases) {
  for (const Damage& d : cases) {
    std::string text = good;
    const auto at = text.find(d.from);
    ASSERT_NE(at, std::string::npos) << d.from;
    text.replace(at, d.from.size(), d.to);
    std::string what = "no error";
    try {
      parse(text);
    } catch (const blocks::DataError& e) {
      what = e.what();
    }
    for (const std::string& expected : d.expected) {
      EXPECT_NE(what.find(expected), std::string::npos)
          << d.to.substr(0, 40) << ": " << what;
    }
  }
}

TEST(Checkpoint, SettingsAndGeneratorsAreReadStrictly) {
  NotebookRun run(Flavour::custom, momentum());
  auto c = nn::make_checkpoint(*run.model, run.sgd, {}, settings_for(run.sgd));
  data::NumpySampler numpy(4, 1);
  nn::save_generators(c, data::TorchGenerator(9), &numpy);
  const std::string good = text_of(c);
  ASSERT_NO_THROW(parse(good));
  const std::string torch_line =
      good.substr(good.find("generator torch"),
                  good.find('\n', good.find("generator torch")) -
                      good.find("generator torch"));
  const std::vector<Damage> cases = {
      {"settings 15", "settings 14", {"line 16", "no setting 'data'"}},
      {"setting ranks any", "setting ranks 0", {"any or a count", "'0'"}},
      {"setting ranks any", "setting ranks -1", {"'-1'"}},
      {"setting data 0000000000000000",
       "setting data 12",
       {"16 hex digits, found '12'"}},
      {"setting data 0000000000000000",
       "setting data 000000000000000A",
       {"16 hex digits"}},
      {"setting data 0000000000000000",
       "setting data 0x00000000000000",
       {"16 hex digits"}},
      {"setting seed 123", "setting lr 0.01", {"'lr' given twice"}},
      {"setting seed 123", "setting speed 123", {"unknown setting 'speed'"}},
      {"setting lr 0.01", "setting lr", {"line 5", "cut short"}},
      {"setting lr 0.01", "setting lr nan", {"finite number, found 'nan'"}},
      {"setting lr 0.01", "setting lr 0.01 x", {"unexpected 'x'"}},
      {"setting lr 0.01", "setting lr -1", {"Invalid learning rate: -1"}},
      {"setting batch-size 5",
       "setting batch-size 0",
       {"batch_size should be a positive integer value, but got batch_size=0"}},
      {"setting shuffle false", "setting shuffle 1", {"true or false"}},
      {"setting sampler torch", "setting sampler scipy", {"'scipy'"}},
      {"setting precision double", "setting precision half", {"'half'"}},
      {"setting model custom",
       "setting model builtin",
       {"custom model, but the settings say builtin"}},
      {"generators 2", "generators 3", {"expected 'generator'"}},
      {"generator numpy", "generator torch", {"a second torch generator"}},
      {"generator numpy", "generator scipy", {"unknown generator 'scipy'"}},
      {torch_line, torch_line.substr(0, torch_line.rfind(' ')), {"cut short"}},
      {torch_line, torch_line + " 7", {"unexpected '7'"}},
      {"generator torch 9 624", "generator torch 9 625", {"position 625"}},
      {"generator torch 9 624 9",
       "generator torch 9 624 4294967296",
       {"32-bit word, found '4294967296'"}},
      {"generator numpy 624 false", "generator numpy 624 no", {"true or fal"}},
      {"generator numpy 624 false 0",
       "generator numpy 624 false inf",
       {"cached normal is inf"}},
  };
  expect_refused(good, cases);
}

// What a hand-edited or damaged checkpoint must not smuggle in: a diverged
// model, past epochs no run could have recorded (they would be copied into
// the resumed run's history), an optimizer at odds with the settings (it
// would train with one and check the other), epochs out of order, text
// after the end.
TEST(Checkpoint, ModelHistoryAndOptimizerAreReadStrictly) {
  NotebookRun run(Flavour::custom, momentum());
  const auto history = run.train(2);
  const std::string good = text_of(
      nn::make_checkpoint(*run.model, run.sgd, history, settings_for(run.sgd)));
  ASSERT_NO_THROW(parse(good));
  const auto line_of = [&](const std::string& start) {
    const auto at = good.find(start);
    return good.substr(at, good.find('\n', at) - at);
  };
  const std::string weight = line_of("weight "), bias = line_of("bias ");
  // The first epoch's record with its word `k` (1: the epoch's number,
  // then train loss, valid loss, valid accuracy, bias, weights) as `value`.
  const std::string epoch = line_of("epoch 1 ");
  const auto epoch_with = [&](std::size_t k, const std::string& value) {
    std::istringstream words(epoch);
    std::string word, out;
    for (std::size_t i = 0; words >> word; ++i) {
      out += (i ? " " : "") + (i == k ? value : word);
    }
    return out;
  };
  const auto record = [&](std::size_t k, const std::string& value,
                          const std::string& words) {
    return Damage{epoch,
                  epoch_with(k, value),
                  {"epoch 1's " + words + ", which no training run records"}};
  };
  const std::vector<Damage> cases = {
      record(2, "nan", "train loss is nan"),
      record(2, "-0.5", "train loss is -0.5"),
      record(3, "inf", "valid loss is inf"),
      record(4, "2.5", "valid accuracy is 2.5"),
      record(4, "-0.25", "valid accuracy is -0.25"),
      record(4, "nan", "valid accuracy is nan"),
      record(5, "-inf", "bias is -inf"),
      record(7, "nan", "weight is nan"),
      {weight,
       "weight nan" + weight.substr(weight.find(' ', 7)),
       {"weight 0 is nan", "diverged"}},
      {bias, "bias inf", {"the bias is inf"}},
      {"option lr number 0.01",
       "option lr number 0.5",
       {"the optimizer's lr contradicts the settings' lr 0.01"}},
      {"option momentum number 0.90000000000000002",
       "option momentum number 0",
       {"the optimizer's momentum contradicts"}},
      {"\nepoch 2 ", "\nepoch 7 ", {"epoch 7 where epoch 2 comes"}},
      {"end checkpoint\n",
       "end checkpoint\ngarbage\n",
       {"'garbage' after 'end checkpoint'"}},
      {"end checkpoint\n",
       "end checkpoint\n" + good,
       {"after 'end checkpoint'"}},
  };
  expect_refused(good, cases);
}

// differences() names every setting that changed, in the file's order,
// with the shortest text that reads back (what a person typed).
TEST(RunSettings, DifferencesNameEachSetting) {
  nn::RunSettings a, b;
  EXPECT_TRUE(nn::differences(a, b).empty());
  b.sgd.lr = 0.1;
  b.sampler = "numpy";
  const auto d = nn::differences(a, b);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].name, "lr");
  EXPECT_EQ(d[0].was, "0.01");
  EXPECT_EQ(d[0].now, "0.1");
  EXPECT_EQ(d[1].name, "sampler");
  // Every setting of unusual_settings() differs from the defaults but
  // dampening (0 in both).
  EXPECT_EQ(nn::differences(a, unusual_settings()).size(),
            nn::settings_of(a).size() - 1);
  b = a;
  b.sgd.momentum = -0.0;  // equal to 0, but not the same bits
  EXPECT_EQ(nn::differences(a, b).size(), 1u);
}

TEST(Checkpoint, RestoreChecksTheModel) {
  NotebookRun run(Flavour::custom, momentum());
  const auto c = blocks::nn::make_checkpoint(*run.model, run.sgd, {},
                                             settings_for(run.sgd));
  NotebookRun other(Flavour::builtin, momentum());
  EXPECT_THROW(blocks::nn::restore(c, *other.model, other.sgd),
               blocks::ValueError);
}

}  // namespace
