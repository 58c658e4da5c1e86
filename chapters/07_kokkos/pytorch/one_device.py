#!/usr/bin/python3
"""Chapter 7 in PyTorch: the notebook's model trained on one device, with
the setup of 07_kokkos (the notebook's data and initial weights, batch 5
in order, lr 0.01, float64). It prints the program's table. On a machine
without CUDA the device is the CPU.
Run: /usr/bin/python3 chapters/07_kokkos/pytorch/one_device.py
"""
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "goldens"))
from make_ch06_goldens import LogisticRegressionLazy  # noqa: E402
from make_ch06_goldens import evaluate, notebook_data  # noqa: E402

torch.set_default_dtype(torch.float64)
(xt, yt), valid, _ = notebook_data()
# [torch-one-device]
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
xt, yt = xt.to(device), yt.to(device)         # the data onto the device
xv, yv = (t.to(device) for t in valid)
model = LogisticRegressionLazy().to(device)   # and the parameters
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = torch.nn.BCEWithLogitsLoss()
for epoch in range(1, 11):
    losses = []
    for i in range(0, len(xt), 5):            # batches of 5, in order
        opt.zero_grad()
        loss = loss_fn(model(xt[i:i + 5])[0], yt[i:i + 5])
        loss.backward()                       # kernels per operation
        opt.step()
        losses.append(loss.item())            # .item() waits for the device
# [torch-one-device]
    valid_loss, valid_acc = evaluate(model, zip(xv.split(5), yv.split(5)),
                                     loss_fn)
    if epoch == 1:
        print("epoch  train loss  valid loss  valid accuracy")
    print(f"{epoch:5d}  {sum(losses) / len(losses):10.6f}  "
          f"{valid_loss:10.6f}  {valid_acc:14.6f}")
