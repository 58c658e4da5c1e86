#pragma once
// Scratch objects kept per thread from one use to the next, so that work
// repeated every training step (a backward walk's vectors, the vector of
// gradients a Function's backward reads) does not allocate them again.
#include <memory>
#include <utility>
#include <vector>

namespace blocks::autograd::detail {

// One T of this thread's, for as long as the lease lives: a spare one, or
// a new one when none is spare (a backward inside a backward gets its
// own). When the lease ends, `tidy(T&)` empties the T and says whether it
// is worth keeping (one grown too large is freed instead, so a thread
// does not hold its memory).
template <class T, bool (*tidy)(T&)>
class SpareLease {
 public:
  SpareLease() {
    Spares& spares = spares_of_this_thread();
    if (spares_gone || spares.kept.empty()) {
      spare_ = std::make_unique<T>();
    } else {
      spare_ = std::move(spares.kept.back());
      spares.kept.pop_back();
    }
  }
  ~SpareLease() {
    if (spares_gone || !tidy(*spare_)) return;
    spares_of_this_thread().kept.push_back(std::move(spare_));
  }
  SpareLease(const SpareLease&) = delete;
  SpareLease& operator=(const SpareLease&) = delete;
  T& operator*() { return *spare_; }

 private:
  struct Spares {
    std::vector<std::unique_ptr<T>> kept;
    // After this thread's spares are destroyed (a backward run by a static
    // destructor), a lease makes its own and does not give it back.
    ~Spares() { spares_gone = true; }
  };
  static Spares& spares_of_this_thread() {
    thread_local Spares spares;
    return spares;
  }
  static inline thread_local bool spares_gone = false;
  std::unique_ptr<T> spare_;
};

}  // namespace blocks::autograd::detail
