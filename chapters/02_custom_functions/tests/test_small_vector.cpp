// SmallVector, the engine's list that keeps its first N elements inline:
// every element is constructed and destroyed exactly once, whether it
// lives inline or on the heap, moves or is copied.
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "blocks/autograd/detail/small_vector.hpp"

using blocks::detail::SmallVector;

namespace {

// Counts the live objects of its kind; a leak or a double destruction
// leaves the count off zero.
struct Counted {
  static int alive;
  std::string text;
  explicit Counted(std::string t) : text(std::move(t)) { ++alive; }
  Counted(const Counted& other) : text(other.text) { ++alive; }
  Counted(Counted&& other) noexcept : text(std::move(other.text)) { ++alive; }
  Counted& operator=(const Counted&) = default;
  Counted& operator=(Counted&&) noexcept = default;
  ~Counted() { --alive; }
};
int Counted::alive = 0;

template <std::size_t N>
std::vector<std::string> texts(const SmallVector<Counted, N>& v) {
  std::vector<std::string> out;
  for (const Counted& c : v) out.push_back(c.text);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST(SmallVector, KeepsItsFirstElementsInsideItself) {
  {
    SmallVector<Counted, 2> v;
    EXPECT_TRUE(v.empty());
    EXPECT_EQ(v.capacity(), 2u);
    const Counted* inline_start = v.data();
    v.emplace_back("a");
    v.push_back(Counted("b"));
    EXPECT_EQ(v.data(), inline_start);  // no heap yet
    EXPECT_EQ(texts(v), (Strings{"a", "b"}));
    EXPECT_EQ(Counted::alive, 2);
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(SmallVector, GrowsOntoTheHeapPastItsInlineElements) {
  {
    SmallVector<Counted, 2> v;
    for (const char* t : {"a", "b", "c", "d", "e"}) v.emplace_back(t);
    EXPECT_GE(v.capacity(), 5u);
    EXPECT_EQ(texts(v), (Strings{"a", "b", "c", "d", "e"}));
    EXPECT_EQ(Counted::alive, 5);
    v.reserve(40);
    EXPECT_EQ(v.capacity(), 40u);
    EXPECT_EQ(texts(v), (Strings{"a", "b", "c", "d", "e"}));
    v.clear();  // keeps the heap storage
    EXPECT_EQ(v.capacity(), 40u);
    EXPECT_EQ(Counted::alive, 0);
    v.emplace_back("f");
    v.release();  // back to the inline storage
    EXPECT_EQ(v.capacity(), 2u);
    EXPECT_TRUE(v.empty());
    v.emplace_back("g");
    EXPECT_EQ(texts(v), (Strings{"g"}));
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(SmallVector, MovesInlineElementsOneByOneAndHeapStorageWhole) {
  {
    SmallVector<Counted, 3> small;
    small.emplace_back("a");
    SmallVector<Counted, 3> moved(std::move(small));
    EXPECT_TRUE(small.empty());
    EXPECT_EQ(texts(moved), (Strings{"a"}));

    SmallVector<Counted, 3> big;
    for (const char* t : {"p", "q", "r", "s"}) big.emplace_back(t);
    const Counted* heap = big.data();
    SmallVector<Counted, 3> taken(std::move(big));
    EXPECT_EQ(taken.data(), heap);  // the heap block changed hands
    EXPECT_TRUE(big.empty());
    EXPECT_EQ(big.capacity(), 3u);  // and the source is inline again
    big.emplace_back("t");
    EXPECT_EQ(texts(big), (Strings{"t"}));

    moved = std::move(taken);  // over an inline vector with an element
    EXPECT_EQ(texts(moved), (Strings{"p", "q", "r", "s"}));
    taken = std::move(big);  // an inline one over an emptied one
    EXPECT_EQ(texts(taken), (Strings{"t"}));
    moved = std::move(moved);  // moving onto itself changes nothing
    EXPECT_EQ(texts(moved), (Strings{"p", "q", "r", "s"}));
    EXPECT_EQ(Counted::alive, 5);
  }
  EXPECT_EQ(Counted::alive, 0);
}

// Plain values (a Context's flags and argument pointers) move inline as a
// whole block: each vector must still hold exactly its own elements.
TEST(SmallVector, MovesPlainValuesAsABlockWithTheirCount) {
  SmallVector<unsigned char, 8> flags;
  for (unsigned char f : {1, 0, 1}) flags.push_back(f);
  SmallVector<unsigned char, 8> moved(std::move(flags));
  EXPECT_TRUE(flags.empty());
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_EQ(std::vector<unsigned char>(moved.begin(), moved.end()),
            (std::vector<unsigned char>{1, 0, 1}));

  int a = 0, b = 0;
  SmallVector<const int*, 4> pointers;
  pointers.push_back(&a);
  pointers.push_back(&b);
  SmallVector<const int*, 4> target;
  for (int i = 0; i < 4; ++i) target.push_back(nullptr);  // full, inline
  target = std::move(pointers);
  ASSERT_EQ(target.size(), 2u);  // not the four it held
  EXPECT_EQ(target[0], &a);
  EXPECT_EQ(target[1], &b);
  EXPECT_TRUE(pointers.empty());
  pointers.push_back(&b);  // the source is usable again
  EXPECT_EQ(pointers[0], &b);

  SmallVector<const int*, 4> empty;
  SmallVector<const int*, 4> none(std::move(empty));
  EXPECT_TRUE(none.empty());
}

TEST(SmallVector, CopiesAndAssignsElementByElement) {
  {
    SmallVector<Counted, 2> a;
    for (const char* t : {"x", "y", "z"}) a.emplace_back(t);
    SmallVector<Counted, 2> b(a);
    EXPECT_EQ(texts(b), (Strings{"x", "y", "z"}));
    EXPECT_NE(b.data(), a.data());
    SmallVector<Counted, 2> c;
    c.emplace_back("old");
    c = a;
    EXPECT_EQ(texts(c), (Strings{"x", "y", "z"}));
    c = c;  // self-assignment keeps the elements
    EXPECT_EQ(texts(c), (Strings{"x", "y", "z"}));
    const std::vector<Counted> source{Counted("1"), Counted("2"), Counted("3")};
    c.assign(source.begin(), source.end());
    EXPECT_EQ(texts(c), (Strings{"1", "2", "3"}));
    EXPECT_EQ(Counted::alive, 12);
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(SmallVector, HoldsSharedHandlesWithoutLosingACount) {
  auto shared = std::make_shared<int>(7);
  {
    SmallVector<std::shared_ptr<int>, 1> v;
    v.push_back(shared);
    v.push_back(shared);  // onto the heap
    SmallVector<std::shared_ptr<int>, 1> w(std::move(v));
    EXPECT_EQ(shared.use_count(), 3);
  }
  EXPECT_EQ(shared.use_count(), 1);
}

namespace {
// A Counted whose copies start failing after a set number.
struct Fragile : Counted {
  static int copies_left;
  explicit Fragile(std::string t) : Counted(std::move(t)) {}
  Fragile(const Fragile& other) : Counted(check(other)) {}
  Fragile(Fragile&&) noexcept = default;
  static const Fragile& check(const Fragile& other) {
    if (copies_left-- <= 0) throw std::runtime_error("no more copies");
    return other;
  }
};
int Fragile::copies_left = 0;
}  // namespace

TEST(SmallVector, ACopyThatThrowsHalfwayLeavesNothingBehind) {
  {
    SmallVector<Fragile, 2> source;
    for (const char* t : {"a", "b", "c", "d"}) source.emplace_back(t);
    Fragile::copies_left = 3;  // the fourth copy throws, on the heap
    using Copy = SmallVector<Fragile, 2>;
    EXPECT_THROW(Copy copy(source), std::runtime_error);
    EXPECT_EQ(Counted::alive, 4);  // only the source's
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(SmallVector, PopsItsLastElementInlineAndOnTheHeap) {
  {
    SmallVector<Counted, 2> v;
    for (const char* t : {"a", "b", "c"}) v.emplace_back(t);  // c on the heap
    EXPECT_EQ(v.back().text, "c");
    v.pop_back();
    EXPECT_EQ(texts(v), (Strings{"a", "b"}));
    EXPECT_EQ(Counted::alive, 2);
    v.pop_back();
    v.pop_back();
    EXPECT_TRUE(v.empty());
    EXPECT_EQ(Counted::alive, 0);
    v.emplace_back("d");  // the storage is still there
    EXPECT_EQ(v.back().text, "d");
  }
  EXPECT_EQ(Counted::alive, 0);
}
