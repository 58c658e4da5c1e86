#!/usr/bin/python3
"""The Python and PyTorch twins of cpp_primer.cpp, section by section, for
the page "C++ for PyTorch users". Run from the repository root with
Debian's interpreter, which has torch:
    /usr/bin/python3 primer/cpp_primer.py
Its output is checked against expected/cpp_primer_py.out where torch is
installed.
"""
import sys
from dataclasses import dataclass
from typing import Optional, Union

import torch


def values():
    print("== values")
    # [py-values-copy]
    a = [1, 2, 3]
    b = a          # a second name for the same list (C++: a reference)
    b[0] = 100     # changes a too
    c = a.copy()   # a copy (C++: plain assignment copies)
    c[1] = 200     # a is unchanged
    x = torch.zeros(2)
    y = x          # the same tensor; x.clone() would copy
    y += 1
    print("a =", a, "x =", x)
    # [py-values-copy]


# [py-values-passing]
def scale_(xs, k):
    # Python passes every argument by reference: the caller sees this.
    for i in range(len(xs)):
        xs[i] *= k   # the trailing _ means "in place", as in x.mul_(k)
# [py-values-passing]


class Node:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("  freed", self.name)


def ownership():
    print("== ownership")
    # [py-ownership]
    a = Node("grad_fn")
    b = a                                # a second reference
    print("  owners:", sys.getrefcount(a) - 1)  # minus getrefcount's own
    del b
    print("  owners:", sys.getrefcount(a) - 1)
    del a                                # the count hits 0: freed now
    # [py-ownership]


def raii():
    print("== raii")
    # [py-raii]
    with torch.no_grad():
        print("inside:", torch.is_grad_enabled())
    print("after:", torch.is_grad_enabled())
    try:
        with torch.no_grad():
            raise ValueError("something failed")
    except ValueError:
        print("after a raise:", torch.is_grad_enabled())
    # [py-raii]


# [py-classes]
class Squares(torch.utils.data.Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):          # C++: size() const override
        return self.n

    def __getitem__(self, i):   # C++: get(i) const override
        return float(i * i)


def last_item(data):            # any object with __len__ and __getitem__
    return data[len(data) - 1]
# [py-classes]


# [py-templates]
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return 2 * x * grad


def twice(x):
    return x + x   # checked when it runs, for whatever x is
# [py-templates]


def classes_and_templates():
    print("== classes")
    squares = Squares(4)
    print(f"size {len(squares)}, last {last_item(squares):g}")
    print("== templates")
    x = torch.tensor(3.0, requires_grad=True)
    y = Square.apply(x)
    y.backward()
    print(f"  y = {y.item():g}, dy/dx = {x.grad.item():g}")
    print("  twice:", twice(21), twice(1.25), twice("ab"))


def lambdas():
    print("== lambdas")
    # [py-lambdas]
    k = 2
    late = lambda x: k * x         # reads k when called, like [&k]
    bound = lambda x, k=k: k * x   # copies k now, like [k]
    k = 10
    print(bound(1), late(1))

    calls = 0

    def closure():                 # what optimizer.step(closure) takes
        nonlocal calls
        calls += 1
        return 0.5
    loss = closure() + closure()
    print("loss", loss, "after", calls, "calls")
    # [py-lambdas]


# [py-optional]
@dataclass
class Options:
    lr: Optional[float] = None    # C++: std::optional<double>
    momentum: float = 0.0


OptionValue = Union[float, bool]  # C++: std::variant<double, bool>
# [py-optional]


def optionals():
    print("== optional")
    options = Options()
    print("lr set?", options.lr is not None)
    options.lr = 0.1
    default = Options().lr
    print(f"lr = {options.lr}, or",
          default if default is not None else 0.01, "by default")


# [py-exceptions]
def mean(xs):
    if not xs:
        raise ValueError("mean: empty input")
    return sum(xs) / len(xs)


def exceptions():
    print("== exceptions")
    try:
        mean([])
    except IndexError as e:        # not this one: no match
        print("index:", e)
    except Exception as e:         # the base catches every subclass
        print("error:", e)
# [py-exceptions]


def containers():
    print("== containers")
    # [py-containers]
    labels = []
    labels.append(1)
    labels.append(0)
    as_tensor = torch.tensor(labels)   # dtype torch.int64
    name = "blocks"
    name += "::Tensor"
    print(name + ",", len(labels), "labels,", as_tensor.dtype)
    print("len([]) - 1 =", len([]) - 1)   # Python ints have a sign
    for x in reversed([1, 2, 3]):
        print(x, end=" ")
    print()
    # [py-containers]


def lazy():
    print("== xtensor")
    # [py-eager]
    a = torch.tensor([1.0, 2.0, 3.0])
    b = torch.tensor([10.0, 20.0, 30.0])
    c = a + b      # PyTorch is eager: computed now, into new memory
    a[0] = 100
    print("c", c)
    # [py-eager]


if __name__ == "__main__":
    values()
    xs = [1, 2, 3]
    scale_(xs, 10)
    print("sum after scale_:", sum(xs))
    ownership()
    raii()
    classes_and_templates()
    lambdas()
    optionals()
    exceptions()
    containers()
    lazy()
