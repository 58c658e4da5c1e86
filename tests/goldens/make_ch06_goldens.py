#!/usr/bin/python3
"""Goldens for Chapter 6 (training), computed by PyTorch 1.13.1.

Run from the repository root with Debian's interpreter, which has torch and
scikit-learn:
    /usr/bin/python3 tests/goldens/make_ch06_goldens.py
It trains the notebook's setup (its data set and split, its initial
weights, batch 5, lr 0.01, 10 epochs) without shuffling, in float64, with
both of the notebook's models, for several SGD settings, and writes
tests/goldens/ch06/<flavour>_<setting>.txt with one line per epoch:
    epoch train_loss valid_loss valid_accuracy bias w0 ... w9
and a last line `test loss accuracy`. It also writes init.txt, the default
nn.Linear(10, 1) parameters after torch.manual_seed(123).
Numbers are Python's repr of doubles (they round-trip).

The features come from NumPy's BLAS (OpenBLAS here), which differs from the
course's in-order sums by a few ulps (see make_ch05_goldens.py); the tests'
1e-10 tolerance is far above that.
"""
import os

import numpy as np
import torch
from sklearn.datasets import make_classification
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ch06")

WEIGHTS = [-0.12895013, 0.01047492, -0.15705723, 0.11925378, -0.26944348,
           0.23180881, -0.22984707, -0.25141433, -0.19982024, 0.1432175]
BIAS = -0.11684369

SETTINGS = {
    "sgd": dict(),
    "momentum": dict(momentum=0.9),
    "nesterov": dict(momentum=0.9, nesterov=True),
    "weight_decay": dict(weight_decay=1e-3),
}


# [torch-notebook-data]
def notebook_data():
    X, y = make_classification(n_samples=1090, n_features=10,
                               n_informative=10, n_redundant=0, n_repeated=0,
                               n_classes=2, n_clusters_per_class=4,
                               flip_y=0.01, random_state=123)
    np.random.seed(123)
    perm = np.random.permutation(1090)
    parts = [perm[:90], perm[90:590], perm[590:]]
    return [(torch.tensor(X[p], dtype=torch.float64),
             torch.tensor(y[p], dtype=torch.float64).reshape(-1, 1))
            for p in parts]
# [torch-notebook-data]


# The notebook's custom blocks, each with its hand-written backward.
class LinearFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        return x @ w.t() + b

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        return g @ w, g.t() @ x, g.sum(0)


# [torch-sigmoid-function]
class SigmoidFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        y = 1 / (1 + torch.exp(-z))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        return g * y * (1 - y)
# [torch-sigmoid-function]


class BCEWithLogitsFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z, y):
        ctx.save_for_backward(z, y)
        return (z.clamp(min=0) - z * y
                + torch.log1p(torch.exp(-z.abs()))).mean()

    @staticmethod
    def backward(ctx, g):
        z, y = ctx.saved_tensors
        m = z.numel()
        return g * (torch.sigmoid(z) - y) / m, g * -z / m


class LogisticRegressionCustom(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor([WEIGHTS]))
        self.bias = nn.Parameter(torch.tensor([BIAS]))

    def forward(self, x):
        z = LinearFunction.apply(x, self.weight, self.bias)
        return z, SigmoidFunction.apply(z)


class LogisticRegressionLazy(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(10, 1)
        with torch.no_grad():
            self.linear.weight.copy_(torch.tensor([WEIGHTS]))
            self.linear.bias.copy_(torch.tensor([BIAS]))

    def forward(self, x):
        z = self.linear(x)
        return z, torch.sigmoid(z)


def evaluate(model, loader, loss_fn):
    losses, accuracies = [], []
    with torch.no_grad():
        for x, y in loader:
            z, p = model(x)
            losses.append(loss_fn(z, y).item())
            accuracies.append(((p > 0.5).double() == y).double().mean()
                              .item())
    return sum(losses) / len(losses), sum(accuracies) / len(accuracies)


def train(flavour, setting, data):
    (xt, yt), (xv, yv), (xs, ys) = data
    train_loader = DataLoader(TensorDataset(xt, yt), batch_size=5)
    valid_loader = DataLoader(TensorDataset(xv, yv), batch_size=5)
    test_loader = DataLoader(TensorDataset(xs, ys), batch_size=5)
    # [torch-train-loop]
    if flavour == "custom":
        model, loss_fn = LogisticRegressionCustom(), BCEWithLogitsFunction.apply
    else:
        model, loss_fn = LogisticRegressionLazy(), nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, **SETTINGS[setting])
    rows = []
    for epoch in range(1, 11):
        losses = []
        for x, y in train_loader:
            opt.zero_grad()
            z, _ = model(x)
            loss = loss_fn(z, y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
    # [torch-train-loop]
        valid_loss, valid_acc = evaluate(model, valid_loader, loss_fn)
        w, b = [p.detach().flatten().tolist() for p in model.parameters()]
        rows.append([str(epoch), repr(sum(losses) / len(losses)),
                     repr(valid_loss), repr(valid_acc)]
                    + [repr(v) for v in b + w])
    test_loss, test_acc = evaluate(model, test_loader, loss_fn)
    rows.append(["test", repr(test_loss), repr(test_acc)])
    with open(os.path.join(OUT, "%s_%s.txt" % (flavour, setting)), "w") as f:
        for row in rows:
            f.write(" ".join(row) + "\n")


def default_init():
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(123)
    layer = nn.Linear(10, 1)
    with open(os.path.join(OUT, "init.txt"), "w") as f:
        f.write("# torch.manual_seed(123); nn.Linear(10, 1), float32\n")
        f.write("weight " + " ".join(repr(float(v)) for v in
                                     layer.weight.flatten().tolist()) + "\n")
        f.write("bias %r\n" % float(layer.bias.item()))
    torch.set_default_dtype(torch.float64)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    default_init()
    torch.set_default_dtype(torch.float64)
    data = notebook_data()
    for flavour in ["custom", "builtin"]:
        for setting in SETTINGS:
            train(flavour, setting, data)
    with open(os.path.join(OUT, "VERSIONS"), "w") as f:
        f.write("torch %s\n" % torch.__version__)
    print("torch", torch.__version__, "wrote", OUT)
