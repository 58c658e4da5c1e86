"""PyTorch eager on one GPU, the same steps that blocks-bench-fused times.

The contender for Chapters 7 and 8's GPU figures, run in the same session as
blocks-bench-fused so the numbers come from one machine:

    python3 chapters/08_multi_gpu/bench/bench_torch_step.py [rows] [features] [batch]

Prints, for float32 X of rows x features on cuda:0: reading X once
(X.sum()), one full-batch SGD step (Linear + BCEWithLogitsLoss + backward +
SGD.step, what the notebook's loop does), and one mini-batch step. Times are
CUDA-event medians of 20 runs after 3 warm-ups. Needs torch with CUDA; not
part of the test suite.
"""
import sys

import torch


def median_ms(fn, runs=20, warmup=3):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(runs):
        start = torch.cuda.Event(enable_timing=True)
        stop = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(stop))
    times.sort()
    return times[len(times) // 2]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4_000_000
    d = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
    torch.manual_seed(7)
    dev = torch.device("cuda:0")
    X = torch.randn(n, d, device=dev, dtype=torch.float32)
    y = (torch.rand(n, device=dev) > 0.5).float()
    model = torch.nn.Linear(d, 1).to(dev)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    nbytes = n * (d + 1) * 4

    def step(xb, yb):
        opt.zero_grad()
        loss = loss_fn(model(xb).squeeze(1), yb)
        loss.backward()
        opt.step()

    t_read = median_ms(lambda: X.sum())
    t_full = median_ms(lambda: step(X, y))
    steps = min(200, n // batch)

    def minibatches():
        for s in range(steps):
            step(X[s * batch:(s + 1) * batch], y[s * batch:(s + 1) * batch])

    t_mini = median_ms(minibatches, runs=5, warmup=1) / steps
    name = torch.cuda.get_device_name(0)
    print(f"torch {torch.__version__} eager on {name}, {n} x {d} float32 "
          f"({nbytes / 1e6:.2f} MB)")
    print(f"  read X once (X.sum()) {t_read:8.3f} ms  "
          f"{nbytes / t_read / 1e6:8.1f} GB/s")
    print(f"  full-batch SGD step   {t_full:8.3f} ms  "
          f"{nbytes / t_full / 1e6:8.1f} GB/s")
    print(f"  step, batch {batch}     {t_mini * 1e3:8.1f} us")


if __name__ == "__main__":
    main()
