// SGD's step as the programs run it ("Making it fast" on the chapter
// page): a group without momentum or weight decay is updated in place,
// p += (-lr) g with one rounding per element, which is what update_group()
// computes through three new tensors (d, p - lr d, and the copy into p).
// tests/test_sgd.cpp checks that both give the same bits and state.
#include <cstring>
#include <string>

#include "blocks/optim/sgd.hpp"

namespace blocks::optim {

void SGD::update() {
  for (std::size_t g = 0; g < param_groups().size(); ++g) {
    const SGDOptions& o = typed_[g];
    if (o.momentum == 0.0 && o.weight_decay == 0.0) {
      update_in_place(g);
    } else {
      update_group(g);
    }
  }
}

namespace {
// Whether `key` is "momentum_buffer". An equality test of known length
// compiles to a few loads; comparing two std::strings calls memcmp, and
// this runs for every parameter at every step.
bool is_buffer_name(const std::string& key) {
  constexpr char kName[] = "momentum_buffer";
  constexpr std::size_t kLength = sizeof(kName) - 1;
  return key.size() == kLength && std::memcmp(key.data(), kName, kLength) == 0;
}
}  // namespace

// [sgd-in-place]
void SGD::update_in_place(std::size_t g) {
  static const std::string kBuffer = "momentum_buffer";
  const SGDOptions& o = typed_[g];
  // maximize steps along +g: fma(lr, g, p) is fma(-lr, -g, p) exactly.
  const double alpha = o.maximize ? *o.lr : -*o.lr;
  for (autograd::Variable p : param_groups()[g].params) {
    if (!p.has_grad()) continue;
    // The None buffer PyTorch records; one that is there (a loaded state
    // dict's) stays, as update_group() leaves it while momentum is 0.
    // After the first step it is the one entry: one comparison finds it,
    // where the map's search makes two.
    ParamState& kept = state(p);
    if (kept.size() != 1 || !is_buffer_name(kept.begin()->first)) {
      kept.try_emplace(kBuffer);
    }
    p.add_(p.grad(), alpha);
  }
}
// [sgd-in-place]

}  // namespace blocks::optim
