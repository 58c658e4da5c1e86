// The per-thread store behind spare_gradients(): vectors given back by the
// engine after a walk, kept with their small gradient tensors, which the
// next backward of the same shapes writes over instead of building anew.
#include "blocks/autograd/detail/spare_gradients.hpp"

#include <utility>

namespace blocks::autograd::detail {

namespace {

using Gradients = std::vector<std::optional<Tensor>>;

// A training step's walk returns a few short vectors; a thread keeps at
// most this many, each of at most kKeptCapacity entries, with their
// tensors when these hold at most kKeptElements elements together.
constexpr std::size_t kKeptVectors = 32;
constexpr std::size_t kKeptCapacity = 16;
constexpr std::size_t kKeptElements = 1024;

struct Store {
  std::vector<Gradients> kept;
  // After this thread's store is destroyed (a backward run by a static
  // destructor), vectors are made and freed as usual.
  ~Store() { gone = true; }
  static inline thread_local bool gone = false;
};

Store& store_of_this_thread() {
  thread_local Store store;
  return store;
}

}  // namespace

Gradients spare_gradients(std::size_t count) {
  if (!Store::gone) {
    std::vector<Gradients>& kept = store_of_this_thread().kept;
    if (!kept.empty()) {
      Gradients grads = std::move(kept.back());
      kept.pop_back();
      grads.resize(count);  // the entries kept, or empty ones added
      return grads;
    }
  }
  return Gradients(count);
}

void give_back_gradients(Gradients&& spent) {
  if (Store::gone || spent.capacity() == 0 ||
      spent.capacity() > kKeptCapacity) {
    return;
  }
  // The tensors stay for the next backward of the same shapes, unless
  // together they are large: a thread does not hold that memory.
  std::size_t elements = 0;
  for (const auto& g : spent) elements += g ? g->storage().size() : 0;
  if (elements > kKeptElements) spent.clear();
  // When full, the oldest goes: vectors that no backward takes back (a
  // taught Function's, which builds its own) must not crowd out the ones
  // the next walk will ask for.
  std::vector<Gradients>& kept = store_of_this_thread().kept;
  if (kept.size() == kKeptVectors) kept.erase(kept.begin());
  kept.push_back(std::move(spent));
}

}  // namespace blocks::autograd::detail
