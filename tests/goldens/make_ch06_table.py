#!/usr/bin/python3
"""The notebook's published table, recomputed by PyTorch 1.13.1.

Run from the repository root with Debian's interpreter, which has torch and
scikit-learn:
    /usr/bin/python3 tests/goldens/make_ch06_table.py
The notebook printed, per epoch, the train loss, the validation loss and
accuracy of two runs, its custom model and the off-the-shelf one, both
shuffled by the global generator after torch.manual_seed(123):

- off-the-shelf: manual_seed(123), then nn.Linear(10, 1)'s default init in
  float32 (weight then bias, drawn from the global generator), then the
  training;
- custom: manual_seed(123) again, the weights the notebook printed (nothing
  drawn), then the training.

The notebook ran a PyTorch of its era, whose loaders drew from the global
generator per epoch: the training loader's iterator one 64-bit seed
(random_()), then its RandomSampler randperm(90) straight from the global
generator; the validation loader's iterator one more seed. PyTorch 1.13's
RandomSampler seeds a private generator instead, so its own DataLoader
would shuffle differently: this script draws the old stream explicitly.
Training runs in float64 (the data, and the float32 init widened).

It writes tests/goldens/ch06/table_<custom|builtin>.txt in the format of
make_ch06_goldens.py: one line per epoch
    epoch train_loss valid_loss valid_accuracy bias w0 ... w9
and a last line `test loss accuracy`; numbers are Python's repr.
"""
import os

import torch
from torch import nn

from make_ch06_goldens import (OUT, BCEWithLogitsFunction,
                               LogisticRegressionCustom, notebook_data)

SEED = 123
BATCH = 5


class OffTheShelf(nn.Module):
    """The notebook's LogisticRegressionLazy with nn.Linear's default init."""

    def __init__(self):
        super().__init__()
        torch.set_default_dtype(torch.float32)
        self.linear = nn.Linear(10, 1)  # draws weight, then bias
        torch.set_default_dtype(torch.float64)
        self.linear.double()

    def forward(self, x):
        z = self.linear(x)
        return z, torch.sigmoid(z)


def base_seed():
    # What every DataLoader iterator draws first, workers or not.
    return torch.empty((), dtype=torch.int64).random_().item()


def batches(x, y, order):
    for k in range(0, len(order), BATCH):
        idx = order[k:k + BATCH]
        yield x[idx], y[idx]


def evaluate(model, x, y, loss_fn):
    base_seed()
    losses, accuracies = [], []
    with torch.no_grad():
        for xb, yb in batches(x, y, list(range(len(x)))):
            z, p = model(xb)
            losses.append(loss_fn(z, yb).item())
            accuracies.append(((p > 0.5).double() == yb).double().mean()
                              .item())
    return sum(losses) / len(losses), sum(accuracies) / len(accuracies)


def run(flavour, data):
    (xt, yt), (xv, yv), (xs, ys) = data
    torch.manual_seed(SEED)
    if flavour == "custom":
        model, loss_fn = LogisticRegressionCustom(), BCEWithLogitsFunction.apply
    else:
        model, loss_fn = OffTheShelf(), nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    rows = []
    for epoch in range(1, 11):
        base_seed()
        order = torch.randperm(len(xt)).tolist()  # the notebook-era sampler
        losses = []
        for x, y in batches(xt, yt, order):
            opt.zero_grad()
            z, _ = model(x)
            loss = loss_fn(z, y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        valid_loss, valid_acc = evaluate(model, xv, yv, loss_fn)
        w, b = [p.detach().flatten().tolist() for p in model.parameters()]
        rows.append([str(epoch), repr(sum(losses) / len(losses)),
                     repr(valid_loss), repr(valid_acc)]
                    + [repr(v) for v in b + w])
    test_loss, test_acc = evaluate(model, xs, ys, loss_fn)
    rows.append(["test", repr(test_loss), repr(test_acc)])
    with open(os.path.join(OUT, "table_%s.txt" % flavour), "w") as f:
        f.write("# the notebook's %s run: manual_seed(%d), %s, the "
                "notebook-era shuffling\n" % (
                    "off-the-shelf" if flavour == "builtin" else "custom",
                    SEED, "nn.Linear's default init" if flavour == "builtin"
                    else "the printed weights"))
        for row in rows:
            f.write(" ".join(row) + "\n")
    return rows


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    data = notebook_data()
    tables = {f: run(f, data) for f in ["custom", "builtin"]}
    print("epoch | custom: train valid acc | off-the-shelf: train valid acc")
    for c, b in zip(tables["custom"][:10], tables["builtin"][:10]):
        print("%5s | %.6f %.6f %.4f | %.6f %.6f %.4f" % (
            c[0], float(c[1]), float(c[2]), float(c[3]),
            float(b[1]), float(b[2]), float(b[3])))
    print("torch", torch.__version__, "wrote", OUT)
