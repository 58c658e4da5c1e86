#pragma once
// A per-thread cache of freed blocks, for the objects every operation
// makes and every step drops by the dozen: a VariableImpl (about 600
// bytes) per result and, while recording, a FunctionNode per operation.
//
// Why: glibc's malloc keeps only 7 freed blocks of each size per thread.
// A training step frees twenty or more results at once; every block past
// the seventh went through malloc's slow path, and malloc and free were a
// quarter of a small step's instructions. Handing the same blocks out
// again skips them altogether.
#include <cstddef>
#include <new>

namespace blocks::autograd::detail {

// Under AddressSanitizer nothing is kept: a reused block would hide a use
// after free from it.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr std::size_t kBlocksKept = 0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr std::size_t kBlocksKept = 0;
#else
inline constexpr std::size_t kBlocksKept = 64;
#endif
#else
inline constexpr std::size_t kBlocksKept = 64;
#endif

// Up to kBlocksKept freed blocks of `Size` bytes, per thread; any more go
// back to operator delete.
template <std::size_t Size>
class BlockCache {
 public:
  static void* take() {
    if (shelf_gone) return ::operator new(Size);
    Shelf& shelf = shelf_of_this_thread();
    if (shelf.count == 0) return ::operator new(Size);
    return shelf.blocks[--shelf.count];
  }
  static void give(void* block) noexcept {
    if (!shelf_gone) {
      Shelf& shelf = shelf_of_this_thread();
      if (shelf.count < kBlocksKept) {
        shelf.blocks[shelf.count++] = block;
        return;
      }
    }
    ::operator delete(block);
  }

 private:
  struct Shelf {
    void* blocks[kBlocksKept + 1];
    std::size_t count = 0;
    // At thread exit the kept blocks go back, and later frees (a static
    // Variable destroyed after this thread's shelf) skip the cache.
    ~Shelf() {
      while (count > 0) ::operator delete(blocks[--count]);
      shelf_gone = true;
    }
  };
  static Shelf& shelf_of_this_thread() {
    thread_local Shelf shelf;
    return shelf;
  }
  // Plain data, never destroyed, so it can be read after the shelf is.
  static inline thread_local bool shelf_gone = false;
};

// A standard allocator over BlockCache, for std::allocate_shared: single
// objects come from the cache, arrays from operator new.
template <class T>
struct RecyclingAllocator {
  using value_type = T;
  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n != 1) return static_cast<T*>(::operator new(n * sizeof(T)));
    return static_cast<T*>(BlockCache<sizeof(T)>::take());
  }
  void deallocate(T* block, std::size_t n) noexcept {
    if (n != 1) {
      ::operator delete(block);
    } else {
      BlockCache<sizeof(T)>::give(block);
    }
  }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const RecyclingAllocator<U>&) const noexcept {
    return false;
  }
};

}  // namespace blocks::autograd::detail
