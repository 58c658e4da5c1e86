#!/usr/bin/python3
"""Goldens for Chapter 6's Exercise 3 (Adagrad in the training loop),
computed by PyTorch 1.13.1.

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 tests/goldens/make_ch06_exercise_goldens.py
It trains the notebook's setup exactly as make_ch06_goldens.py does (its
data, split and initial weights, batch 5 in order, 10 epochs, float64),
with torch.optim.Adagrad(lr=0.1, lr_decay=0.01) instead of SGD, for both of
the notebook's models, and writes tests/goldens/ch06/<flavour>_adagrad.txt
in the same format: one line per epoch
    epoch train_loss valid_loss valid_accuracy bias w0 ... w9
Numbers are Python's repr of doubles (they round-trip).
"""
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from make_ch06_goldens import (OUT, BCEWithLogitsFunction,
                               LogisticRegressionCustom,
                               LogisticRegressionLazy, evaluate,
                               notebook_data)

LR, LR_DECAY = 0.1, 0.01


def train(flavour, data):
    (xt, yt), (xv, yv), _ = data
    train_loader = DataLoader(TensorDataset(xt, yt), batch_size=5)
    valid_loader = DataLoader(TensorDataset(xv, yv), batch_size=5)
    if flavour == "custom":
        model, loss_fn = LogisticRegressionCustom(), BCEWithLogitsFunction.apply
    else:
        model, loss_fn = LogisticRegressionLazy(), nn.BCEWithLogitsLoss()
    opt = torch.optim.Adagrad(model.parameters(), lr=LR, lr_decay=LR_DECAY)
    with open(os.path.join(OUT, "%s_adagrad.txt" % flavour), "w") as f:
        f.write("# torch.optim.Adagrad(lr=%r, lr_decay=%r), torch %s\n"
                % (LR, LR_DECAY, torch.__version__))
        for epoch in range(1, 11):
            losses = []
            for x, y in train_loader:
                opt.zero_grad()
                z, _ = model(x)
                loss = loss_fn(z, y)
                loss.backward()
                opt.step()
                losses.append(loss.item())
            valid_loss, valid_acc = evaluate(model, valid_loader, loss_fn)
            w, b = [p.detach().flatten().tolist() for p in model.parameters()]
            row = [str(epoch), repr(sum(losses) / len(losses)),
                   repr(valid_loss), repr(valid_acc)] + [repr(v) for v in b + w]
            f.write(" ".join(row) + "\n")


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    data = notebook_data()
    for flavour in ["custom", "builtin"]:
        train(flavour, data)
    print("torch", torch.__version__, "wrote", OUT)
