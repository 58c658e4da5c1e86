#pragma once
// A per-thread cache of freed blocks, for the small things every
// operation makes and every training step drops by the dozen: a tensor's
// elements (blocks::Tensor allocates through it), and in Chapter 2 a
// VariableImpl (about 600 bytes) per result, a FunctionNode per recorded
// operation, and the short arrays of a node and its Context (one entry per
// argument of the operation: which need a gradient, their shapes, what was
// saved).
//
// Why: glibc's malloc keeps only 7 freed blocks of each size per thread.
// A training step frees twenty or more results at once; every block past
// the seventh went through malloc's slow path, and malloc and free were a
// quarter of a small step's instructions. Handing the same blocks out
// again skips them altogether. Blocks over 1024 bytes (a batch of 256
// rows, a dataset) go to operator new as before: malloc serves those well,
// and keeping them would hold memory that small steps never reuse.
#include <cstddef>
#include <new>
#include <vector>

namespace blocks::detail {

// Under AddressSanitizer nothing is kept, and every block has its exact
// size: a reused block would hide a use after free from it, and the slack
// of a size class a write past the end.
#if defined(__SANITIZE_ADDRESS__)
#define BLOCKS_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BLOCKS_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef BLOCKS_ADDRESS_SANITIZER
#define BLOCKS_ADDRESS_SANITIZER 0
#endif
inline constexpr std::size_t kBlocksKept = BLOCKS_ADDRESS_SANITIZER ? 0 : 64;

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

// The block size that serves `bytes`: the next of 64, 128, 256, 512 and
// 1024, or 0 for more (those go to operator new). Five sizes cover every
// short array of a node: a handful of entries of at most a Shape's 100
// bytes, or a Context's two saved tensors (272 bytes each).
constexpr std::size_t size_class(std::size_t bytes) {
  if (bytes <= 64) return 64;
  if (bytes <= 128) return 128;
  if (bytes <= 256) return 256;
  if (bytes <= 512) return 512;
  if (bytes <= 1024) return 1024;
  return 0;
}

inline void* take_block(std::size_t bytes) {
  if (kBlocksKept == 0) return ::operator new(bytes);
  switch (size_class(bytes)) {
    case 64:
      return BlockCache<64>::take();
    case 128:
      return BlockCache<128>::take();
    case 256:
      return BlockCache<256>::take();
    case 512:
      return BlockCache<512>::take();
    case 1024:
      return BlockCache<1024>::take();
    default:
      return ::operator new(bytes);
  }
}

inline void give_block(void* block, std::size_t bytes) noexcept {
  if (kBlocksKept == 0) return ::operator delete(block);
  switch (size_class(bytes)) {
    case 64:
      return BlockCache<64>::give(block);
    case 128:
      return BlockCache<128>::give(block);
    case 256:
      return BlockCache<256>::give(block);
    case 512:
      return BlockCache<512>::give(block);
    case 1024:
      return BlockCache<1024>::give(block);
    default:
      ::operator delete(block);
  }
}

// A standard allocator over BlockCache, for std::allocate_shared and for
// the short vectors of a node: a single object comes from the cache of its
// exact size, an array from the cache of its size class (operator new
// beyond 1024 bytes).
template <class T>
struct RecyclingAllocator {
  static_assert(alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                "the cached blocks come from operator new(size)");
  using value_type = T;
  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) {
    if (n == 1) return static_cast<T*>(BlockCache<sizeof(T)>::take());
    return static_cast<T*>(take_block(n * sizeof(T)));
  }
  void deallocate(T* block, std::size_t n) noexcept {
    if (n == 1) {
      BlockCache<sizeof(T)>::give(block);
    } else {
      give_block(block, n * sizeof(T));
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

/// A std::vector whose storage comes from RecyclingAllocator.
template <class T>
using RecycledVector = std::vector<T, RecyclingAllocator<T>>;

}  // namespace blocks::detail
