#pragma once
// Scratch objects kept per thread from one use to the next, so that work
// repeated every training step (a backward walk's vectors, the vector of
// gradients a Function's backward reads) does not allocate them again.
#include <cstddef>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace blocks::autograd::detail {

// One T of this thread's, for as long as the lease lives: a spare one, or
// a new one when none is spare (a backward inside a backward gets its
// own). When the lease ends, `tidy(T&)` empties the T and says whether it
// is worth keeping (one grown too large is freed instead, so a thread
// does not hold its memory). A lease may name a key: it then gets only a
// spare given back under that key, so that each kind of user (each
// Function's backward) finds what its own last use left, tensors of the
// right shapes included. A thread keeps at most kKept spares.
template <class T, bool (*tidy)(T&)>
class SpareLease {
 public:
  explicit SpareLease(const void* key = nullptr) : key_(key) {
    if (!spares_gone) {
      auto& kept = spares_of_this_thread().kept;
      for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        if (it->first == key) {  // the last one given back under this key
          spare_ = std::move(it->second);
          kept.erase(std::prev(it.base()));
          return;
        }
      }
    }
    spare_ = std::make_unique<T>();
  }
  ~SpareLease() {
    if (spares_gone || !tidy(*spare_)) return;
    auto& kept = spares_of_this_thread().kept;
    if (kept.size() < kKept) kept.emplace_back(key_, std::move(spare_));
  }
  SpareLease(const SpareLease&) = delete;
  SpareLease& operator=(const SpareLease&) = delete;
  T& operator*() { return *spare_; }

 private:
  struct Spares {
    std::vector<std::pair<const void*, std::unique_ptr<T>>> kept;
    // After this thread's spares are destroyed (a backward run by a static
    // destructor), a lease makes its own and does not give it back.
    ~Spares() { spares_gone = true; }
  };
  static Spares& spares_of_this_thread() {
    thread_local Spares spares;
    return spares;
  }
  static inline thread_local bool spares_gone = false;
  static constexpr std::size_t kKept = 64;
  const void* key_;
  std::unique_ptr<T> spare_;
};

}  // namespace blocks::autograd::detail
