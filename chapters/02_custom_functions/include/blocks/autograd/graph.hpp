#pragma once
/// \file
/// \brief The backward graph: `Edge`, `Node` (PyTorch's `grad_fn`) and the
/// `AccumulateGrad` sink behind a leaf.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "blocks/autograd/detail/small_vector.hpp"
#include "blocks/tensor.hpp"

namespace blocks::autograd {

class Node;
class Variable;

namespace detail {
struct VariableImpl;
}  // namespace detail

/// \brief An edge of the backward graph: the gradient produced here flows
/// into input slot `input_nr` of `function`.
struct Edge {
  /// \brief The node that receives the gradient (null: no gradient needed).
  std::shared_ptr<Node> function;
  /// \brief Which of that node's gradient inputs it feeds.
  std::size_t input_nr = 0;
  /// \brief True when the edge leads somewhere.
  bool valid() const { return function != nullptr; }
};

/// \brief A node's edges, one per input of its operation: three kept
/// inline, so that recording an operation allocates no list for them.
using EdgeList = blocks::detail::SmallVector<Edge, 3>;

/// \brief A node of the backward graph (PyTorch's `grad_fn`): it turns the
/// gradients of an operation's outputs into gradients of its inputs.
class Node : public std::enable_shared_from_this<Node> {
 public:
  /// \brief Frees a long chain of nodes without recursing through it.
  virtual ~Node();
  /// \brief The name PyTorch users know, e.g. `"MulBackward"`,
  /// `"LinearFunctionBackward"` or `"AccumulateGrad"`.
  virtual std::string name() const = 0;
  /// \brief How many gradients this node receives: one per output of the
  /// forward operation.
  virtual std::size_t num_inputs() const = 0;
  /// \brief Computes one gradient per outgoing edge from one gradient per
  /// forward output (the engine calls this, and the node may move from
  /// `grads`). In both lists `std::nullopt` means "no gradient": an output
  /// no gradient reached, an input that gets none. An empty tensor is a
  /// real gradient, that of an empty value. Entries for invalid edges are
  /// ignored.
  virtual std::vector<std::optional<Tensor>> apply(
      std::vector<std::optional<Tensor>>&& grads) = 0;
  /// \brief apply() as the engine calls it: `grads[k]` points to the
  /// gradient of output k where the engine keeps it (null: none reached
  /// it), and the node may move from it. The engine passes gradients on
  /// this way because moving a small tensor costs as much as making one.
  /// By default, moves them into a vector and calls apply().
  virtual std::vector<std::optional<Tensor>> apply_from(Tensor* const* grads,
                                                        std::size_t count);
  /// \brief Frees what was saved for backward (after a backward without
  /// `retain_graph`).
  virtual void release() {}
  /// \brief Where the input gradients go, one edge per forward input.
  const EdgeList& next_edges() const { return next_edges_; }
  /// \brief Creation order; later nodes run first when several are ready.
  std::uint64_t sequence_nr() const { return sequence_nr_; }

  /// \brief The engine's bookkeeping, kept on the node so that a backward
  /// pass needs no hash map: which walk reached the node last, and the
  /// node's position in that walk's order.
  struct WalkMark {
    std::uint64_t walk = 0;    ///< the id of the walk (0: none yet)
    std::size_t position = 0;  ///< where the node stands in its order
  };
  /// \brief The mark the engine reads and writes (nothing else uses it).
  WalkMark& walk_mark() { return walk_mark_; }

 protected:
  Node();
  /// \brief The edges, set once by whoever builds the node.
  // Inline up to three edges (EdgeList), so a node allocates no list.
  EdgeList next_edges_;

 private:
  std::uint64_t sequence_nr_;
  WalkMark walk_mark_;
};

/// \brief The sink behind a leaf that requires grad: it adds the incoming
/// gradient into the leaf's `grad()` (PyTorch's `AccumulateGrad`).
class AccumulateGrad final : public Node {
 public:
  /// \brief The sink for `variable`, which must be a leaf. The leaf keeps
  /// its sink; the sink points back weakly, so the two form no cycle.
  explicit AccumulateGrad(
      const std::shared_ptr<detail::VariableImpl>& variable);
  std::string name() const override { return "AccumulateGrad"; }
  std::size_t num_inputs() const override { return 1; }
  std::vector<std::optional<Tensor>> apply(
      std::vector<std::optional<Tensor>>&& grads) override;
  /// \brief Adds `*grads[0]` into the leaf's `grad()` where it lies.
  std::vector<std::optional<Tensor>> apply_from(Tensor* const* grads,
                                                std::size_t count) override;
  /// \brief The leaf this sink feeds; undefined once the leaf is freed.
  Variable variable() const;

 private:
  std::vector<std::optional<Tensor>> accumulate(Tensor* gradient);
  std::weak_ptr<detail::VariableImpl> variable_;
  // What variable_ points to, read only while it has not expired.
  detail::VariableImpl* leaf_;
};

}  // namespace blocks::autograd
