#include "blocks/nn/checkpoint.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/line_reader.hpp"
#include "blocks/optim/state_dict_file.hpp"

namespace blocks::nn {

namespace {

// A line with exactly `n` words.
void expect_words(const LineReader& r, std::size_t n) {
  if (r.words_from(0) < n) r.fail("the line is cut short");
  r.no_more(n);
}

Tensor row_tensor(const LineReader& r, std::size_t first, std::size_t d) {
  Tensor w = Tensor::from_shape({1, d});
  for (std::size_t j = 0; j < d; ++j) w(0, j) = r.number(first + j);
  return w;
}

}  // namespace

Checkpoint make_checkpoint(const LogisticRegression& model,
                           const optim::Optimizer& optimizer,
                           const History& history, const std::string& run) {
  return {run,
          model.flavour(),
          model.weight().value(),
          model.bias().value()(0),
          history,
          optimizer.state_dict()};
}

void restore(const Checkpoint& checkpoint, LogisticRegression& model,
             optim::Optimizer& optimizer) {
  if (checkpoint.flavour != model.flavour() ||
      checkpoint.weight.size() != model.in_features()) {
    throw ValueError("restore: the checkpoint holds a " +
                     to_string(checkpoint.flavour) + " model of " +
                     std::to_string(checkpoint.weight.size()) +
                     " features, not a " + to_string(model.flavour()) +
                     " model of " + std::to_string(model.in_features()));
  }
  // Copies of a Variable share its value: writing through them writes
  // the model's (and the optimizer's) parameters.
  // As under torch.no_grad(): an in-place write to a leaf, not recorded.
  autograd::NoGradGuard no_grad;
  auto params = model.parameters();
  params[0].copy_(checkpoint.weight);
  Tensor b = Tensor::from_shape({1});
  b(0) = checkpoint.bias;
  params[1].copy_(b);
  optimizer.load_state_dict(checkpoint.optimizer);
}

void write_checkpoint(std::ostream& out, const Checkpoint& c) {
  if (c.run.find('\n') != std::string::npos) {
    throw ValueError("write_checkpoint: the run's settings hold a newline");
  }
  out << kCheckpointHeader << "\nrun " << c.run << "\nmodel "
      << to_string(c.flavour) << ' ' << c.weight.size() << "\nweight";
  for (double w : c.weight) out << ' ' << full_precision(w);
  out << "\nbias " << full_precision(c.bias) << "\nhistory " << c.history.size()
      << '\n';
  for (const EpochRecord& e : c.history) {
    out << "epoch " << e.epoch << ' ' << full_precision(e.train_loss) << ' '
        << full_precision(e.valid_loss) << ' '
        << full_precision(e.valid_accuracy) << ' ' << full_precision(e.bias);
    for (double w : e.weight) out << ' ' << full_precision(w);
    out << '\n';
  }
  optim::write(out, c.optimizer);
  out << "end checkpoint\n";
}

Checkpoint read_checkpoint(std::istream& in, const std::string& source) {
  LineReader r(in, [source](std::size_t line, const std::string& why) {
    return "checkpoint " + source + ", line " + std::to_string(line) + ": " +
           why;
  });
  Checkpoint c;
  const auto& header = r.line("blocks-checkpoint");
  if (header.size() != 2 || header[1] != "1") {
    r.fail("not a version 1 checkpoint");
  }
  const auto& run = r.line("run");
  for (std::size_t i = 1; i < run.size(); ++i) {
    c.run += (i > 1 ? " " : "") + run[i];
  }
  r.line("model");
  expect_words(r, 3);
  try {
    c.flavour = parse_flavour(r.word(1));
  } catch (const ValueError& e) {
    r.fail(e.what());
  }
  const std::size_t d = r.count(2);
  if (d == 0) r.fail("a model of 0 features");
  r.line("weight");
  expect_words(r, 1 + d);
  c.weight = row_tensor(r, 1, d);
  r.line("bias");
  expect_words(r, 2);
  c.bias = r.number(1);
  r.line("history");
  expect_words(r, 2);
  const std::size_t epochs = r.count(1);
  for (std::size_t e = 0; e < epochs; ++e) {
    r.line("epoch");
    expect_words(r, 6 + d);
    c.history.push_back({r.count(1), r.number(2), r.number(3), r.number(4),
                         row_tensor(r, 6, d), r.number(5)});
  }
  // The optimizer's state, read on by the same reader: its lines count on.
  c.optimizer = optim::read(r);
  r.line("end");
  expect_words(r, 2);
  if (r.word(1) != "checkpoint") r.fail("expected 'end checkpoint'");
  return c;
}

void save_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  write_file_atomically(
      path, [&](std::ostream& out) { write_checkpoint(out, checkpoint); });
}

Checkpoint load_checkpoint(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IOError("cannot open checkpoint " + path);
  return read_checkpoint(in, path);
}

}  // namespace blocks::nn
