// Chapter 6's program: the notebook's experiment. Both flavours of
// logistic regression train on the notebook's data, first with the same
// batch order, then with different ones, and the cross-comparison table of
// the notebook is printed side by side.
//
//   06_training                  the tables (deterministic)
//   06_training --curves FILE    also writes, for the page's figure, the
//                                history of both flavours trained with
//                                the batches in order (shuffle=False),
//                                the setup of PyTorch's goldens
//   06_training --published      the notebook's own two runs, whose table
//                                it printed (as blocks-train runs them)
//   06_training --published-compare
//                                the same runs' train losses beside what
//                                the notebook printed and what PyTorch 1.13
//                                recomputed (tests/goldens/make_ch06_table.py)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "blocks/atomic_file.hpp"
#include "blocks/data.hpp"
#include "blocks/nn.hpp"
#include "blocks/optim.hpp"

using blocks::Tensor;
namespace data = blocks::data;
namespace nn = blocks::nn;
namespace optim = blocks::optim;

namespace {

// [demo-setup]
// The weights and bias the notebook printed for its custom model.
Tensor notebook_weight() {
  return Tensor{{-0.12895013, 0.01047492, -0.15705723, 0.11925378, -0.26944348,
                 0.23180881, -0.22984707, -0.25141433, -0.19982024, 0.1432175}};
}
constexpr double kNotebookBias = -0.11684369;

struct Run {
  nn::History history;
  nn::Evaluation test;
};

// One training run as the notebook does it: batch 5, lr 0.01, 10 epochs,
// the training batches shuffled by a generator seeded with `seed`.
Run run(nn::Flavour flavour, const data::NotebookData& split,
        std::uint64_t seed) {
  data::TensorDataset train(split.train.features, split.train.labels);
  data::TensorDataset valid(split.valid.features, split.valid.labels);
  data::TensorDataset test(split.test.features, split.test.labels);
  data::DataLoaderOptions shuffled;
  shuffled.batch_size = 5;
  shuffled.shuffle = true;
  shuffled.seed = seed;
  data::DataLoaderOptions in_order;
  in_order.batch_size = 5;
  data::DataLoader train_loader(train, shuffled);
  data::DataLoader valid_loader(valid, in_order);
  data::DataLoader test_loader(test, in_order);

  auto model = nn::make_model(flavour, notebook_weight(), kNotebookBias);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.01));
  const nn::Loss loss = nn::make_loss(flavour);
  Run result;
  result.history = nn::train(*model, train_loader, valid_loader, loss, sgd, 10);
  result.test = nn::evaluate(*model, test_loader, loss);
  return result;
}
// [demo-setup]

// The figure's runs: the same, but the batches in order (shuffle=False), as
// tests/goldens/make_ch06_goldens.py trained PyTorch for the goldens that
// the figure draws next to these histories.
nn::History in_order_history(nn::Flavour flavour,
                             const data::NotebookData& split) {
  data::TensorDataset train(split.train.features, split.train.labels);
  data::TensorDataset valid(split.valid.features, split.valid.labels);
  data::DataLoaderOptions in_order;
  in_order.batch_size = 5;
  data::DataLoader train_loader(train, in_order);
  data::DataLoader valid_loader(valid, in_order);
  auto model = nn::make_model(flavour, notebook_weight(), kNotebookBias);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.01));
  return nn::train(*model, train_loader, valid_loader, nn::make_loss(flavour),
                   sgd, 10);
}

double largest_difference(const nn::History& a, const nn::History& b) {
  double worst = 0.0;
  for (std::size_t e = 0; e < a.size(); ++e) {
    worst = std::max({worst, std::abs(a[e].train_loss - b[e].train_loss),
                      std::abs(a[e].valid_loss - b[e].valid_loss),
                      std::abs(a[e].valid_accuracy - b[e].valid_accuracy),
                      std::abs(a[e].bias - b[e].bias)});
    for (std::size_t j = 0; j < a[e].weight.size(); ++j) {
      worst =
          std::max(worst, std::abs(a[e].weight.flat(j) - b[e].weight.flat(j)));
    }
  }
  return worst;
}

