#!/usr/bin/env python3
"""Runs the PyTorch a page shows beside its C++, with Debian's python3-torch.

Two kinds of check, both registered as ctests labelled `pytorch`:

  run_pytorch.py --python /usr/bin/python3 --script S.py --expect S.out
      runs a page's script (chapters/NN_slug/pytorch/*.py) and compares what
      it prints with the committed output (its first line, `$ command`, is
      not compared);
  run_pytorch.py --python /usr/bin/python3 --generator G.py --goldens DIR
      runs a golden generator (tests/goldens/make_*.py) in a scratch copy of
      tests/goldens/ and compares every file it writes with the committed
      one in DIR, so the lines a page shows are the lines that made the
      goldens.

Numbers are compared to a relative 1e-12 (the goldens came from another
machine: its BLAS and CPU may round the last bit differently); every other
word must be equal, and .npy files byte for byte. Exits 77, which ctest
reports as skipped, when the interpreter cannot import torch, NumPy and
scikit-learn (Debian: apt install python3-torch python3-sklearn), or
when a file given with --needs is absent (make_ch05_goldens.py needs
Debian's reference BLAS, libblas3). Standard library only.
"""
import argparse
import math
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
RTOL, ATOL = 1e-12, 1e-300


def words_equal(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= max(ATOL, RTOL * max(abs(x), abs(y)))


def compare_text(actual, expected, name):
    """Problems between two texts, word by word, at most five."""
    a, e = actual.splitlines(), expected.splitlines()
    problems = []
    if len(a) != len(e):
        problems.append(f"{name}: {len(a)} lines, expected {len(e)}")
    for number, (la, le) in enumerate(zip(a, e), 1):
        wa, we = la.split(), le.split()
        if len(wa) != len(we) or not all(map(words_equal, wa, we)):
            problems.append(f"{name}:{number}: got      {la}\n"
                            f"{' ' * len(name)}  expected {le}")
    return problems[:5]


def torch_missing(python):
    if not pathlib.Path(python).exists():
        return f"{python} does not exist"
    probe = subprocess.run([python, "-c", "import torch, numpy, sklearn"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["?"])[-1]
        return f"{python} cannot import torch, numpy and sklearn ({last})"
    return None


def run_script(python, script, expect):
    done = subprocess.run([python, script], capture_output=True, text=True)
    if done.returncode != 0:
        return [f"{script} exited {done.returncode}:\n{done.stderr}"]
    expected = pathlib.Path(expect).read_text()
    if expected.startswith("$ "):
        expected = expected.split("\n", 1)[1]
    return compare_text(done.stdout, expected, pathlib.Path(expect).name)


def run_generator(python, generator, goldens):
    generator, goldens = pathlib.Path(generator), pathlib.Path(goldens)
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        for script in generator.parent.glob("*.py"):
            shutil.copy(script, scratch)
        (scratch / goldens.name).mkdir()
        done = subprocess.run([python, scratch / generator.name],
                              capture_output=True, text=True, cwd=scratch)
        if done.returncode != 0:
            return [f"{generator.name} exited {done.returncode}:\n"
                    f"{done.stdout}{done.stderr}"]
        written = sorted(p for p in (scratch / goldens.name).glob("*")
                         if p.name != "VERSIONS")  # the versions may differ
        if not written:
            return [f"{generator.name} wrote nothing in {goldens.name}/"]
        problems = []
        for path in written:
            committed = goldens / path.name
            if not committed.exists():
                problems.append(f"{path.name}: written, but not committed")
            elif path.suffix == ".npy":
                if path.read_bytes() != committed.read_bytes():
                    problems.append(f"{path.name}: differs from the "
                                    "committed file")
            else:
                problems += compare_text(path.read_text(),
                                         committed.read_text(), path.name)
        print(f"{generator.name}: {len(written)} file(s) compared with "
              f"{goldens.name}/")
        return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", required=True)
    parser.add_argument("--script")
    parser.add_argument("--expect")
    parser.add_argument("--generator")
    parser.add_argument("--goldens")
    parser.add_argument("--needs", action="append", default=[])
    args = parser.parse_args()
    missing = torch_missing(args.python)
    for needed in args.needs:
        if not missing and not pathlib.Path(needed).exists():
            missing = f"{needed} is absent"
    if missing:
        print(f"SKIPPED: {missing}; the PyTorch listing was not run "
              "(Debian: apt install python3-torch python3-sklearn libblas3)")
        return SKIP
    if args.script and args.expect:
        problems = run_script(args.python, args.script, args.expect)
    elif args.generator and args.goldens:
        problems = run_generator(args.python, args.generator, args.goldens)
    else:
        parser.error("give --script and --expect, or --generator and "
                     "--goldens")
    for problem in problems:
        print(problem)
    print("pytorch check: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
