#include "blocks/nn/checkpoint.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <vector>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/input_file.hpp"
#include "blocks/line_reader.hpp"
#include "blocks/optim/state_dict_file.hpp"

namespace blocks::nn {

namespace {

// A line with exactly `n` words.
void expect_words(const LineReader& r, std::size_t n) {
  if (r.words_from(0) < n) r.fail("the line is cut short");
  r.no_more(n);
}

// A diverged model is no state to resume from: say so here, not as a NaN
// loss at the next batch.
void require_finite(const LineReader& r, double value,
                    const std::string& what) {
  if (!std::isfinite(value)) {
    r.fail(what + " is " + full_precision(value) +
           ": a checkpoint of a diverged model cannot be resumed");
  }
}

// The optimizer's options are stored twice, in the settings and in its
// state dict: they must agree, or a resumed run would train with the state
// dict's while checking the settings'.
void require_same_sgd(const LineReader& r, const Checkpoint& c) {
  if (c.optimizer.param_groups.size() != 1) {
    r.fail("the optimizer has " +
           std::to_string(c.optimizer.param_groups.size()) +
           " parameter groups; a training run has 1");
  }
  const optim::Options& stored = c.optimizer.param_groups[0].options;
  for (const auto& [name, value] : optim::to_options(c.settings.sgd)) {
    const auto it = stored.find(name);
    if (it == stored.end() || it->second != value) {
      const bool* flag = std::get_if<bool>(&value);
      r.fail("the optimizer's " + name + " contradicts the settings' " + name +
             " " +
             (flag ? (*flag ? "true" : "false")
                   : optim::python_repr(std::get<double>(value))));
    }
  }
}

// A past epoch's record as only training can have written it: losses
// finite and not negative (binary cross-entropy), an accuracy between 0
// and 1, finite parameters. Anything else would be copied into the
// resumed run's history and table as if it had happened.
void require_possible(const LineReader& r, const EpochRecord& e) {
  const auto fail = [&](const std::string& what, double value) {
    r.fail("epoch " + std::to_string(e.epoch) + "'s " + what + " is " +
           full_precision(value) + ", which no training run records");
  };
  if (!(e.train_loss >= 0.0) || !std::isfinite(e.train_loss)) {
    fail("train loss", e.train_loss);
  }
  if (!(e.valid_loss >= 0.0) || !std::isfinite(e.valid_loss)) {
    fail("valid loss", e.valid_loss);
  }
  if (!(e.valid_accuracy >= 0.0 && e.valid_accuracy <= 1.0)) {
    fail("valid accuracy", e.valid_accuracy);
  }
  if (!std::isfinite(e.bias)) fail("bias", e.bias);
  for (const double w : e.weight) {
    if (!std::isfinite(w)) fail("weight", w);
  }
}

Tensor row_tensor(const LineReader& r, std::size_t first, std::size_t d) {
  Tensor w = Tensor::from_shape({1, d});
  for (std::size_t j = 0; j < d; ++j) w(0, j) = r.number(first + j);
  return w;
}

constexpr std::size_t kWords = data::Mt19937::kWords;

void write_key(std::ostream& out, const data::Mt19937::State& mt) {
  for (std::uint32_t word : mt.key) out << ' ' << word;
  out << '\n';
}

// The position, then the key's words from word `first` on.
data::Mt19937::State read_mt(const LineReader& r, std::size_t pos,
                             std::size_t first) {
  data::Mt19937::State mt;
  mt.pos = r.count(pos);
  for (std::size_t i = 0; i < kWords; ++i) {
    const std::size_t word = r.count(first + i);
    if (word > 0xFFFFFFFFu) {
      r.fail("expected a 32-bit word, found " +
             single_quoted(r.word(first + i)));
    }
    mt.key[i] = static_cast<std::uint32_t>(word);
  }
  return mt;
}

void write_generators(std::ostream& out, const Checkpoint& c) {
  out << "generators "
      << (c.torch_generator ? 1 : 0) + (c.numpy_sampler ? 1 : 0) << '\n';
  if (c.torch_generator) {
    out << "generator torch " << c.torch_generator->seed << ' '
        << c.torch_generator->mt.pos;
    write_key(out, c.torch_generator->mt);
  }
  if (c.numpy_sampler) {
    out << "generator numpy " << c.numpy_sampler->mt.pos << ' '
        << (c.numpy_sampler->has_gauss ? "true" : "false") << ' '
        << full_precision(c.numpy_sampler->cached_gaussian);
    write_key(out, c.numpy_sampler->mt);
  }
}

// Each state is checked by the generator it belongs to, so the file
// refuses exactly what set_state() would.
void read_generators(LineReader& r, Checkpoint& c) {
  r.line("generators");
  expect_words(r, 2);
  const std::size_t count = r.count(1);
  // A third line would repeat a kind: the loop stops there.
  for (std::size_t i = 0; i < count; ++i) {
    r.line("generator");
    const std::string kind = r.word(1);
    if (kind == "torch") {
      if (c.torch_generator) r.fail("a second torch generator");
      expect_words(r, 4 + kWords);
      data::TorchGenerator::State s;
      s.seed = r.count(2);
      s.mt = read_mt(r, 3, 4);
      try {
        data::TorchGenerator().set_state(s);
      } catch (const ValueError& e) {
        r.fail(e.what());
      }
      c.torch_generator = s;
    } else if (kind == "numpy") {
      if (c.numpy_sampler) r.fail("a second numpy generator");
      expect_words(r, 5 + kWords);
      data::RandomState::State s;
      s.mt = read_mt(r, 2, 5);
      const std::string& has_gauss = r.word(3);
      if (has_gauss != "true" && has_gauss != "false") {
        r.fail("expected true or false, found " + single_quoted(has_gauss));
      }
      s.has_gauss = has_gauss == "true";
      s.cached_gaussian = r.number(4);
      try {
        data::RandomState(0).set_state(s);
      } catch (const ValueError& e) {
        r.fail(e.what());
      }
      c.numpy_sampler = s;
    } else {
      r.fail("unknown generator '" + kind + "' (expected torch or numpy)");
    }
  }
}

}  // namespace

Checkpoint make_checkpoint(const LogisticRegression& model,
                           const optim::Optimizer& optimizer,
                           const History& history,
                           const RunSettings& settings) {
  Checkpoint c;
  c.settings = settings;
  c.flavour = model.flavour();
  c.weight = model.weight().value();
  c.bias = model.bias().value()(0);
  c.history = history;
  c.optimizer = optimizer.state_dict();
  return c;
}

void save_generators(Checkpoint& checkpoint, const data::TorchGenerator& torch,
                     const data::NumpySampler* numpy) {
  checkpoint.torch_generator = torch.get_state();
  checkpoint.numpy_sampler.reset();
  if (numpy) checkpoint.numpy_sampler = numpy->get_state();
}

void restore_generators(const Checkpoint& checkpoint, const std::string& source,
                        data::TorchGenerator& torch,
                        data::NumpySampler* numpy) {
  const std::string where = "checkpoint " + source + " ";
  if (!checkpoint.torch_generator) {
    throw DataError(where + "holds no state of the torch generator");
  }
  if (numpy && !checkpoint.numpy_sampler) {
    throw DataError(where + "holds no state of the NumPy sampler");
  }
  if (!numpy && checkpoint.numpy_sampler) {
    throw DataError(where +
                    "holds a NumPy sampler's state, but the run has no "
                    "NumPy sampler");
  }
  // read_checkpoint() accepts only states that set_state() accepts.
  torch.set_state(*checkpoint.torch_generator);
  if (numpy) numpy->set_state(*checkpoint.numpy_sampler);
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
  out << kCheckpointHeader << '\n';
  write_settings(out, c.settings);
  out << "model " << to_string(c.flavour) << ' ' << c.weight.size()
      << "\nweight";
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
  write_generators(out, c);
  out << "end checkpoint\n";
}

Checkpoint read_checkpoint(std::istream& in, const std::string& source) {
  LineReader r(in, [source](std::size_t line, const std::string& why) {
    return "checkpoint " + source + ", line " + std::to_string(line) + ": " +
           why;
  });
  Checkpoint c;
  const auto& header = r.line("blocks-checkpoint");
  if (header.size() == 2 && header[1] == "1") {
    r.fail(
        "a version 1 checkpoint, written by an older blocks-train: it "
        "holds its settings as free text and not the random generators' "
        "state, so it cannot be resumed (start the run again)");
  }
  // Version 2 lacks two settings (ranks, data); it is read, and they are
  // not checked (RunSettings::unrecorded).
  if (header.size() != 2 || (header[1] != "2" && header[1] != "3")) {
    r.fail("not a version 3 (or 2) checkpoint");
  }
  c.settings = read_settings(r, header[1] == "2" ? 2 : 3);
  r.line("model");
  expect_words(r, 3);
  try {
    c.flavour = parse_flavour(r.word(1));
  } catch (const ValueError& e) {
    r.fail(e.what());
  }
  if (c.flavour != c.settings.model) {
    r.fail("a " + to_string(c.flavour) + " model, but the settings say " +
           to_string(c.settings.model));
  }
  const std::size_t d = r.count(2);
  if (d == 0) r.fail("a model of 0 features");
  r.line("weight");
  expect_words(r, 1 + d);
  c.weight = row_tensor(r, 1, d);
  for (std::size_t j = 0; j < d; ++j) {
    require_finite(r, c.weight.flat(j), "weight " + std::to_string(j));
  }
  r.line("bias");
  expect_words(r, 2);
  c.bias = r.number(1);
  require_finite(r, c.bias, "the bias");
  r.line("history");
  expect_words(r, 2);
  const std::size_t epochs = r.count(1);
  for (std::size_t e = 0; e < epochs; ++e) {
    r.line("epoch");
    expect_words(r, 6 + d);
    if (r.count(1) != e + 1) {
      r.fail("epoch " + r.word(1) + " where epoch " + std::to_string(e + 1) +
             " comes (the epochs are numbered 1, 2, ... in order)");
    }
    c.history.push_back({r.count(1), r.number(2), r.number(3), r.number(4),
                         row_tensor(r, 6, d), r.number(5)});
    require_possible(r, c.history.back());
  }
  // The optimizer's state, read on by the same reader: its lines count on.
  c.optimizer = optim::read(r);
  require_same_sgd(r, c);
  read_generators(r, c);
  r.line("end");
  expect_words(r, 2);
  if (r.word(1) != "checkpoint") r.fail("expected 'end checkpoint'");
  // Two files run together, or text after the end, is not one checkpoint.
  std::string rest;
  if (in >> rest) r.fail(single_quoted(rest) + " after 'end checkpoint'");
  return c;
}

void save_checkpoint(const std::string& path, const Checkpoint& checkpoint) {
  write_file_atomically(
      path, [&](std::ostream& out) { write_checkpoint(out, checkpoint); });
}

Checkpoint load_checkpoint(const std::string& path) {
  std::ifstream in = open_input(path);
  return read_checkpoint(in, path);
}

}  // namespace blocks::nn