// The notebook's runs, both shuffled by the global generator the way the
// PyTorch of its day did it: torch.manual_seed(123), then (off-the-shelf
// run only) nn.Linear's default init drawn from it, then the batches.
Run published_run(nn::Flavour flavour, const data::NotebookData& split) {
  data::TensorDataset train(split.train.features, split.train.labels);
  data::TensorDataset valid(split.valid.features, split.valid.labels);
  data::manual_seed(123);
  auto model = flavour == nn::Flavour::builtin
                   ? nn::make_model(flavour, 10, data::default_generator())
                   : nn::make_model(flavour, notebook_weight(), kNotebookBias);
  data::DataLoader train_loader(
      train, nn::training_loader_options(train.size(), 5, true,
                                         nn::Shuffling::torch_legacy, 123));
  data::DataLoaderOptions in_order;
  in_order.batch_size = 5;
  data::DataLoader valid_loader(valid, in_order);
  optim::SGD sgd(model->parameters(), optim::SGDOptions(0.01));
  Run result;
  result.history = nn::train(*model, train_loader, valid_loader,
                             nn::make_loss(flavour), sgd, 10);
  return result;
}

// The largest difference between the two runs' train loss, valid loss and
// accuracy and what the notebook printed for them (its float32 runs, copied
// into expected/notebook_printed.txt: custom in words 1-3, off-the-shelf in
// words 4-6 of each epoch's line).
double gap_to_printed(const Run& custom, const Run& builtin) {
  std::ifstream in(BLOCKS_CH06_NOTEBOOK_PRINTED);
  if (!in) throw blocks::IOError("cannot read " BLOCKS_CH06_NOTEBOOK_PRINTED);
  double gap = 0.0;
  std::size_t e = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    double epoch = 0.0, printed[6] = {};
    words >> epoch;
    for (double& p : printed) words >> p;
    const nn::EpochRecord& c = custom.history.at(e);
    const nn::EpochRecord& b = builtin.history.at(e++);
    const double ours[6] = {c.train_loss, c.valid_loss, c.valid_accuracy,
                            b.train_loss, b.valid_loss, b.valid_accuracy};
    for (int k = 0; k < 6; ++k)
      gap = std::max(gap, std::abs(ours[k] - printed[k]));
  }
  if (e != custom.history.size()) {
    throw blocks::IOError(BLOCKS_CH06_NOTEBOOK_PRINTED " has " +
                          std::to_string(e) + " epochs");
  }
  return gap;
}

// The published table: the custom run next to the off-the-shelf one.
int print_published(const data::NotebookData& split) {
  const Run custom = published_run(nn::Flavour::custom, split);
  const Run builtin = published_run(nn::Flavour::builtin, split);
  // What the off-the-shelf run drew is what the notebook printed.
  data::TorchGenerator seeded(123);
  const nn::LinearInit drawn = nn::torch_default_init(10, seeded);
  double init_gap = std::abs(drawn.bias - kNotebookBias);
  for (std::size_t j = 0; j < 10; ++j) {
    init_gap = std::max(
        init_gap, std::abs(drawn.weight.flat(j) - notebook_weight().flat(j)));
  }
  std::cout << std::setprecision(6)
            << "The notebook's two runs, each after torch.manual_seed(123), "
               "shuffled by the\nnotebook-era sampler. custom: the printed "
               "weights (nothing drawn);\noff-the-shelf: nn.Linear's default "
               "init (11 draws), then the same stream.\n\n"
            << "      |            custom            |        off-the-shelf\n"
            << "epoch |  train     valid     acc      |  train     valid     "
               "acc\n";
  for (std::size_t e = 0; e < custom.history.size(); ++e) {
    const nn::EpochRecord& c = custom.history[e];
    const nn::EpochRecord& b = builtin.history[e];
    std::cout << std::setw(5) << c.epoch << " | " << c.train_loss << "  "
              << c.valid_loss << "  " << c.valid_accuracy << " | "
              << b.train_loss << "  " << b.valid_loss << "  "
              << b.valid_accuracy << "\n";
  }
  std::cout << std::scientific << std::setprecision(1)
            << "\nthe same start: the off-the-shelf init is the printed "
               "weights to "
            << init_gap << "\n"
            << "the numbers the notebook printed (its float32 runs) are the "
               "table's to "
            << gap_to_printed(custom, builtin) << "\n";
  return 0;
}

