#!/usr/bin/env python3
"""Every flag of every program, read by the one grammar (blocks/cli/values.hpp).

For each program in build/bin/ and each of its flags, by the kind of value
the flag takes, the grammar's rules are tried: the values a rule refuses
must end the program with status 2 and the grammar's message naming the
flag; the values it accepts must get past the flag (the run may still
fail later, for another reason, which is not checked here).

  flag_grammar.py --bin DIR --work DIR

Python's standard library only.
"""
import argparse
import os
import subprocess
import sys

# Values each kind refuses, with the words the message must hold, and
# values it accepts.
NUMBER = {
    "refuse": [(v, "'%s' is not a number" % v)
               for v in ["", "abc", "1.5x", "inf", "nan", "0x10", " 1", "1,5"]]
    + [("1e400", "'1e400' is too large for a double")],
    "accept": ["1e-320", ".5", "-2", "3E-1"],
}
COUNT = {
    "refuse": [("0", "must be at least 1, got 0"),
               ("-1", "must not be negative, got -1"),
               ("", "must be a whole number, got ''"),
               ("1.5", "must be a whole number, got '1.5'"),
               ("1e3", "must be a whole number, got '1e3'")],
    "accept": ["1", "007"],
}
WHOLE = {
    "refuse": [("-1", "must not be negative, got -1"),
               ("", "must be a whole number, got ''"),
               ("1.0", "must be a whole number, got '1.0'"),
               ("18446744073709551616", "must be below 2^64")],
    "accept": ["0", "18446744073709551615"],
}
INTEGER = {
    "refuse": [(v, "'%s' is not a whole number" % v)
               for v in ["", "x", "50.5", "1e3"]]
    + [("9223372036854775808", "'9223372036854775808' does not fit 64 bits")],
    "accept": ["-5", "7"],
}
BOOL = {
    "refuse": [(v, "'%s' is neither true nor false" % v)
               for v in ["", "yes", "TRUE", "2"]],
    "accept": ["True", "false", "1", "0"],
}
TEXT = {"refuse": [("", "the value is empty")], "accept": []}
# A switch takes no value, or one joined by '=' (--nesterov=false).
SWITCH = dict(BOOL, joined=True,
              refuse=[r for r in BOOL["refuse"] if r[0] != ""])


def choice(*names):
    return {"refuse": [("", "unknown ''"), ("nonsense", "unknown 'nonsense'")],
            "accept": list(names)}


TRAINER_FLAGS = {
    "--epochs": WHOLE, "--batch-size": COUNT,
    "--lr": NUMBER, "--momentum": NUMBER, "--dampening": NUMBER,
    "--weight-decay": NUMBER, "--init-bias": NUMBER,
    "--seed": WHOLE, "--shuffle": BOOL, "--nesterov": SWITCH,
    "--model": choice("custom", "builtin"),
    "--data": TEXT, "--history": TEXT, "--checkpoint": TEXT,
    "--resume": TEXT, "--init-weights": TEXT,
}

# program -> (the arguments every run starts with, its flags by kind)
PROGRAMS = {
    "blocks-make-classification": (
        ["--n-samples", "20", "--output-dir", "{work}/made"],
        {"--n-samples": INTEGER, "--n-features": INTEGER,
         "--n-informative": INTEGER, "--n-redundant": INTEGER,
         "--n-repeated": INTEGER, "--n-classes": INTEGER,
         "--n-clusters-per-class": INTEGER, "--split-seed": INTEGER,
         "--flip-y": NUMBER, "--class-sep": NUMBER,
         "--hypercube": BOOL, "--shuffle": BOOL,
         "--output-dir": TEXT, "--weights": TEXT, "--shift": TEXT,
         "--scale": TEXT, "--random-state": TEXT,
         "--format": choice("npy", "csv"),
         "--split": TEXT}),
    # No data folder: a run that gets past its flags stops there.
    "blocks-train": (
        ["--data", "{work}/no-such-folder"],
        dict(TRAINER_FLAGS, **{
            "--sampler": choice("torch", "torch-legacy", "numpy"),
            "--init": choice("torch-default")})),
    "blocks-train-device": (
        ["--data", "{work}/no-such-folder"],
        dict(TRAINER_FLAGS, **{
            "--sampler": choice("torch", "torch-legacy", "numpy"),
            "--kernel": choice("simple", "team", "tiled"),
            "--precision": choice("float", "double")})),
    "blocks-train-distributed": (
        ["--data", "{work}/no-such-folder"],
        dict(TRAINER_FLAGS, **{
            "--allreduce": choice("host", "device"),
            "--kernel": choice("simple", "team", "tiled"),
            "--precision": choice("float", "double"),
            "--synthetic": TEXT})),
}

# Words that only the grammar's refusals print.
GRAMMAR_WORDS = ["is not a number", "is too large for a double",
                 "must be at least 1", "must not be negative",
                 "must be a whole number", "must be below 2^64",
                 "is not a whole number", "does not fit 64 bits",
                 "is neither true nor false", "the value is empty",
                 "unknown '"]


def run(bin_dir, program, args):
    return subprocess.run([os.path.join(bin_dir, program)] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)


def with_value(kind, flag, value):
    if kind.get("joined"):
        return [flag + "=" + value]
    return [flag, value]


def check_program(bin_dir, work, program, base, flags):
    failures = []
    base = [a.format(work=work) for a in base]
    for flag, kind in flags.items():
        if flag in base:  # each flag once: drop the base's own value
            i = base.index(flag)
            others = base[:i] + base[i + 2:]
        else:
            others = base
        for value, words in kind["refuse"]:
            p = run(bin_dir, program, others + with_value(kind, flag, value))
            expected = "%s: %s" % (flag, words)
            if p.returncode != 2 or expected not in p.stdout:
                failures.append("%s %s %r: expected status 2 and %r, got "
                                "%d: %s" % (program, flag, value, expected,
                                            p.returncode, p.stdout[:300]))
        accepted = [with_value(kind, flag, v) for v in kind["accept"]]
        if kind.get("joined"):
            accepted.append([flag])  # a switch alone
        for args in accepted:
            value = " ".join(args)
            p = run(bin_dir, program, others + args)
            refused = [w for w in GRAMMAR_WORDS
                       if "%s: " % flag in p.stdout and w in p.stdout]
            if refused:
                failures.append("%s %s %r: the grammar refused it: %s"
                                % (program, flag, value, p.stdout[:300]))
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    a = parser.parse_args()
    os.makedirs(a.work, exist_ok=True)
    failures, checked = [], []
    for program, (base, flags) in PROGRAMS.items():
        if not os.path.exists(os.path.join(a.bin, program)):
            # Only the Kokkos/MPI program can be missing, in a build
            # without them; say so rather than pass in silence.
            print("NOT CHECKED: %s was not built" % program)
            continue
        failures += check_program(a.bin, a.work, program, base, flags)
        checked.append("%s (%d flags)" % (program, len(flags)))
    print("checked: " + ", ".join(checked))
    for f in failures:
        print("FAIL: " + f)
    print("%d failures" % len(failures))
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
