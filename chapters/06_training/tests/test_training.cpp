// The training loop: the notebook's definitions of the history, the
// agreement of the two flavours, and a run that diverges.
#include <cmath>
#include <sstream>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "blocks/testing/allclose.hpp"
#include "ch06_test_support.hpp"

namespace {

using blocks::Tensor;
using blocks::nn::Flavour;
using ch06_test::NotebookRun;

TEST(Evaluate, AveragesPerBatchMeans) {
  // Three samples in batches of 2 and 1: the notebook averages the two
  // batch means, not the three samples.
  blocks::data::TensorDataset ds(blocks::column({1.0, -1.0, 2.0}),
                                 blocks::column({1.0, 1.0, 0.0}));
  blocks::data::DataLoaderOptions o;
  o.batch_size = 2;
  blocks::data::DataLoader loader(ds, o);
  auto model = blocks::nn::make_model(Flavour::custom, Tensor{1.0}, 0.0);
  const auto e =
      blocks::nn::evaluate(*model, loader, blocks::nn::custom_bce_with_logits);
  const double l1 = std::log1p(std::exp(-1.0)), l2 = std::log1p(std::exp(1.0));
  const double l3 = 2.0 + std::log1p(std::exp(-2.0));
  EXPECT_NEAR(e.loss, ((l1 + l2) / 2 + l3) / 2, 1e-15);
  // Batch 1: one of two right; batch 2: wrong.
  EXPECT_DOUBLE_EQ(e.accuracy, 0.25);
  EXPECT_FALSE(model->weight().has_grad());  // no graph, no gradient
}

TEST(Train, RecordsTheNotebooksHistory) {
  NotebookRun run(Flavour::custom, blocks::optim::SGDOptions(0.01));
  const auto history = run.train(3);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].epoch, 1u);
  EXPECT_EQ(history[2].epoch, 3u);
  // The last record holds the model's parameters after training.
  EXPECT_TRUE(blocks::testing::AllClose(history[2].weight,
                                        run.model->weight().value(), 0, 0));
  EXPECT_EQ(history[2].bias, run.model->bias().value()(0));
  // The valid numbers are the evaluation of the model after the epoch.
  const auto e =
      blocks::nn::evaluate(*run.model, run.loaders.valid_loader, run.loss);
  EXPECT_EQ(e.loss, history[2].valid_loss);
  EXPECT_EQ(e.accuracy, history[2].valid_accuracy);
  EXPECT_LT(history[2].train_loss, history[0].train_loss);
}

TEST(Train, FlavoursAgreeWithTheSameBatchOrder) {
  NotebookRun custom(Flavour::custom, blocks::optim::SGDOptions(0.01), true,
                     123);
  NotebookRun builtin(Flavour::builtin, blocks::optim::SGDOptions(0.01), true,
                      123);
  const auto a = custom.train(), b = builtin.train();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t e = 0; e < a.size(); ++e) {
    EXPECT_NEAR(a[e].train_loss, b[e].train_loss, 1e-12) << e;
    EXPECT_NEAR(a[e].valid_loss, b[e].valid_loss, 1e-12) << e;
    EXPECT_EQ(a[e].valid_accuracy, b[e].valid_accuracy) << e;
    EXPECT_NEAR(a[e].bias, b[e].bias, 1e-12) << e;
    EXPECT_TRUE(blocks::testing::AllClose(a[e].weight, b[e].weight, 1e-12, 0))
        << e;
  }
}

TEST(Train, DifferentBatchOrdersGiveDifferentRuns) {
  NotebookRun a(Flavour::custom, blocks::optim::SGDOptions(0.01), true, 123);
  NotebookRun b(Flavour::custom, blocks::optim::SGDOptions(0.01), true, 42);
  EXPECT_NE(a.train(1)[0].train_loss, b.train(1)[0].train_loss);
}

// The message of the Error that training `run` throws ("" if none).
std::string training_error(NotebookRun& run) {
  try {
    run.train();
  } catch (const blocks::Error& e) {
    return e.what();
  }
  return "";
}