// The numbers of a table file, one vector per line; lines starting with
// '#' or `skip` are left out.
std::vector<std::vector<double>> read_table(const std::string& path,
                                            const std::string& skip) {
  std::ifstream in(path);
  if (!in) throw blocks::IOError("cannot read " + path);
  std::vector<std::vector<double>> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#' || line.rfind(skip, 0) == 0) continue;
    std::istringstream words(line);
    rows.emplace_back();
    for (double x = 0.0; words >> x;) rows.back().push_back(x);
  }
  return rows;
}

// The published table three ways: per run, each epoch's train loss as the
// notebook printed it (float32), as PyTorch 1.13 recomputed it in float64
// (tests/goldens/ch06/table_*.txt) and as we compute it, with our distance
// to the printed number. All six series are checked against PyTorch.
int print_published_compare(const data::NotebookData& split) {
  const auto printed = read_table(BLOCKS_CH06_NOTEBOOK_PRINTED, "test");
  const nn::Flavour flavours[] = {nn::Flavour::custom, nn::Flavour::builtin};
  const char* names[] = {"custom", "off-the-shelf"};
  double to_torch = 0.0, to_printed = 0.0;
  for (int f = 0; f < 2; ++f) {
    const auto torch =
        read_table(std::string(BLOCKS_CH06_TABLE_GOLDENS) + "/table_" +
                       nn::to_string(flavours[f]) + ".txt",
                   "test");
    const nn::History ours = published_run(flavours[f], split).history;
    if (printed.size() != ours.size() || torch.size() != ours.size()) {
      throw blocks::IOError("a table has not " + std::to_string(ours.size()) +
                            " epochs");
    }
    std::cout << (f == 0 ? "" : "\n") << names[f]
              << " run, train loss per epoch\n"
              << "epoch  published   PyTorch 1.13  blocks      "
                 "blocks - published\n";
    for (std::size_t e = 0; e < ours.size(); ++e) {
      const double mine[3] = {ours[e].train_loss, ours[e].valid_loss,
                              ours[e].valid_accuracy};
      for (int k = 0; k < 3; ++k) {
        to_torch = std::max(to_torch, std::abs(mine[k] - torch[e].at(1 + k)));
        to_printed = std::max(to_printed,
                              std::abs(mine[k] - printed[e].at(1 + 3 * f + k)));
      }
      const double published = printed[e].at(1 + 3 * f);
      std::cout << std::fixed << std::setprecision(8) << std::setw(5)
                << ours[e].epoch << "  " << published << "  " << torch[e].at(1)
                << "    " << ours[e].train_loss << "  " << std::scientific
                << std::setprecision(1) << std::showpos
                << ours[e].train_loss - published << std::noshowpos << "\n";
    }
  }
  // Our float64 runs against PyTorch's are equal to rounding; against the
  // notebook's float32 runs, to float32's rounding (the test's 1e-7).
  const bool same = to_torch < 1e-10 && to_printed < 1e-7;
  std::cout << std::scientific << std::setprecision(1)
            << "\nall six series (train loss, valid loss, accuracy; both "
               "runs):\n"
            << "  |blocks - PyTorch 1.13| below 1e-10: "
            << (to_torch < 1e-10 ? "yes" : "NO") << "\n"
            << "  |blocks - published| at most " << to_printed << "\n";
  return same ? 0 : 1;
}

