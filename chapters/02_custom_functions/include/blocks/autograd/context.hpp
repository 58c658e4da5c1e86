#pragma once
/// \file
/// \brief `Context`: what a Function's `forward` leaves for its `backward`
/// (`ctx` in PyTorch).

#include <any>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "blocks/autograd/detail/small_vector.hpp"
#include "blocks/autograd/variable.hpp"
#include "blocks/detail/recycling_allocator.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

// [context-class]
/// \brief What `forward` leaves for `backward` (`ctx` in PyTorch,
/// `AutogradContext` in LibTorch).
class Context {
 public:
  /// \brief Keeps tensors for backward, like `ctx.save_for_backward(a, b)`.
  /// Call at most once. A forward input is kept by reference, as PyTorch
  /// keeps it, and watched by the version counter; any other tensor is
  /// copied.
  template <class... Ts>
  void save_for_backward(Ts&&... tensors) {
    static_assert((std::is_convertible_v<Ts, const Tensor&> && ...),
                  "save_for_backward takes tensors");
    // With no input needing a gradient (under NoGradGuard, say) no node is
    // made and no backward will read them: keep nothing.
    if (!any_input_needs_grad()) return;
    saved_.reserve(saved_.size() + sizeof...(Ts));
    (save_one(static_cast<const Tensor&>(tensors)), ...);
    saved_any_ = true;
  }
  /// \brief Copies of the saved tensors, in order (`ctx.saved_tensors`).
  /// \throws AutogradError once freed by a backward without retain_graph.
  std::vector<Tensor> saved() const;
  /// \brief The `i`-th saved tensor (no copy).
  /// \throws AutogradError once freed by a backward without retain_graph.
  const Tensor& saved(std::size_t i) const;
  /// \brief Whether forward argument `i` (counting every argument, as in
  /// Python) needs a gradient: false for non-tensors and constants.
  bool needs_input_grad(std::size_t i) const;
  /// \brief Non-tensor state for backward (LibTorch's `saved_data`), e.g.
  /// `ctx.saved_data["k"] = 3.0`, read with `std::any_cast<double>`.
  std::map<std::string, std::any> saved_data;
  // [context-class]

  /// \brief Frees the saved tensors (the engine calls it).
  void release();
  /// \brief Throws PyTorch's in-place error if a saved input changed.
  /// \param function  the node's name, for the message
  void check_versions(const std::string& function) const;
  /// \brief Set by Function<T>::apply before forward runs: one flag per
  /// argument, a byte each (a `vector<bool>` packs them into bits, and
  /// reading and writing bits cost more than the flags are worth).
  blocks::detail::SmallVector<unsigned char, 8> needs_input_grad_;
  /// \brief The Variable arguments, by argument position (null for
  /// non-tensors), so save_for_backward can recognise inputs. They point
  /// to apply()'s own arguments, so they are only set while apply() runs:
  /// copying each Variable in and out again cost more than the pointers.
  blocks::detail::SmallVector<const Variable*, 4> inputs_;

 private:
  void save_one(const Tensor& t);
  bool any_input_needs_grad() const;
  // One saved tensor. An input is kept as its Variable (sharing its value,
  // no copy) with the version it had; anything else is copied, since no
  // Variable owns it.
  // For an input, `value` points to its value (which `input` keeps
  // alive), so that saved(i) needs no call into Variable; null for a copy.
  struct Saved {
    // Not `= default`: emplace_back() would value-initialise the entry,
    // zeroing all of its bytes (the empty optional's space for a tensor
    // too) before the members' own initialisers run.
    Saved() noexcept {}
    Variable input;
    const Tensor* value = nullptr;
    std::uint64_t version = 0;
    std::optional<Tensor> copy;
  };
  // saved(i)'s errors: freed, or no tensor i.
  [[noreturn]] void saved_error(std::size_t i) const;
  blocks::detail::RecycledVector<Saved> saved_;
  bool saved_any_ = false;
  bool released_ = false;
};

// Inline: a backward reads these for every node of every training step.
inline const Tensor& Context::saved(std::size_t i) const {
  if ((released_ && saved_any_) || i >= saved_.size()) saved_error(i);
  const Saved& s = saved_[i];
  return s.value ? *s.value : *s.copy;
}

inline bool Context::needs_input_grad(std::size_t i) const {
  return i < needs_input_grad_.size() && needs_input_grad_[i] != 0;
}

}  // namespace blocks::autograd
