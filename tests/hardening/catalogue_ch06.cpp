// The catalogue of bad inputs, Chapter 6, training: models, losses, non-finite
// values, checkpoints, outputs. Each case asserts the exception type and that
// the message names the problem (see catalogue_support.hpp).
#include "catalogue_support.hpp"

namespace {

using namespace catalogue;

// ---------------------------------------------------------------- shapes

TEST(CatalogueShapes, LossTargetSize) {
  expect_error<blocks::ShapeError>(
      [] {
        nn::bce_with_logits(Variable(filled(3, 1, 0)),
                            Variable(filled(5, 1, 0)));
      },
      {"bce_with_logits", "(5, 1)"});
}

TEST(CatalogueShapes, ModelInputFeatures) {
  expect_error<blocks::ShapeError>(
      [] {
        auto model = nn::make_model(nn::Flavour::custom, filled(1, 3, 0), 0.0);
        model->forward(Variable(filled(5, 4, 1)));
      },
      {"(5, 4)"});
}

// ---------------------------------------------------------- empty data

TEST(CatalogueEmpty, TrainOnEmptyDataset) {
  expect_error<blocks::Error>(
      [] {
        data::TensorDataset empty(Tensor::from_shape({0, 2}),
                                  Tensor::from_shape({0, 1}));
        data::DataLoaderOptions o;
        o.batch_size = 2;
        data::DataLoader train(empty, o), valid(empty, o);
        auto model = nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), 0);
        optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::builtin),
                  sgd, 1);
      },
      {"no batch"});
}

TEST(CatalogueEmpty, EvaluateEmptyLoader) {
  expect_error<blocks::ValueError>(
      [] {
        data::TensorDataset empty(Tensor::from_shape({0, 2}),
                                  Tensor::from_shape({0, 1}));
        data::DataLoader loader(empty);
        auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
        nn::evaluate(*model, loader, nn::make_loss(nn::Flavour::custom));
      },
      {"evaluate", "no batch"});
}

TEST(CatalogueEmpty, ModelOfZeroFeatures) {
  expect_error<blocks::ValueError>(
      [] {
        data::TorchGenerator g(1);
        nn::make_model(nn::Flavour::custom, 0, g);
      },
      {"in_features is 0"});
}

// ----------------------------------------------------- NaN and Inf

TEST(CatalogueNonFinite, NaNFeaturesStopTrainingNamingEpochAndBatch) {
  Tensor x = filled(6, 2, 0.5);
  x(3, 1) = std::nan("");
  data::TensorDataset set(x, alternating_labels(6));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::custom), sgd,
                  2);
      },
      {"nan", "epoch 1, batch 2 of 3"});
}

TEST(CatalogueNonFinite, DivergingLearningRate) {
  Tensor x = filled(8, 2, 1e3);
  for (std::size_t i = 0; i < 8; i += 2) x(i, 0) = -1e3;
  data::TensorDataset set(x, alternating_labels(8));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(1e306));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::builtin),
                  sgd, 5);
      },
      {"train:", "epoch ", "batch "});
}

TEST(CatalogueNonFinite, NaNInitialWeight) {
  Tensor w = filled(1, 2, 0);
  w(0, 1) = std::numeric_limits<double>::infinity();
  expect_error<blocks::ValueError>(
      [&] { nn::make_model(nn::Flavour::custom, w, 0.0); }, {"weight", "inf"});
}

TEST(CatalogueNonFinite, NaNInitialBias) {
  expect_error<blocks::ValueError>(
      [] { nn::make_model(nn::Flavour::builtin, filled(1, 2, 0), NAN); },
      {"bias", "nan"});
}

TEST(CatalogueNonFinite, HugeFeatureStopsNamingEpochAndBatch) {
  // A feature at DBL_MAX overflows the logits and then the parameters:
  // training stops at the first non-finite value, naming where.
  Tensor x = filled(4, 1, 1.0);
  x(1, 0) = std::numeric_limits<double>::max();
  data::TensorDataset set(x, alternating_labels(4));
  data::DataLoaderOptions o;
  o.batch_size = 2;
  data::DataLoader train(set, o), valid(set, o);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 1, 1), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(10.0));
  expect_error<blocks::Error>(
      [&] {
        nn::train(*model, train, valid, nn::make_loss(nn::Flavour::custom), sgd,
                  3);
      },
      {"train:", "epoch ", ", batch ", " of 2"});
}

// ---------------------------------------------------- hyperparameters

TEST(CatalogueHyper, UnknownModelFlavour) {
  expect_error<blocks::ValueError>([] { nn::parse_flavour("lazy"); }, {"lazy"});
}

// ----------------------------------------------------- checkpoints

nn::Checkpoint small_checkpoint(nn::Flavour flavour, std::size_t d) {
  auto model = nn::make_model(flavour, filled(1, d, 0.25), 0.5);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  nn::RunSettings settings;
  settings.model = flavour;
  settings.sgd = optim::SGDOptions(0.1);
  nn::Checkpoint c = nn::make_checkpoint(*model, sgd, {}, settings);
  nn::save_generators(c, data::TorchGenerator(1), nullptr);
  return c;
}

TEST(CatalogueCheckpoint, AnotherModelSize) {
  const nn::Checkpoint c = small_checkpoint(nn::Flavour::custom, 3);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 5, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::ValueError>([&] { nn::restore(c, *model, sgd); },
                                   {"3 features", "model of 5"});
}

