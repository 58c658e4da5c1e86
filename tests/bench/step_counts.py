#!/usr/bin/env python3
"""One notebook step's instructions (callgrind) and heap allocations
(memcheck), without the program's start-up: ch06_step_counts runs twice
under each tool, with FEW and MANY steps, and the difference is divided
by MANY - FEW.

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


def valgrind(tool, program, flavour, steps):
    """The tool's total for one run: instructions or allocations."""
    command = ["valgrind", f"--tool={tool}", program, flavour, str(steps)]
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


def per_step(program, few=200, many=1200):
    """{flavour: (instructions, allocations)} per notebook step."""
    counts = {}
    for flavour in ("custom", "builtin"):
        counts[flavour] = tuple(
            (valgrind(tool, program, flavour, many) -
             valgrind(tool, program, flavour, few)) / (many - few)
            for tool in ("callgrind", "memcheck"))
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--few", type=int, default=200)
    parser.add_argument("--many", type=int, default=1200)
    args = parser.parse_args()
    if not 0 <= args.few < args.many:
        sys.exit("step_counts: need 0 <= --few < --many")
    if shutil.which("valgrind") is None:
        sys.exit("step_counts: valgrind is not installed "
                 "(Debian: apt install valgrind)")
    program = os.path.join(args.bin, "ch06_step_counts")
    if not os.access(program, os.X_OK):
        sys.exit(f"step_counts: {program} not found; build ch06_step_counts")
    print("per notebook step (batch 5, 10 features), "
          f"({args.many} steps - {args.few} steps) / {args.many - args.few}")
    print(f"{'flavour':<8} {'instructions':>13} {'allocations':>12}")
    for flavour, (instructions, allocations) in per_step(
            program, args.few, args.many).items():
        print(f"{flavour:<8} {instructions:>13.0f} {allocations:>12.1f}")


if __name__ == "__main__":
    main()
