#!/usr/bin/python3
"""Goldens for `blocks-train-distributed --semantics ddp` (Chapter 8),
computed by PyTorch 1.13.1's DistributedDataParallel.

Run from the repository root with Debian's interpreter, which has torch and
scikit-learn:
    /usr/bin/python3 tests/goldens/make_ch08_ddp_goldens.py
It starts `world` CPU processes (torch.multiprocessing.spawn, the gloo
backend, meeting through a file) and trains, in float64, the notebook's
setup (its data set and split, its initial weights: make_ch06_goldens.py)
wrapped in DistributedDataParallel:
    nn.Linear(10, 1), nn.BCEWithLogitsLoss(),
    torch.optim.SGD(lr=0.01, momentum=0.9),
    DataLoader(train, batch_size=B, sampler=DistributedSampler(train,
               shuffle=..., seed=S, drop_last=...)), set_epoch(e) each epoch,
for 10 epochs. B is the batch of one rank. It writes
tests/goldens/ch08/<run>.csv in blocks' history format
    epoch,train_loss,valid_loss,valid_accuracy,bias,w0,...,w9
where, as blocks-train-distributed --semantics ddp logs them:
  - train_loss is the epoch's mean over steps of the step's loss averaged
    over the ranks (each rank's batch mean, all-reduced, / world size:
    the loss whose gradient DDP's averaged gradient is);
  - valid_loss and valid_accuracy are Chapter 6's evaluate() of the model
    every rank holds (rank 0 evaluates model.module), over the whole
    validation split in batches of B: means over batches of batch means.
The runs (see RUNS) and the blocks-train-distributed command each one
matches:
    mpirun -np W blocks-train-distributed --semantics ddp --precision double
      --data DIR --epochs 10 --lr 0.01 --momentum 0.9 --batch-size B
      --shuffle true|false --seed S [--drop-last]
      --init-weights <WEIGHTS> --init-bias <BIAS>
with DIR from blocks-make-classification --n-samples 1090 --n-features 10
--n-informative 10 --n-redundant 0 --n-classes 2 --n-clusters-per-class 4
--random-state 123 --split 90,500,500 --split-seed 123.
Numbers are Python's repr of doubles (they round-trip).
The script also checks that every rank holds the same parameters, bit for
bit, after every epoch.
"""
import datetime
import os
import sys
import tempfile

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_ch06_goldens import BIAS, WEIGHTS, notebook_data  # noqa: E402

OUT = os.path.join(HERE, "ch08")
EPOCHS = 10

# name: (world size, per-rank batch, shuffle, sampler seed, drop_last).
# 90 training rows: 2 and 3 ranks split them evenly; 4 ranks with batch 4
# need the sampler's padding (2 rows repeated) or drop_last.
RUNS = {
    "ddp_np2_ordered": (2, 5, False, 0, False),
    "ddp_np2_shuffled": (2, 5, True, 0, False),
    "ddp_np3_ordered": (3, 5, False, 0, False),
    "ddp_np3_shuffled": (3, 5, True, 0, False),
    "ddp_np3_shuffled_seed7_batch4": (3, 4, True, 7, False),
    "ddp_np4_padded": (4, 4, True, 0, False),
    "ddp_np4_drop_last": (4, 4, True, 0, True),
}


def evaluate(model, loader, loss_fn):
    """Chapter 6's evaluate(): means over batches of the batch means."""
    losses, accuracies = [], []
    with torch.no_grad():
        for x, y in loader:
            z = model(x)
            losses.append(loss_fn(z, y).item())
            accuracies.append(((torch.sigmoid(z) > 0.5).double() == y)
                              .double().mean().item())
    return sum(losses) / len(losses), sum(accuracies) / len(accuracies)


def same_everywhere(model, world):
    """Every rank's parameters, gathered: all must equal rank 0's bits."""
    flat = torch.cat([p.detach().flatten() for p in model.parameters()])
    gathered = [torch.empty_like(flat) for _ in range(world)]
    dist.all_gather(gathered, flat)
    return all(torch.equal(gathered[0], g) for g in gathered)


def worker(rank, world, store, name, batch, shuffle, seed, drop_last):
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    # The ranks meet through a file, not a TCP port picked in advance (a
    # port found free can be taken by another program before rank 0
    # listens on it); a collective that hangs ends after two minutes.
    dist.init_process_group("gloo", init_method="file://" + store, rank=rank,
                            world_size=world,
                            timeout=datetime.timedelta(seconds=120))
    (xt, yt), (xv, yv), _ = notebook_data()
    # [ddp-reference]
    train = TensorDataset(xt, yt)
    sampler = DistributedSampler(train, num_replicas=world, rank=rank,
                                 shuffle=shuffle, seed=seed,
                                 drop_last=drop_last)
    loader = DataLoader(train, batch_size=batch, sampler=sampler)
    valid_loader = DataLoader(TensorDataset(xv, yv), batch_size=batch)
    model = nn.Linear(10, 1)
    with torch.no_grad():
        model.weight.copy_(torch.tensor([WEIGHTS]))
        model.bias.copy_(torch.tensor([BIAS]))
    ddp = DistributedDataParallel(model)
    loss_fn = nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(ddp.parameters(), lr=0.01, momentum=0.9)
    rows = []
    for epoch in range(EPOCHS):
        sampler.set_epoch(epoch)
        losses = []
        for x, y in loader:
            opt.zero_grad()
            loss = loss_fn(ddp(x), y)
            loss.backward()
            opt.step()
            logged = loss.detach().clone()
            dist.all_reduce(logged)
            losses.append((logged / world).item())
    # [ddp-reference]
        if not same_everywhere(model, world):
            raise RuntimeError("%s: the ranks' parameters differ after "
                               "epoch %d" % (name, epoch + 1))
        valid_loss, valid_acc = evaluate(model, valid_loader, loss_fn)
        b = model.bias.detach().flatten().tolist()
        w = model.weight.detach().flatten().tolist()
        rows.append([str(epoch + 1), repr(sum(losses) / len(losses)),
                     repr(valid_loss), repr(valid_acc)]
                    + [repr(v) for v in b + w])
    if rank == 0:
        header = ["epoch", "train_loss", "valid_loss", "valid_accuracy",
                  "bias"] + ["w%d" % j for j in range(len(WEIGHTS))]
        with open(os.path.join(OUT, name + ".csv"), "w") as f:
            f.write(",".join(header) + "\n")
            for row in rows:
                f.write(",".join(row) + "\n")
    dist.destroy_process_group()
    # Leave without Python's teardown: in torch 1.13, freeing the DDP model
    # frees its gloo process group, whose destructor can deadlock with the
    # group's own worker thread (seen here: a rank stuck for good in
    # ~ProcessGroupGloo under ~Reducer). The file above is closed.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for name, (world, batch, shuffle, seed, drop_last) in RUNS.items():
        with tempfile.TemporaryDirectory() as meeting:
            mp.spawn(worker, nprocs=world,
                     args=(world, os.path.join(meeting, "store"), name, batch,
                           shuffle, seed, drop_last))
        print("wrote", name)
    with open(os.path.join(OUT, "VERSIONS"), "w") as f:
        f.write("torch %s\n" % torch.__version__)
    print("torch", torch.__version__, "wrote", OUT)
