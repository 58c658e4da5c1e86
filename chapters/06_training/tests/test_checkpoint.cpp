// Checkpoints: a round trip is exact, a resumed run continues the same
// trajectory, and a damaged file gives a clear error.
#include <sstream>

#include <gtest/gtest.h>

#include "blocks/error.hpp"
#include "blocks/nn.hpp"
#include "ch06_test_support.hpp"

namespace {

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

TEST(Checkpoint, RoundTripIsExact) {
  NotebookRun run(Flavour::builtin, momentum());
  const auto history = run.train(2);
  const auto c =
      blocks::nn::make_checkpoint(*run.model, run.sgd, history, "a b");
  const auto back = parse(text_of(c));
  EXPECT_EQ(back.run, "a b");
  EXPECT_EQ(back.flavour, Flavour::builtin);
  EXPECT_EQ(back.weight, c.weight);
  EXPECT_EQ(back.bias, c.bias);
  ASSERT_EQ(back.history.size(), 2u);
  EXPECT_EQ(back.history[1].valid_loss, history[1].valid_loss);
  EXPECT_EQ(back.history[1].weight, history[1].weight);
  EXPECT_EQ(text_of(back), text_of(c));
}

// [resume-test]
TEST(Checkpoint, ResumeContinuesTheSameTrajectory) {
  NotebookRun whole(Flavour::custom, momentum(), true, 5);
  const auto all = whole.train(6);

  NotebookRun first(Flavour::custom, momentum(), true, 5);
  const auto c = parse(text_of(blocks::nn::make_checkpoint(
      *first.model, first.sgd, first.train(3), "")));
  // A fresh process: new model, optimizer and loader, then the state.
  NotebookRun second(Flavour::custom, momentum(), true, 5);
  blocks::nn::restore(c, *second.model, second.sgd);
  for (int e = 0; e < 3; ++e) second.loaders.train_loader.next_epoch();
  blocks::nn::TrainOptions options;
  options.first_epoch = 4;
  const auto rest = blocks::nn::train(
      *second.model, second.loaders.train_loader, second.loaders.valid_loader,
      second.loss, second.sgd, 3, options);
  for (int e = 0; e < 3; ++e) {
    EXPECT_EQ(rest[e].epoch, all[3 + e].epoch);
    EXPECT_EQ(rest[e].train_loss, all[3 + e].train_loss);
    EXPECT_EQ(rest[e].weight, all[3 + e].weight);
  }
}
// [resume-test]

TEST(Checkpoint, DamagedFilesGiveClearErrors) {
  NotebookRun run(Flavour::custom, momentum());
  const std::string good = text_of(
      blocks::nn::make_checkpoint(*run.model, run.sgd, run.train(1), "r"));
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
  EXPECT_NE(message(bad).find("line 5"), std::string::npos) << message(bad);
  EXPECT_NE(message("blocks-checkpoint 2\n").find("version"),
            std::string::npos);
  EXPECT_THROW(blocks::nn::load_checkpoint("/nonexistent/ckpt"),
               blocks::IOError);
}

TEST(Checkpoint, RestoreChecksTheModel) {
  NotebookRun run(Flavour::custom, momentum());
  const auto c = blocks::nn::make_checkpoint(*run.model, run.sgd, {}, "");
  NotebookRun other(Flavour::builtin, momentum());
  EXPECT_THROW(blocks::nn::restore(c, *other.model, other.sgd),
               blocks::ValueError);
}

}  // namespace