TEST(Train, StopsOnANonFiniteLossNamingEpochAndBatch) {
  NotebookRun run(Flavour::builtin, blocks::optim::SGDOptions(0.01));
  auto weight = run.model->parameters()[0];  // shares the model's
  weight.value()(0, 3) = std::nan("");
  const std::string what = training_error(run);
  EXPECT_NE(what.find("the loss is nan at epoch 1, batch 1 of 18"),
            std::string::npos)
      << what;
}

TEST(Train, StopsWhenTheParametersOverflow) {
  // A learning rate of 1e308 throws the parameters past the largest double.
  NotebookRun run(Flavour::custom, blocks::optim::SGDOptions(1e308));
  const std::string what = training_error(run);
  EXPECT_NE(what.find("at epoch 1, batch "), std::string::npos) << what;
}

TEST(Train, StopsWhenAParameterIsNoLongerFinite) {
  // A momentum of 1e308 makes the buffer, then the weight, infinite while
  // the loss of the batch before was still finite.
  blocks::optim::SGDOptions options(0.01);
  options.momentum = 1e308;
  NotebookRun run(Flavour::custom, options);
  const std::string what = training_error(run);
  EXPECT_NE(what.find("a parameter became NaN or infinite at epoch 1, batch "),
            std::string::npos)
      << what;
}

// The progress line: one update per batch, each rewriting the line from
// its start and erasing what a longer earlier update left; a new line
// after each epoch.
TEST(Train, ProgressRewritesOneLinePerEpoch) {
  NotebookRun run(Flavour::custom, blocks::optim::SGDOptions(0.01));
  std::ostringstream progress;
  blocks::nn::TrainOptions options;
  options.progress = &progress;
  blocks::nn::train(*run.model, run.loaders.train_loader,
                    run.loaders.valid_loader, run.loss, run.sgd, 2, options);
  const std::string text = progress.str();
  const std::size_t batches = run.loaders.train_loader.size();
  std::size_t updates = 0, erased = 0;
  for (std::size_t at = text.find("\repoch "); at != std::string::npos;
       at = text.find("\repoch ", at + 1)) {
    ++updates;
  }
  for (std::size_t at = text.find("\x1b[K"); at != std::string::npos;
       at = text.find("\x1b[K", at + 1)) {
    ++erased;
  }
  EXPECT_EQ(updates, 2 * batches);
  EXPECT_EQ(erased, 2 * batches);
  EXPECT_NE(text.find("epoch 1 batch " + std::to_string(batches) + "/" +
                      std::to_string(batches) + " loss "),
            std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 4), "\x1b[K\n");
}

TEST(Train, ResumingContinuesTheSameTrajectory) {
  // Five epochs, then five more (the loader's generator continues), equal
  // ten epochs in one go.
  NotebookRun whole(Flavour::custom, blocks::optim::SGDOptions(0.01), true, 7);
  NotebookRun parts(Flavour::custom, blocks::optim::SGDOptions(0.01), true, 7);
  const auto all = whole.train(10);
  parts.train(5);
  blocks::nn::TrainOptions options;
  options.first_epoch = 6;
  const auto rest = blocks::nn::train(*parts.model, parts.loaders.train_loader,
                                      parts.loaders.valid_loader, parts.loss,
                                      parts.sgd, 5, options);
  EXPECT_EQ(rest.back().epoch, 10u);
  EXPECT_EQ(rest.back().train_loss, all.back().train_loss);
  EXPECT_EQ(rest.back().bias, all.back().bias);
}

TEST(HistoryCsv, HeaderAndFullPrecisionRows) {
  blocks::nn::History h{{1, 0.5, 0.25, 0.75, Tensor{{1.0 / 3, 2.0}}, -0.125}};
  std::ostringstream out;
  blocks::nn::write_history_csv(out, h);
  EXPECT_EQ(out.str(),
            "epoch,train_loss,valid_loss,valid_accuracy,bias,w0,w1\n"
            "1,0.5,0.25,0.75,-0.125,0.33333333333333331,2\n");
}

}  // namespace