// The notebook's cross-comparison: each flavour's three numbers per epoch.
void print_table(const Run& custom, const Run& builtin) {
  std::cout << "epoch | custom: train   valid  acc    | builtin: train   "
               "valid  acc\n";
  for (std::size_t e = 0; e < custom.history.size(); ++e) {
    const nn::EpochRecord& c = custom.history[e];
    const nn::EpochRecord& b = builtin.history[e];
    std::cout << std::setw(5) << c.epoch << " |         " << c.train_loss << " "
              << c.valid_loss << " " << c.valid_accuracy << " |          "
              << b.train_loss << " " << b.valid_loss << " " << b.valid_accuracy
              << "\n";
  }
  std::cout << " test |                " << custom.test.loss << " "
            << custom.test.accuracy << " |                  "
            << builtin.test.loss << " " << builtin.test.accuracy << "\n";
}

// One block per flavour (custom, then builtin; gnuplot's `index` 0 and 1),
// each line in the goldens' layout: epoch, the three metrics, b, w0..w9.
void write_curves(const std::string& path, const data::NotebookData& split) {
  const nn::Flavour flavours[] = {nn::Flavour::custom, nn::Flavour::builtin};
  const char* names[] = {"custom", "builtin"};
  // Atomically, and an IOError naming the file when it cannot be written.
  blocks::write_file_atomically(path, [&](std::ostream& out) {
    out << std::setprecision(17);
    for (int f = 0; f < 2; ++f) {
      out << (f == 0 ? "" : "\n\n") << "# " << names[f]
          << ", batches in order: epoch train_loss valid_loss valid_accuracy"
             " bias w0 ... w9\n";
      for (const nn::EpochRecord& e : in_order_history(flavours[f], split)) {
        out << e.epoch << " " << e.train_loss << " " << e.valid_loss << " "
            << e.valid_accuracy << " " << e.bias;
        for (std::size_t j = 0; j < e.weight.size(); ++j) {
          out << " " << e.weight.flat(j);
        }
        out << "\n";
      }
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const data::NotebookData split = data::notebook_split(
        data::make_classification(data::notebook_options()));
    if (argc == 2 && std::strcmp(argv[1], "--published") == 0) {
      std::cout << std::fixed;
      return print_published(split);
    }
    if (argc == 2 && std::strcmp(argv[1], "--published-compare") == 0) {
      return print_published_compare(split);
    }
    std::cout << std::fixed << std::setprecision(4);
    std::cout << "The notebook's data: " << split.train.features.shape(0)
              << " train, " << split.valid.features.shape(0) << " valid, "
              << split.test.features.shape(0) << " test samples of "
              << split.train.features.shape(1) << " features\n"
              << "batch 5, lr 0.01, plain SGD, 10 epochs, the notebook's "
                 "initial weights\n\n";

    // [demo-same-order]
    const Run custom = run(nn::Flavour::custom, split, 123);
    const Run builtin = run(nn::Flavour::builtin, split, 123);
    // [demo-same-order]
    std::cout << "Same batch order (both loaders seeded with 123):\n";
    print_table(custom, builtin);
    const double worst = largest_difference(custom.history, builtin.history);
    std::cout << "largest |custom - builtin| over losses, accuracies and "
                 "parameters below 1e-12: "
              << (worst < 1e-12 ? "yes" : "NO") << "\n\n";

    const Run other = run(nn::Flavour::builtin, split, 42);
    std::cout << "Different batch orders (custom seeded with 123, builtin "
                 "with 42):\n";
    print_table(custom, other);

    if (argc == 3 && std::strcmp(argv[1], "--curves") == 0) {
      write_curves(argv[2], split);
    } else if (argc != 1) {
      std::cerr << "usage: 06_training [--curves FILE | --published | "
                   "--published-compare]\n";
      return 2;
    }
    return worst < 1e-12 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "06_training: " << error.what() << "\n";
    return 1;
  }
}
