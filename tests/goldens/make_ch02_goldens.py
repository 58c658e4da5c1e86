#!/usr/bin/python3
"""Goldens for Chapter 2 (custom functions), computed by PyTorch 1.13.1.

Run from the repository root with Debian's interpreter, which has torch:
    /usr/bin/python3 tests/goldens/make_ch02_goldens.py
It writes tests/goldens/ch02/*.txt. Each line is one tensor:
    name rank extent... value...
with values printed to 17 significant digits (they round-trip doubles).
"""
import os

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ch02")


def write(path, tensors):
    with open(os.path.join(OUT, path), "w") as f:
        for name, t in tensors:
            t = t.detach().reshape(t.shape)
            dims = " ".join(str(d) for d in t.shape)
            values = " ".join(repr(float(v)) for v in t.flatten().tolist())
            f.write(f"{name} {t.dim()} {dims} {values}".replace("  ", " ")
                    + "\n")


def logistic():
    # The demo's batch plus one sample with a large logit.
    x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [-1.0, 0.5, 2.0],
                      [2.0, 2.0, 2.0], [30.0, -4.0, 1.0]])
    y = torch.tensor([[1.0], [0.0], [1.0], [0.0], [0.0]])
    w = torch.tensor([[0.5, -1.0, 0.25]], requires_grad=True)
    b = torch.tensor([0.1], requires_grad=True)
    z = torch.nn.functional.linear(x, w, b)
    z.retain_grad()
    p = torch.sigmoid(z)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    # The target gradient, which BCEWithLogitsLoss does not define: the
    # notebook's formula differentiated by autograd.
    zd = z.detach()
    yg = y.clone().requires_grad_(True)
    manual = (zd.clamp(min=0) - zd * yg
              + torch.log1p(torch.exp(-zd.abs()))).mean()
    manual.backward()
    # Sigmoid's vector-Jacobian product with a fixed upstream gradient.
    zs = zd.clone().requires_grad_(True)
    v = torch.tensor([[1.0], [-2.0], [0.5], [3.0], [0.25]])
    torch.sigmoid(zs).backward(v)
    write("logistic.txt", [("x", x), ("y", y), ("w", w), ("b", b),
                           ("z", z), ("p", p), ("loss", loss),
                           ("grad_z", z.grad), ("grad_w", w.grad),
                           ("grad_b", b.grad), ("grad_y", yg.grad),
                           ("v", v), ("sigmoid_vjp", zs.grad)])


def broadcasting():
    # One expression mixing broadcasting and every elementary operation.
    a = torch.tensor([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]],
                     requires_grad=True)
    r = torch.tensor([0.3, -0.2, 1.1], requires_grad=True)
    c = torch.tensor([[2.0], [-1.0]], requires_grad=True)
    m = torch.tensor([[1.0, -2.0], [0.5, 0.0], [3.0, 1.0]],
                     requires_grad=True)
    h = (a * r - c) / (1.0 + torch.exp(-a))
    h = torch.maximum(h, torch.sigmoid(r)) + torch.log1p(torch.abs(c))
    out = torch.log(torch.exp(torch.relu(h @ m)) + 1.0).mean(0).sum()
    out = out + (a.t() * 2.0).sum() - (-c).mean()
    out.backward()
    write("broadcasting.txt", [("a", a), ("r", r), ("c", c), ("m", m),
                               ("out", out), ("grad_a", a.grad),
                               ("grad_r", r.grad), ("grad_c", c.grad),
                               ("grad_m", m.grad)])


def fused_linear_bce():
    # Exercise 3: a linear layer with two outputs and its mean BCE-with-
    # logits, every input but the targets differentiated. One logit is
    # large (the stable form matters), and the mean runs over all 8 terms.
    x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0], [-1.0, 0.5, 2.0],
                      [30.0, -4.0, 1.0]], requires_grad=True)
    w = torch.tensor([[0.5, -1.0, 0.25], [-0.3, 0.2, 0.8]],
                     requires_grad=True)
    b = torch.tensor([0.1, -0.2], requires_grad=True)
    y = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0]])
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.nn.functional.linear(x, w, b), y)
    loss.backward()
    write("fused_linear_bce.txt", [("x", x), ("w", w), ("b", b), ("y", y),
                                   ("loss", loss), ("grad_x", x.grad),
                                   ("grad_w", w.grad), ("grad_b", b.grad)])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    logistic()
    broadcasting()
    fused_linear_bce()
    print("torch", torch.__version__, "wrote", OUT)