TEST(CatalogueCheckpoint, AnotherFlavour) {
  const nn::Checkpoint c = small_checkpoint(nn::Flavour::builtin, 2);
  auto model = nn::make_model(nn::Flavour::custom, filled(1, 2, 0), 0);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.1));
  expect_error<blocks::ValueError>([&] { nn::restore(c, *model, sgd); },
                                   {"builtin", "custom"});
}

std::string checkpoint_text() {
  std::ostringstream out;
  nn::write_checkpoint(out, small_checkpoint(nn::Flavour::custom, 2));
  return out.str();
}

TEST(CatalogueCheckpoint, Truncated) {
  std::istringstream in(checkpoint_text().substr(0, 60));
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"checkpoint c.txt", "line"});
}

TEST(CatalogueCheckpoint, OtherFormat) {
  std::istringstream in("blocks-checkpoint 4\n");
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 1", "not a version 3 (or 2) checkpoint"});
}

// Version 1 held the settings as free text and no generator: resuming
// from it would go on with other batches, so it is refused.
TEST(CatalogueCheckpoint, VersionOne) {
  std::istringstream in("blocks-checkpoint 1\nrun model=custom\n");
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 1", "older blocks-train", "cannot be resumed"});
}

TEST(CatalogueCheckpoint, SettingNotANumber) {
  std::string text = checkpoint_text();
  const auto at = text.find("setting lr ");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('\n', at) - at, "setting lr -nan");
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 5", "expected a finite number, found '-nan'"});
}

TEST(CatalogueCheckpoint, SettingMissing) {
  std::string text = checkpoint_text();
  const auto at = text.find("setting seed");
  text.erase(at, text.find('\n', at) + 1 - at);
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"c.txt", "expected 'setting'"});
}

TEST(CatalogueCheckpoint, GeneratorTruncated) {
  std::string text = checkpoint_text();
  const auto end = text.find('\n', text.find("generator torch"));
  text.erase(text.rfind(' ', end), end - text.rfind(' ', end));
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"c.txt", "cut short"});
}

TEST(CatalogueCheckpoint, GeneratorPositionPastTheKey) {
  std::string text = checkpoint_text();
  const auto at = text.find("generator torch 1 624");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 21, "generator torch 1 625");
  std::istringstream in(text);
  expect_error<blocks::DataError>([&] { nn::read_checkpoint(in, "c.txt"); },
                                  {"TorchGenerator::set_state", "625"});
}

TEST(CatalogueCheckpoint, GeneratorStateImpossible) {
  data::TorchGenerator::State zero;
  data::TorchGenerator g;
  expect_error<blocks::ValueError>([&] { g.set_state(zero); },
                                   {"all zero", "never reaches"});
  data::RandomState::State past;
  past.mt.key[1] = 1;
  past.mt.pos = 1000;
  data::RandomState r(0);
  expect_error<blocks::ValueError>([&] { r.set_state(past); },
                                   {"RandomState.set_state", "position 1000"});
}

TEST(CatalogueCheckpoint, WeightNotANumber) {
  std::string text = checkpoint_text();
  const auto at = text.find("weight ");
  text.replace(at, 8, "weight x");
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"line 19", "expected a number, found 'x.25'"});
}

// The checkpoint and the state dict inside it are read by one reader, so
// a subnormal that the writer prints (1e-320 as 9.99988671826831e-321)
// reads back, as it always did in a state dict file.
TEST(CatalogueCheckpoint, SubnormalValuesReadBack) {
  nn::Checkpoint c = small_checkpoint(nn::Flavour::custom, 2);
  c.weight(0, 1) = 1e-320;
  c.bias = -1e-320;
  std::ostringstream out;
  nn::write_checkpoint(out, c);
  std::istringstream in(out.str());
  const nn::Checkpoint back = nn::read_checkpoint(in, "c.txt");
  EXPECT_EQ(back.weight(0, 1), 1e-320);
  EXPECT_EQ(back.bias, -1e-320);
}

// A malformed line of the optimizer's state inside a checkpoint is named
// by its line in the checkpoint, not by a count that starts over.
TEST(CatalogueCheckpoint, OptimizerLineCountsOn) {
  std::string text = checkpoint_text();
  const auto at = text.find("groups 1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, "groups x");
  const auto line = 1 + std::count(text.begin(), text.begin() + at, '\n');
  std::istringstream in(text);
  expect_error<blocks::DataError>(
      [&] { nn::read_checkpoint(in, "c.txt"); },
      {"checkpoint c.txt, line " + std::to_string(line),
       "expected a count, found 'x'"});
}

TEST(CatalogueCheckpoint, OptimizerStateTruncated) {
  std::istringstream in(std::string(optim::kStateDictHeader) + "\ngroups 1\n");
  expect_error<blocks::DataError>([&] { optim::read(in, "s.txt"); }, {"s.txt"});
}

// ---------------------------------------------------- unwritable paths

TEST_F(Catalogue, SaveCheckpointIntoMissingFolder) {
  expect_error<blocks::IOError>(
      [&] {
        nn::save_checkpoint(path("no/c.txt"),
                            small_checkpoint(nn::Flavour::custom, 2));
      },
      {"cannot write", "c.txt"});
  EXPECT_TRUE(files().empty());
}

TEST_F(Catalogue, SaveHistoryOverAFolder) {
  fs::create_directories(path("h.csv"));
  expect_error<blocks::IOError>(
      [&] { nn::save_history_csv(path("h.csv"), {}); },
      {"cannot write", "h.csv"});
  EXPECT_TRUE(files().empty());
}

}  // namespace
