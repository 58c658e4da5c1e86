#!/usr/bin/env python3
"""One notebook step's and one notebook epoch's instructions (callgrind)
and heap allocations (memcheck), without the program's start-up:
ch06_step_counts runs twice under each tool, with FEW and MANY steps
(a tenth as many epochs), and the difference is divided by MANY - FEW.

  step_counts.py --bin build/bin [--few 200] [--many 1200]

Needs valgrind. A count, not a timing: the figures are the same on any
quiet or busy machine running the same build. Standard library only.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys


def valgrind(tool, program, flavour, steps, unit):
    """The tool's total for one run: instructions or allocations."""
    command = ["valgrind", f"--tool={tool}", program, flavour, str(steps)]
    if unit == "epoch":
        command.append("--epochs")
    if tool == "callgrind":
        command[2:2] = ["--callgrind-out-file=/dev/null"]
        pattern = r"Collected : (\d+)"
    else:
        pattern = r"total heap usage: ([\d,]+) allocs"
    run = subprocess.run(command, capture_output=True, text=True)
    found = re.search(pattern, run.stderr)
    if run.returncode != 0 or not found:
        sys.exit(f"step_counts: {' '.join(command)} failed "
                 f"(status {run.returncode}):\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_unit(program, unit, few, many):
    """{flavour: (instructions, allocations)} per notebook step or epoch."""
    counts = {}
    for flavour in ("custom", "builtin"):
        counts[flavour] = tuple(
            (valgrind(tool, program, flavour, many, unit) -
             valgrind(tool, program, flavour, few, unit)) / (many - few)
            for tool in ("callgrind", "memcheck"))
    return counts


def counts(program, few=200, many=1200):
    """[(unit, {flavour: (instructions, allocations)})] for a step, counted
    over FEW and MANY steps, and an epoch, over a tenth as many."""
    return [(unit, per_unit(program, unit, f, m))
            for unit, f, m in (("step", few, many),
                               ("epoch", few // 10, many // 10))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--few", type=int, default=200)
    parser.add_argument("--many", type=int, default=1200)
    args = parser.parse_args()
    if not 0 <= args.few // 10 < args.many // 10:
        sys.exit("step_counts: need 0 <= --few / 10 < --many / 10")
    if shutil.which("valgrind") is None:
        sys.exit("step_counts: valgrind is not installed "
                 "(Debian: apt install valgrind)")
    program = os.path.join(args.bin, "ch06_step_counts")
    if not os.access(program, os.X_OK):
        sys.exit(f"step_counts: {program} not found; build ch06_step_counts")
    print(f"{'per':<6} {'flavour':<8} {'instructions':>13} {'allocations':>12}")
    for unit, by_flavour in counts(program, args.few, args.many):
        for flavour, (instructions, allocations) in by_flavour.items():
            print(f"{unit:<6} {flavour:<8} {instructions:>13.0f} "
                  f"{allocations:>12.1f}")
    print(f"step: batch 5, 10 features, ({args.many} - {args.few} steps) / "
          f"{args.many - args.few}; epoch: 18 steps and 100 validation "
          f"batches, ({args.many // 10} - {args.few // 10} epochs) / "
          f"{args.many // 10 - args.few // 10}")


if __name__ == "__main__":
    main()
