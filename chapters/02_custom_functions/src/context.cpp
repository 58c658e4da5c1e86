#include <cstdint>
#include <string>
#include <vector>

#include "blocks/autograd/context.hpp"
#include "blocks/autograd/engine.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "variable_impl.hpp"

namespace blocks::autograd {

void Context::save_one(const Tensor& t) {
  // An input is shared, not copied (a batch of 256 x 100 would cost more
  // to copy than to differentiate). It is watched instead: if its value
  // changes in place before backward, the gradient would belong to a
  // value that is gone.
  for (const Variable* input : inputs_) {
    // Through the handle's VariableImpl: Variable's own accessors are
    // calls into another file, each dearer than the comparison.
    const detail::VariableImpl* impl = input ? input->impl().get() : nullptr;
    if (impl && &impl->value == &t) {
      Saved& kept = saved_.emplace_back();
      kept.input = *input;
      kept.value = &impl->value;
      kept.version = impl->version;
      return;
    }
  }
  // Copied straight into place: building the entry and moving it in would
  // move the tensor too, which costs about as much as copying it.
  saved_.emplace_back().copy.emplace(t);
}

std::vector<Tensor> Context::saved() const {
  if (released_ && saved_any_) {
    throw AutogradError(kSecondBackwardMessage);
  }
  std::vector<Tensor> copies;
  for (std::size_t i = 0; i < saved_.size(); ++i) copies.push_back(saved(i));
  return copies;
}

void Context::saved_error(std::size_t i) const {
  if (released_ && saved_any_) {
    throw AutogradError(kSecondBackwardMessage);
  }
  throw ValueError("Context::saved: index " + std::to_string(i) + " but only " +
                   std::to_string(saved_.size()) + " tensors were saved");
}

bool Context::any_input_needs_grad() const {
  return std::find(needs_input_grad_.begin(), needs_input_grad_.end(), 1) !=
         needs_input_grad_.end();
}

void Context::release() {
  released_ = true;
  saved_.clear();
  saved_.shrink_to_fit();
}

void Context::check_versions(const std::string& function) const {
  for (std::size_t i = 0; i < saved_.size(); ++i) {
    const Saved& s = saved_[i];
    if (s.input.defined() && s.input.impl()->version != s.version) {
      throw AutogradError(
          "one of the variables needed for gradient computation has been "
          "modified by an inplace operation: [blocks::Tensor " +
          shape_string(s.input.shape()) + "], saved by " + function +
          " (saved tensor " + std::to_string(i) + "), is at version " +
          std::to_string(s.input.version()) + "; expected version " +
          std::to_string(s.version) +
          " instead. Hint: recompute the forward pass after changing the "
          "value, or save a copy.");
    }
  }
}

}  // namespace blocks::autograd
