#pragma once
// A vector that keeps its first N elements inside itself and goes to the
// heap only past them. A node and its Context hold five short lists (one
// entry per argument or output, rarely more than three); as std::vectors
// each cost a reserve, a block taken and a block given back per recorded
// operation. Keeping them inline, and building the edges where they stay,
// took some 250 instructions off every recorded operation (callgrind, the
// notebook's steps).
// llvm::SmallVector and boost::container::small_vector are the models;
// this one has only what the engine uses, and copies, so that a Context
// and a node copy as they did with std::vectors.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace blocks::detail {

template <class T, std::size_t N>
class SmallVector {
  static_assert(N > 0, "SmallVector keeps at least one element inline");
  static_assert(std::is_nothrow_move_constructible_v<T>,
                "growing moves the elements and must not throw halfway");

 public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() noexcept = default;
  SmallVector(const SmallVector& other) {
    try {
      append_copies(other);
    } catch (...) {  // a copy threw: no destructor will run for us
      release();
      throw;
    }
  }
  SmallVector(SmallVector&& other) noexcept { take(std::move(other)); }
  SmallVector& operator=(const SmallVector& other) {
    if (this != &other) {
      clear();
      append_copies(other);
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& other) noexcept {
    if (this != &other) {
      release();
      take(std::move(other));
    }
    return *this;
  }
  ~SmallVector() { release(); }

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t capacity() const noexcept { return capacity_; }
  T* data() noexcept { return data_; }
  const T* data() const noexcept { return data_; }
  T* begin() noexcept { return data_; }
  T* end() noexcept { return data_ + size_; }
  const T* begin() const noexcept { return data_; }
  const T* end() const noexcept { return data_ + size_; }
  T& operator[](std::size_t i) noexcept { return data_[i]; }
  const T& operator[](std::size_t i) const noexcept { return data_[i]; }
  T& back() noexcept { return data_[size_ - 1]; }
  // Destroys the last element; the vector must not be empty.
  void pop_back() noexcept {
    --size_;
    std::destroy_at(data_ + size_);
  }

  void reserve(std::size_t wanted) {
    if (wanted > capacity_) grow_to(wanted);
  }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_) grow_to(2 * capacity_);
    T* slot = ::new (static_cast<void*>(data_ + size_))
        T(std::forward<Args>(args)...);
    ++size_;
    return *slot;
  }
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }

  template <class It>
  void assign(It first, It last) {
    clear();
    reserve(static_cast<std::size_t>(std::distance(first, last)));
    for (; first != last; ++first) emplace_back(*first);
  }

  // Destroys the elements; the storage, inline or not, is kept.
  void clear() noexcept {
    std::destroy(begin(), end());
    size_ = 0;
  }
  // Destroys the elements and gives back heap storage, if any.
  void release() noexcept {
    clear();
    if (on_heap()) {
      ::operator delete(static_cast<void*>(data_));
      data_ = inline_data();
      capacity_ = N;
    }
  }

 private:
  T* inline_data() noexcept {
    return std::launder(reinterpret_cast<T*>(inline_));
  }
  bool on_heap() const noexcept {
    return data_ != reinterpret_cast<const T*>(inline_);
  }

  void grow_to(std::size_t wanted) {
    T* bigger = static_cast<T*>(::operator new(wanted * sizeof(T)));
    std::uninitialized_move(begin(), end(), bigger);
    std::destroy(begin(), end());
    if (on_heap()) ::operator delete(static_cast<void*>(data_));
    data_ = bigger;
    capacity_ = wanted;
  }

  void append_copies(const SmallVector& other) {
    reserve(other.size_);
    for (const T& value : other) emplace_back(value);
  }

  // Called on an empty vector with inline storage: steals other's heap
  // storage, or moves its inline elements: plain values (pointers, flags)
  // as the whole inline block, a copy of fixed size that compiles to a few
  // moves, where copying just the elements calls memmove.
  void take(SmallVector&& other) noexcept {
    if (other.on_heap()) {
      data_ = other.data_;
      size_ = other.size_;
      capacity_ = other.capacity_;
      other.data_ = other.inline_data();
      other.size_ = 0;
      other.capacity_ = N;
      return;
    }
    if constexpr (std::is_trivially_copyable_v<T>) {
      std::memcpy(inline_, other.inline_, sizeof(inline_));
    } else {
      std::uninitialized_move(other.begin(), other.end(), data_);
    }
    size_ = other.size_;
    other.clear();
  }

  alignas(T) unsigned char inline_[N * sizeof(T)];
  T* data_ = inline_data();
  std::size_t size_ = 0;
  std::size_t capacity_ = N;
};

}  // namespace blocks::detail
