#!/usr/bin/env python3
"""./course bench: every performance row of the course side by side, in one
run, on one pinned core, with the machine's name and load.

  course_bench.py --bin build/bin [--core N] [--repetitions 3]

Runs ch06_bench_libtorch (or ch06_bench where LibTorch is not installed:
the LibTorch column then says why it is empty), then
blocks-make-classification against scikit-learn + np.save as whole
processes (wall time and peak memory). Prints one table: each workload,
our figure, LibTorch's, the hand-written loop's, the ratio and the target.
Medians of --repetitions runs. A timing, never a test: it exits 0 whatever
the figures, and 1 only when a benchmark could not run.
Standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

SKLEARN = ("import sys, numpy as np\n"
           "from sklearn.datasets import make_classification\n"
           "X, y = make_classification(n_samples=1000000, n_features=20,"
           " random_state=0)\n"
           "np.save(sys.argv[1] + '/features.npy', X)\n"
           "np.save(sys.argv[1] + '/labels.npy', y)\n")


def machine():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.node()}, {model}, {os.cpu_count()} cores"


def pinned(core, command):
    """`command` on one core (taskset), or as is where taskset is missing."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(core)] + command if taskset else command


def google_benchmark(program, core, repetitions):
    """name -> median real time in ns, from a Google Benchmark program."""
    out = subprocess.run(
        pinned(core, [program, "--benchmark_format=json",
                      f"--benchmark_repetitions={repetitions}",
                      "--benchmark_report_aggregates_only=true",
                      "--benchmark_filter=BM_(Step|NotebookEpoch|"
                      "NotebookProgram)"]),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    medians = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        # One repetition reports the run itself, more report aggregates.
        if b.get("aggregate_name", "median") == "median":
            # "BM_NotebookProgram/min_time:1.000": the name without it.
            name = b["run_name"].split("/min_time:")[0]
            medians[name] = b["real_time"] * scale[b["time_unit"]]
    return medians


def whole_process(command, core):
    """(seconds, peak resident MiB) of one run of `command`."""
    start = time.monotonic()
    process = subprocess.Popen(pinned(core, command),
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(" ".join(command) + ": " +
                           process.stderr.read().decode()[-300:])
    return seconds, usage.ru_maxrss / 1024.0  # Linux: KiB


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def make_classification_rows(bin_dir, core, repetitions):
    """Ours and scikit-learn's as whole processes: generate 1e6 x 20 and
    write it as .npy; the medians of time and peak, and the bytes written."""
    ours, theirs, written = [], [], 0
    for _ in range(repetitions):
        with tempfile.TemporaryDirectory() as folder:
            ours.append(whole_process(
                [os.path.join(bin_dir, "blocks-make-classification"),
                 "--n-samples", "1000000", "--n-features", "20",
                 "--random-state", "0", "--output-dir", folder], core))
            written = sum(os.path.getsize(os.path.join(folder, f))
                          for f in os.listdir(folder))
        with tempfile.TemporaryDirectory() as folder:
            try:
                theirs.append(whole_process(
                    ["/usr/bin/python3", "-c", SKLEARN, folder], core))
            except (RuntimeError, OSError):
                theirs = None
                break
    summary = (median([s for s, _ in ours]), median([m for _, m in ours]))
    if theirs:
        theirs = (median([s for s, _ in theirs]),
                  median([m for _, m in theirs]))
    return summary, theirs, written


def us(ns):
    return "—" if ns is None else f"{ns / 1e3:.2f} µs"


def ratio(a, b):
    return "—" if a is None or b is None else f"{a / b:.1f}×"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--core", type=int, default=os.cpu_count() - 1)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()

    load = os.getloadavg()[0]
    print(f"machine: {machine()}")
    now = datetime.datetime.now(datetime.timezone.utc)
    print(f"date: {now:%Y-%m-%d %H:%M} UTC; pinned to core {args.core}; "
          f"medians of {args.repetitions} runs")
    print(f"load average (1 min) before: {load:.2f}" +
          ("  — NOT QUIET: the figures below are indicative only"
           if load > 0.5 else ""))

    libtorch = os.path.join(args.bin, "ch06_bench_libtorch")
    plain = os.path.join(args.bin, "ch06_bench")
    program = libtorch if os.path.exists(libtorch) else plain
    if not os.path.exists(program):
        print(f"error: neither {libtorch} nor {plain} was built")
        return 1
    t = google_benchmark(program, args.core, args.repetitions)
    torch_note = ("" if program == libtorch else
                  "  (LibTorch column empty: libtorch-dev is not installed;"
                  " apt install libtorch-dev, then ./course bench again)")

    # The names and arguments stay, so runs compare across versions.
    missing = [n for n in ("BM_StepCustom/5/10", "BM_StepBuiltin/5/10",
                           "BM_StepHandWritten/5/10", "BM_StepCustom/256/100",
                           "BM_StepHandWritten/256/100", "BM_NotebookEpoch/1",
                           "BM_NotebookProgram") if n not in t]
    if program == libtorch:
        missing += [n for n in ("BM_StepLibTorch/5/10",
                                "BM_StepLibTorch/256/100",
                                "BM_NotebookEpochLibTorch") if n not in t]
    if missing:
        print(f"error: {program} did not report {', '.join(missing)}")
        return 1

    def get(name):
        return t.get(name)

    rows = [
        ("notebook step (batch 5, d 10), custom",
         get("BM_StepCustom/5/10"), get("BM_StepLibTorch/5/10"),
         get("BM_StepHandWritten/5/10"),
         ratio(get("BM_StepLibTorch/5/10"), get("BM_StepCustom/5/10")) +
         " LibTorch", "≤ 1 µs, ≥ 30× LibTorch"),
        ("notebook step, builtin",
         get("BM_StepBuiltin/5/10"), get("BM_StepLibTorch/5/10"), None,
         ratio(get("BM_StepLibTorch/5/10"), get("BM_StepBuiltin/5/10")) +
         " LibTorch", "≥ 10× LibTorch"),
        ("step batch 256, d 100, custom",
         get("BM_StepCustom/256/100"), get("BM_StepLibTorch/256/100"),
         get("BM_StepHandWritten/256/100"),
         ratio(get("BM_StepCustom/256/100"),
               get("BM_StepHandWritten/256/100")) + " the loop; " +
         ratio(get("BM_StepLibTorch/256/100"), get("BM_StepCustom/256/100")) +
         " LibTorch", "≤ 1.2× the loop, ≥ 3× LibTorch"),
        # BM_NotebookEpoch/1: nn::Flavour::custom (builtin is 0).
        ("notebook epoch incl. loader and validation, custom",
         get("BM_NotebookEpoch/1"), get("BM_NotebookEpochLibTorch"), None,
         ratio(get("BM_NotebookEpochLibTorch"), get("BM_NotebookEpoch/1")) +
         " LibTorch", "≥ 40× LibTorch"),
    ]
    print()
    print("| workload | blocks | LibTorch 1.13 | hand-written loop | ratio "
          "| target |")
    print("|---|---|---|---|---|---|")
    for name, ours, torch, loop, r, target in rows:
        print(f"| {name} | {us(ours)} | {us(torch)} | {us(loop)} | {r} "
              f"| {target} |")
    program_ms = get("BM_NotebookProgram")
    if program_ms is not None:
        print(f"| the program 06_training, start to exit | "
              f"{program_ms / 1e6:.1f} ms | | | | |")

    (seconds, peak), sklearn, written = make_classification_rows(
        args.bin, args.core, args.repetitions)
    mib = written / 2**20
    if sklearn:
        theirs = (f"{sklearn[0]:.2f} s, {sklearn[1]:.0f} MiB "
                  f"(scikit-learn + np.save)")
        speed = f"{sklearn[0] / seconds:.1f}× scikit-learn's speed"
    else:
        theirs, speed = "— (/usr/bin/python3 has no scikit-learn)", "—"
    print(f"| `blocks-make-classification` 1e6 × 20, whole process, "
          f"{mib:.0f} MiB written | {seconds:.2f} s, {peak:.0f} MiB peak "
          f"({peak / mib:.2f}× written) | {theirs} | | {speed} "
          f"| ≥ 3× its speed, peak ≤ 1.3× written |")
    print_step_counts(args.bin)
    if torch_note:
        print()
        print(torch_note.strip())
    return 0


def print_step_counts(bin_dir):
    """One notebook step's and epoch's instructions and allocations
    (valgrind), or why they are missing."""
    program = os.path.join(bin_dir, "ch06_step_counts")
    print()
    if shutil.which("valgrind") is None or not os.path.exists(program):
        print("(step counts skipped: they need valgrind and ch06_step_counts)")
        return
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import step_counts
    print("| one notebook step (batch 5, d 10) or epoch | instructions "
          "(callgrind) | heap allocations (memcheck) |")
    print("|---|---|---|")
    for unit, by_flavour in step_counts.counts(program):
        for flavour, (instructions, allocations) in by_flavour.items():
            print(f"| {unit}, {flavour} | {instructions:,.0f} "
                  f"| {allocations:,.0f} |")


if __name__ == "__main__":
    sys.exit(main())
