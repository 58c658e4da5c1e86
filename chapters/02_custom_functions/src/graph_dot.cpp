#include <deque>
#include <map>
#include <sstream>

#include "blocks/autograd/graph_dot.hpp"
#include "blocks/format.hpp"

namespace blocks::autograd {

namespace {

std::string leaf_label(const Variable& v) {
  const std::string name = v.name().empty() ? "leaf" : v.name();
  return name + "\\n" + shape_string(v.shape());
}

}  // namespace

std::string to_dot(const Variable& root, const std::string& title) {
  std::ostringstream out;
  out << "digraph autograd {\n"
      << "  rankdir=LR;\n"
      << "  node [shape=box, style=\"rounded,filled\", "
         "fontname=\"Helvetica\", fillcolor=lightgrey];\n";
  if (!title.empty()) out << "  label=\"" << title << "\";\n";
  const std::string root_name = root.name().empty() ? "output" : root.name();
  out << "  out [label=\"" << root_name << "\\n"
      << shape_string(root.shape()) << "\", fillcolor=darkolivegreen1];\n";
  auto fn = root.grad_fn();
  if (!fn) {
    out << "}\n";
    return out.str();
  }
  // Breadth-first from the root; ids in visiting order keep the text stable.
  std::map<const Node*, std::string> ids;
  std::deque<const Node*> queue{fn.get()};
  ids[fn.get()] = "n0";
  std::ostringstream edges;
  edges << "  n0 -> out;\n";
  while (!queue.empty()) {
    const Node* node = queue.front();
    queue.pop_front();
    const std::string& id = ids[node];
    if (auto sink = dynamic_cast<const AccumulateGrad*>(node)) {
      out << "  " << id << " [label=\"" << leaf_label(sink->variable())
          << "\", fillcolor=lightblue];\n";
    } else {
      out << "  " << id << " [label=\"" << node->name() << "\"];\n";
    }
    for (const auto& e : node->next_edges()) {
      if (!e.valid()) continue;
      auto [it, fresh] = ids.try_emplace(e.function.get(), "");
      if (fresh) {
        it->second = "n" + std::to_string(ids.size() - 1);
        queue.push_back(e.function.get());
      }
      edges << "  " << it->second << " -> " << id << ";\n";
    }
  }
  out << edges.str() << "}\n";
  return out.str();
}

}  // namespace blocks::autograd
