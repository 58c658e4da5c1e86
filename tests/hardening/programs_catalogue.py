#!/usr/bin/env python3
"""The catalogue of bad inputs against the programs in build/bin/.

Each case runs a program with a bad flag, file or signal and checks the
exit status, that the message names the problem, and that no partial
output file is left behind (no half-written file, no temporary file).

  programs_catalogue.py --bin DIR --work DIR [-k SUBSTRING]

Python's standard library only.
"""
import argparse
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time

BIN = ""
TIMEOUT_S = 120  # a case that runs longer is a hang (e.g. an endless run)
WORK = ""
RESULTS = []


def npy(descr, shape, payload, fortran=False):
    """A .npy file (version 1.0) holding `payload` bytes."""
    shape_text = ("(%d,)" % shape[0] if len(shape) == 1 else
                  "(" + ", ".join(str(n) for n in shape) + ")")
    header = ("{'descr': '%s', 'fortran_order': %s, 'shape': %s, }"
              % (descr, "True" if fortran else "False", shape_text))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) +
            header.encode("latin1") + payload)


def f8(values, endian="<"):
    return struct.pack(endian + "%dd" % len(values), *values)


def i8(values):
    return struct.pack("<%dq" % len(values), *values)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def stray_files(folder):
    """Temporary files the atomic writer would leave if interrupted."""
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.join(root, n) for n in names if ".tmp." in n]
    return out


def run(program, args, cwd, preexec_fn=None, launcher=()):
    return subprocess.run(list(launcher) + [os.path.join(BIN, program)] + args,
                          cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, errors="replace", timeout=TIMEOUT_S,
                          preexec_fn=preexec_fn)


def file_size_limit(limit):
    """A preexec_fn: files larger than `limit` bytes cannot be written (the
    write fails with EFBIG instead of raising SIGXFSZ), so a run fails
    half-way through its output files."""
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def case(name, program, args, status, words, absent=(), setup=None,
         exact_status=True, unwanted=(), kept=(), preexec_fn=None,
         check=None, launcher=()):
    """Runs one case in a fresh folder; `absent` files must not exist, the
    `unwanted` words must not be in the output, and the `kept` files (made
    by `setup`) must still hold what they held before. `check(cwd)`, run
    first, returns more problems (and may remove what its setup planted).
    `launcher` runs the program under another, such as mpirun."""
    cwd = os.path.join(WORK, name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(cwd)
    if setup:
        setup(cwd)
    before = {k: read_bytes(os.path.join(cwd, k)) for k in kept}
    try:
        p = run(program, args, cwd, preexec_fn, launcher)
    except subprocess.TimeoutExpired as e:
        output = e.output or ""
        RESULTS.append((name, [f"did not end within {TIMEOUT_S} s"],
                        output if isinstance(output, str) else
                        output.decode("utf-8", "replace")))
        return
    problems = check(cwd) if check else []
    if exact_status and p.returncode != status:
        problems.append(f"status {p.returncode}, expected {status}")
    if not exact_status and p.returncode == 0:
        problems.append("status 0, expected a failure")
    problems += [f"no '{w}' in the output" for w in words
                 if w not in p.stdout]
    problems += [f"'{w}' in the output" for w in unwanted if w in p.stdout]
    problems += [f"{a} was left behind" for a in absent
                 if os.path.exists(os.path.join(cwd, a))]
    problems += [f"{s} was left behind" for s in stray_files(cwd)]
    problems += [f"{k} was replaced" for k in kept
                 if not os.path.isfile(os.path.join(cwd, k))
                 or read_bytes(os.path.join(cwd, k)) != before[k]]
    RESULTS.append((name, problems, p.stdout))


# ------------------------------------------------ data folders for blocks-train

def make_data(cwd, folder="data", features=4):
    p = run("blocks-make-classification",
            ["--n-samples", "200", "--n-features", str(features),
             "--n-informative", str(features), "--n-redundant", "0",
             "--random-state", "1", "--split", "60,100,40",
             "--output-dir", folder], cwd)
    assert p.returncode == 0, p.stdout


def data_with(train_features=None, train_labels=None, valid_features=None,
              test_features=None, test_labels=None, valid_labels=None):
    """A setup: good data, then some files replaced by the given bytes."""
    def setup(cwd):
        make_data(cwd)
        for part, name, content in [("train", "features", train_features),
                                    ("train", "labels", train_labels),
                                    ("valid", "features", valid_features),
                                    ("valid", "labels", valid_labels),
                                    ("test", "features", test_features),
                                    ("test", "labels", test_labels)]:
            if content is not None:
                write(os.path.join(cwd, "data", part, name + ".npy"), content)
    return setup


def good_features(rows=60, cols=4):
    return [((i * 7 + j * 3) % 11) / 10.0 for i in range(rows)
            for j in range(cols)]


def make_cases():
    mk = "blocks-make-classification"

    def flags(**changed):
        """Good flags, some replaced (a flag given twice is an error)."""
        values = {"n-samples": "100", "n-features": "4",
                  "n-informative": "2", "random-state": "1",
                  "output-dir": "out"}
        values.update({k.replace("_", "-"): v for k, v in changed.items()})
        return [w for k, v in values.items() for w in ("--" + k, v)]

    base = flags()
    outs = ("out/features.npy", "out/labels.npy")
    case("make_unknown_flag", mk, base + ["--frobnicate", "1"], 2,
         ["frobnicate"], outs)
    case("make_text_for_count", mk, ["--n-samples", "lots"], 2,
         ["n-samples", "lots"])
    case("make_missing_value", mk, ["--n-samples"], 2, ["n-samples"])
    case("make_negative_samples", mk, flags(n_samples="-5"), 2,
         ["n_samples", "-5"], outs)
    # scikit-learn's weights=None: balanced (it dereferenced an empty
    # optional: a crash or a garbage count of weights).
    case("make_weights_none", mk, base + ["--weights", "none"], 0,
         ["classes {0: ", "1: "], unwanted=["incompatible"])
    case("make_weights_text", mk, base + ["--weights", "0.3,abc"], 2,
         ["--weights", "abc"], outs)
    # Weights that make no cluster sizes: they crashed or wrote one class.
    for name, weights, words in (
            ("nan", "nan,0.5", ["--weights: 'nan' is not a number"]),
            ("inf", "inf,0", ["--weights: 'inf' is not a number"]),
            ("negative", "-1,2", ["weights[0]", ">= 0", "-1"]),
            ("sum_above_one", "5", ["weights[1]", "= -4", "negative"])):
        case(f"make_weights_{name}", mk, base + ["--weights", weights], 2,
             words, outs)
    case("make_unknown_format", mk, base + ["--format", "xml"], 2,
         ["xml"], outs)
    # A bad --split is refused before the data is made: no summary line.
    summary = ("classes {",)
    case("make_split_sum", mk, base + ["--split", "10,20"], 2,
         ["sum to 30", "100 rows"], ("out/train", "out/valid"),
         unwanted=summary)
    case("make_split_sum_over", mk, base + ["--split", "60,50"], 2,
         ["sum to more than", "100 rows"], ("out/train", "out/valid"),
         unwanted=summary)
    case("make_split_negative", mk, base + ["--split", "-5,105"], 2,
         ["--split", "-5"], ("out/train",), unwanted=summary)
    case("make_split_fraction", mk, base + ["--split", "50.5,49.5"], 2,
         ["--split", "50.5"], ("out/train",), unwanted=summary)
    case("make_random_state_huge", mk, flags(random_state="1e300"),
         2, ["--random-state", "1e300"], outs)
    case("make_random_state_text", mk, flags(random_state="abc"), 2,
         ["--random-state", "abc"], outs)
    case("make_bad_bool", mk, base + ["--hypercube", "maybe"], 2,
         ["--hypercube", "maybe"], outs)
    case("make_too_many_informative", mk,
         flags(n_informative="30"), 2, ["30 + 2 + 0 > 4"], outs)
    case("make_nan_class_sep", mk, base + ["--class-sep", "nan"], 2,
         ["--class-sep: 'nan' is not a number"], outs)
    case("make_nan_shift", mk, base + ["--shift", "nan"], 2,
         ["--shift: 'nan' is not a number"], outs)
    case("make_inf_scale_list", mk, base + ["--scale", "1,inf,1,1"], 2,
         ["--scale: 'inf' is not a number"], outs)
    case("make_features_overflow", mk,
         base + ["--shift", "1e308", "--scale", "1e308"], 2,
         ["feature X[", "overflow"], outs)
    # A subnormal is a number (NumPy reads it); only overflow is refused.
    case("make_subnormal_scale", mk, base + ["--scale", "1e-320"], 0,
         ["wrote out/features.npy"])
    case("make_scale_overflow", mk, base + ["--scale", "1e400"], 2,
         ["--scale", "'1e400' is too large for a double"], outs)
    case("make_output_under_a_file", mk,
         flags(output_dir="blocker/out"), 1, ["blocker"], exact_status=False,
         setup=lambda cwd: write(os.path.join(cwd, "blocker"), b"x"))
    case("make_output_over_a_folder", mk, base, 1,
         ["features.npy"], exact_status=False,
         setup=lambda cwd: os.makedirs(os.path.join(cwd,
                                                    "out/features.npy")))

    # The output files are written together or not at all: a failure on
    # one leaves no new file and replaces no old one.
    def old_files(*names, folder=None):
        def setup(cwd):
            for n in names:
                write(os.path.join(cwd, n), b"old " + n.encode())
            if folder:
                os.makedirs(os.path.join(cwd, folder))
        return setup

    case("make_labels_over_a_folder", mk, base, 1,
         ["labels.npy", "is a folder"], exact_status=False,
         kept=("out/features.npy",), unwanted=summary,
         setup=old_files("out/features.npy", folder="out/labels.npy"))
    split = ["--split", "25,50,25"]
    case("make_split_valid_over_a_folder", mk, base + split, 1,
         ["valid/features.npy", "is a folder"], ("out/train", "out/test"),
         exact_status=False, unwanted=summary,
         setup=old_files(folder="out/valid/features.npy"))
    # Only valid/features.npy (50 rows, 1728 bytes) is over the limit: the
    # files of train/ (928 and 328 bytes) were written before it failed.
    case("make_split_fails_half_way", mk, base + split, 1,
         ["valid/features.npy", "File too large"],
         ("out/train/labels.npy", "out/valid", "out/test"),
         exact_status=False, kept=("out/train/features.npy",),
         setup=old_files("out/train/features.npy"),
         preexec_fn=file_size_limit(1200))


def negative_count_cases(prefix, program):
    """The trainers' counts are unsigned: read as one, -1 would be 2^64 - 1
    (an endless run, a batch of everything). A sign is an error."""
    for flag, value in (("--epochs", "-1"), ("--batch-size", "-5"),
                        ("--seed", "-1")):
        args = ["--data", "data", "--history", "h.csv", flag, value]
        case(f"{prefix}_{flag[2:].replace('-', '_')}_negative", program, args,
             2, [flag, "must not be negative, got " + value], ("h.csv",),
             data_with())


def output_cases(prefix, program):
    """The files a run writes are checked before it trains: never over the
    data, never over each other, only into a folder that exists."""
    ok = ["--data", "data", "--epochs", "2"]
    case(f"{prefix}_history_over_data", program,
         ok + ["--history", "data/../data/train/features.npy"], 2,
         ["would overwrite the data file"], (), data_with())
    case(f"{prefix}_checkpoint_over_data", program,
         ok + ["--checkpoint", "data/valid/labels.npy"], 2,
         ["would overwrite the data file", "data/valid/labels.npy"], (),
         data_with())
    case(f"{prefix}_history_is_checkpoint", program,
         ok + ["--history", "h.csv", "--checkpoint", "./h.csv"], 2,
         ["--history and --checkpoint name the same file"], ("h.csv",),
         data_with())
    case(f"{prefix}_history_folder_missing", program,
         ok + ["--history", "no/such/h.csv"], 2,
         ["--history no/such/h.csv", "does not exist"], (), data_with())
    case(f"{prefix}_checkpoint_folder_missing", program,
         ok + ["--checkpoint", "no/such/c.txt"], 2,
         ["--checkpoint no/such/c.txt", "does not exist"], (), data_with())
    case(f"{prefix}_history_is_a_folder", program,
         ok + ["--history", "data"], 2, ["--history data is a folder"], (),
         data_with())


def train_cases(tr="blocks-train", prefix="train"):
    """blocks-train's bad flags, data and checkpoints; blocks-train-device
    (Chapter 7) reads the same and must answer the same way."""
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    case(f"{prefix}_no_data_flag", tr, [], 2, ["--data", "required"])
    case(f"{prefix}_unknown_flag", tr, ok + ["--frobnicate"], 2,
         ["frobnicate"], hist, data_with())
    no_epochs = ["--data", "data", "--history", "h.csv"]
    case(f"{prefix}_epochs_text", tr, no_epochs + ["--epochs", "lots"], 2,
         ["epochs", "lots"], hist, data_with())
    negative_count_cases(prefix, tr)
    case(f"{prefix}_batch_zero", tr, ok + ["--batch-size", "0"], 2,
         ["--batch-size: must be at least 1, got 0"], hist, data_with())
    case(f"{prefix}_batch_larger_than_data", tr,
         ok + ["--batch-size", "100000"], 0, ["epoch"], (), data_with())
    case(f"{prefix}_lr_negative", tr, ok + ["--lr", "-1"], 2,
         ["Invalid learning rate: -1"], hist, data_with())
    case(f"{prefix}_lr_nan", tr, ok + ["--lr", "nan"], 2,
         ["--lr: 'nan' is not a number"], hist, data_with())
    case(f"{prefix}_momentum_negative", tr, ok + ["--momentum", "-1"], 2,
         ["Invalid momentum value: -1"], hist, data_with())
    case(f"{prefix}_weight_decay_inf", tr, ok + ["--weight-decay", "inf"], 2,
         ["--weight-decay: 'inf' is not a number"], hist, data_with())
    case(f"{prefix}_nesterov_no_momentum", tr, ok + ["--nesterov"], 2,
         ["Nesterov"], hist, data_with())
    case(f"{prefix}_shuffle_maybe", tr, ok + ["--shuffle", "maybe"], 2,
         ["--shuffle", "maybe"], hist, data_with())
    case(f"{prefix}_model_unknown", tr, ok + ["--model", "lazy"], 2,
         ["lazy"], hist, data_with())
    case(f"{prefix}_init_weights_text", tr,
         ok + ["--init-weights", "1,x,0,0", "--init-bias", "0"], 2,
         ["--init-weights", "'x' is not a number"], hist, data_with())
    case(f"{prefix}_init_weights_alone", tr, ok + ["--init-weights", "1,2,3,4"],
         2, ["--init-bias"], hist, data_with())
    case(f"{prefix}_init_weights_count", tr,
         ok + ["--init-weights", "1,2", "--init-bias", "0"], 2,
         ["2 values", "4 features"], hist, data_with())
    case(f"{prefix}_data_missing", tr, ok[:1] + ["nowhere"] + ok[2:], 2,
         ["cannot open", "nowhere/train/features.npy"], hist)
    case(f"{prefix}_features_empty_file", tr, ok, 2, ["not a .npy file"],
         hist, data_with(train_features=b""))
    case(f"{prefix}_features_truncated", tr, ok, 2,
         ["truncated", "(60, 4)"], hist,
         data_with(train_features=npy("<f8", (60, 4),
                                      f8(good_features())[:-100])))
    case(f"{prefix}_features_big_endian", tr, ok, 2, ["big-endian"], hist,
         data_with(train_features=npy(">f8", (60, 4),
                                      f8(good_features(), ">"))))
    case(f"{prefix}_features_fortran", tr, ok, 2, ["Fortran"], hist,
         data_with(train_features=npy("<f8", (60, 4), f8(good_features()),
                                      fortran=True)))
    case(f"{prefix}_features_float32", tr, ok, 2, ["unsupported dtype", "<f4"],
         hist, data_with(train_features=npy("<f4", (60, 4), b"\0" * 960)))
    case(f"{prefix}_features_int64", tr, ok, 2, ["must be float64"], hist,
         data_with(train_features=npy("<i8", (60, 4), i8([1] * 240))))
    case(f"{prefix}_features_rank1", tr, ok, 2, ["(m, d)", "(240,)"], hist,
         data_with(train_features=npy("<f8", (240,), f8(good_features()))))
    nan_features = good_features()
    nan_features[4 * 7 + 2] = float("nan")
    case(f"{prefix}_features_nan", tr, ok, 2, ["NaN at row 7, column 2"], hist,
         data_with(train_features=npy("<f8", (60, 4), f8(nan_features))))
    inf_features = good_features()
    inf_features[5] = float("inf")
    case(f"{prefix}_features_inf", tr, ok, 2, ["Inf at row 1, column 1"], hist,
         data_with(train_features=npy("<f8", (60, 4), f8(inf_features))))
    case(f"{prefix}_labels_outside_01", tr, ok, 2,
         ["label 2 at row 3", "not 0 or 1"], hist,
         data_with(train_labels=npy("<i8", (60,),
                                    i8([0, 1, 0, 2] + [1] * 56))))
    case(f"{prefix}_rows_differ", tr, ok, 2, ["60 rows", "59"], hist,
         data_with(train_labels=npy("<i8", (59,), i8([0] * 59))))
    case(f"{prefix}_valid_other_features", tr, ok, 2,
         ["train has 4 features but valid has 3"], hist,
         data_with(valid_features=npy("<f8", (100, 3),
                                      f8([0.5] * 300))))
    case(f"{prefix}_zero_rows", tr, ok, 2, ["data/train holds no samples"], hist,
         data_with(train_features=npy("<f8", (0, 4), b""),
                   train_labels=npy("<i8", (0,), b"")))
    case(f"{prefix}_diverges", tr, ok + ["--lr", "1e308"], 1,
         ["epoch 1, batch"], hist, data_with())
    output_cases(prefix, tr)
    case(f"{prefix}_seed_too_large", tr, ok + ["--seed", "18446744073709551616"],
         2, ["--seed", "must be below 2^64"], hist, data_with())
    case(f"{prefix}_test_other_features", tr, ok, 2,
         ["data/test has 3 features but train has 4"], hist,
         data_with(test_features=npy("<f8", (40, 3), f8([0.5] * 120))))
    case(f"{prefix}_test_empty", tr, ok, 0, ["test  no samples: not evaluated"],
         (), data_with(test_features=npy("<f8", (0, 4), b""),
                       test_labels=npy("<i8", (0,), b"")))
    case(f"{prefix}_resume_missing", tr, ok + ["--resume", "none.txt"], 2,
         ["cannot open", "none.txt"], hist, data_with())

    def with_checkpoint(features, extra=()):
        def setup(cwd):
            make_data(cwd, "other", features)
            p = run(tr, ["--data", "other", "--epochs", "1", "--checkpoint",
                         "c.txt"] + list(extra), cwd)
            assert p.returncode == 0, p.stdout
            make_data(cwd)
        return setup

    case(f"{prefix}_resume_other_size", tr, ok + ["--resume", "c.txt"], 2,
         ["3 features", "model of 4"], hist, with_checkpoint(3))
    case(f"{prefix}_resume_other_run", tr, ok + ["--resume", "c.txt"], 2,
         ["was made with --lr 0.5, not --lr 0.01"], hist,
         with_checkpoint(4, ["--lr", "0.5"]))

    def truncated_checkpoint(cwd):
        with_checkpoint(4)(cwd)
        path = os.path.join(cwd, "c.txt")
        with open(path, "rb") as f:
            text = f.read()
        write(path, text[:len(text) // 2])

    case(f"{prefix}_resume_truncated", tr, ok + ["--resume", "c.txt"], 2,
         ["checkpoint c.txt", "line"], hist, truncated_checkpoint)
    # A run begun with --init-weights is another run than a default-init
    # one (whose init drew from the generator that then shuffles).
    case(f"{prefix}_resume_other_init", tr,
         ok + ["--shuffle", "true", "--resume", "c.txt"], 2,
         ["was made with --init-weights, not --init torch-default"], hist,
         with_checkpoint(4, ["--shuffle", "true", "--init-weights",
                             "1,2,3,4", "--init-bias", "0"]))
    case(f"{prefix}_resume_more_epochs_done", tr,
         ["--data", "data", "--epochs", "0", "--history", "h.csv",
          "--resume", "c.txt"], 2,
         ["holds 1 epoch already", "--epochs 0"], hist, with_checkpoint(4))


# ------------------------------------------- hostile files for the writer

def file_cases():
    """What stands where an output goes: a FIFO, a link, a device, links
    planted where the old writer put its temporary file, a read-only
    folder, a file-size limit, a long name. Refused before training, or
    written as asked, and nothing else touched."""
    tr = "blocks-train"
    ok = ["--data", "data", "--epochs", "2"]

    def also(setup, extra):
        def both(cwd):
            setup(cwd)
            extra(cwd)
        return both

    def kind_is(name, test, what):
        return lambda cwd: ([] if test(os.path.join(cwd, name))
                            else [f"{name} is no longer {what}"])

    case("files_history_fifo", tr, ok + ["--history", "h.fifo"], 2,
         ["--history", "a FIFO"], (),
         also(data_with(), lambda cwd: os.mkfifo(os.path.join(cwd, "h.fifo"))),
         unwanted=["train_loss"],
         check=kind_is("h.fifo", lambda p: os.path.exists(p) and
                       not os.path.isfile(p), "a FIFO"))

    def link(cwd):
        write(os.path.join(cwd, "run7.csv"), b"run 7")
        os.symlink("run7.csv", os.path.join(cwd, "latest.csv"))
    case("files_history_symlink", tr, ok + ["--history", "latest.csv"], 2,
         ["--history", "a symbolic link"], (), also(data_with(), link),
         kept=("run7.csv",), unwanted=["train_loss"],
         check=kind_is("latest.csv", os.path.islink, "a link"))

    def device(cwd):
        # /dev/full's numbers, in our own folder: the real /dev is never
        # risked (the old writer replaced /dev/null itself, as root).
        try:
            os.mknod(os.path.join(cwd, "full"), 0o666 | 0o020000,
                     os.makedev(1, 7))
        except PermissionError:
            pass
    def still_device(cwd):
        path = os.path.join(cwd, "full")
        if not os.path.lexists(path):
            print("NOT CHECKED: files_checkpoint_device (mknod not "
                  "permitted here)")
            return []
        return kind_is("full", lambda p: not os.path.isfile(p),
                       "a device")(cwd)
    case("files_checkpoint_device", tr, ok + ["--checkpoint", "full"], 2,
         ["--checkpoint", "device"], (), also(data_with(), device),
         exact_status=False, check=still_device)

    def plant_links():
        # In the child, before exec: the pid is the program's.
        for n in range(64):
            os.symlink("victim", f".h.csv.tmp.{os.getpid()}.{n}")
    def victim(cwd):
        write(os.path.join(cwd, "victim"), b"precious")
    def unplant(cwd):
        problems = [] if not os.path.islink(os.path.join(cwd, "h.csv")) \
            else ["h.csv became a link"]
        for n in os.listdir(cwd):
            if n.startswith(".h.csv.tmp.") and \
                    os.path.islink(os.path.join(cwd, n)):
                os.remove(os.path.join(cwd, n))
        return problems
    case("files_planted_temp_links", tr, ok + ["--history", "h.csv"], 0, [],
         (), also(data_with(), victim), kept=("victim",),
         preexec_fn=plant_links, check=unplant)

    def limit_without_ignoring(limit):
        # As a shell's `ulimit -f`: SIGXFSZ left at its default.
        return lambda: resource.setrlimit(resource.RLIMIT_FSIZE,
                                          (limit, limit))
    def old_history(cwd):
        write(os.path.join(cwd, "h.csv"), b"OLD")
    case("files_history_size_limit", tr,
         ["--data", "data", "--epochs", "60", "--history", "h.csv"], 2,
         ["h.csv", "File too large"], (), also(data_with(), old_history),
         kept=("h.csv",), preexec_fn=limit_without_ignoring(1024))
    case("files_make_size_limit", "blocks-make-classification",
         ["--n-samples", "1090", "--split", "90,500,500", "--output-dir",
          "mc"], 2, ["File too large"], ("mc",),
         preexec_fn=limit_without_ignoring(4096))

    def private(cwd):
        write(os.path.join(cwd, "h.csv"), b"secret")
        os.chmod(os.path.join(cwd, "h.csv"), 0o600)
    def mode_kept(cwd):
        mode = os.stat(os.path.join(cwd, "h.csv")).st_mode & 0o777
        return [] if mode == 0o600 else [f"h.csv is now {oct(mode)}"]
    case("files_history_mode_kept", tr, ok + ["--history", "h.csv"], 0, [],
         (), also(data_with(), private), check=mode_kept)

    def read_only(cwd):
        os.mkdir(os.path.join(cwd, "ro"), 0o555)
        os.chmod(cwd, 0o777)
    def as_nobody():
        if os.getuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
    case("files_history_read_only_folder", tr, ok + ["--history", "ro/h.csv"],
         2, ["--history: cannot write ro/h.csv", "Permission denied"],
         ("ro/h.csv",),
         also(data_with(), read_only), unwanted=["train_loss"],
         preexec_fn=as_nobody)
    case("files_history_in_proc", tr, ok + ["--history", "/proc/self/status"],
         2, ["--history: cannot write /proc/self/status"],
         setup=data_with(), unwanted=["train_loss"])
    long_name = "h" * 250 + ".csv"  # 254 bytes: legal
    case("files_history_long_name", tr, ok + ["--history", long_name], 0, [],
         setup=data_with(),
         check=lambda cwd: [] if os.path.isfile(os.path.join(cwd, long_name))
         else ["the history was not written"])
    case("files_history_name_too_long", tr,
         ok + ["--history", "x" * 300 + ".csv"], 2, ["File name too long"],
         setup=data_with(), unwanted=["train_loss"])

    # No training rows, and a feature count nobody could allocate: named,
    # not a bare std::bad_alloc.
    huge = npy("<f8", (0, 99999999999999), b"")
    case("files_train_no_rows_huge_width", tr, ok, 2,
         ["train holds no samples"],
         setup=data_with(train_features=huge, valid_features=huge,
                         train_labels=npy("<i8", (0,), b""),
                         valid_labels=npy("<i8", (0,), b""),
                         test_features=huge,
                         test_labels=npy("<i8", (0,), b"")),
         unwanted=["bad_alloc"])

    # Checkpoints edited by hand: each used to be resumed without a word.
    def edited_checkpoint(edit):
        def setup(cwd):
            make_data(cwd)
            p = run(tr, ["--data", "data", "--epochs", "2", "--checkpoint",
                         "c.txt"], cwd)
            assert p.returncode == 0, p.stdout
            path = os.path.join(cwd, "c.txt")
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(edit(text))
        return setup

    def first_weight_nan(text):
        head, rest = text.split("\nweight ", 1)
        return head + "\nweight nan " + rest.split(" ", 1)[1]
    resume = ["--data", "data", "--epochs", "4", "--resume", "c.txt"]
    for name, edit, words in (
            ("lr_in_state", lambda t: t.replace("option lr number 0.01",
                                                "option lr number 0.5"),
             ["the optimizer's lr contradicts the settings' lr 0.01"]),
            ("weight_nan", first_weight_nan, ["weight 0 is nan"]),
            ("text_after_end", lambda t: t + "garbage after end\n",
             ["'garbage' after 'end checkpoint'"]),
            ("epochs_out_of_order",
             lambda t: t.replace("\nepoch 2 ", "\nepoch 7 "),
             ["epoch 7 where epoch 2 comes"])):
        case(f"files_checkpoint_{name}", tr, resume, 2, words,
             setup=edited_checkpoint(edit), unwanted=["train_loss"])

    # Half a test split (an incomplete copy) used to skip the evaluation.
    def no_test_features(cwd):
        os.remove(os.path.join(cwd, "data", "test", "features.npy"))
    case("files_test_split_incomplete", tr, ok, 2,
         ["holds labels.npy but no features.npy"], (),
         also(data_with(), no_test_features), unwanted=["train_loss"])

    # Inputs: a FIFO nobody writes used to block open() forever.
    def fifo_features(cwd):
        os.remove(os.path.join(cwd, "data", "train", "features.npy"))
        os.mkfifo(os.path.join(cwd, "data", "train", "features.npy"))
    case("files_features_fifo", tr, ok, 2,
         ["train/features.npy", "it is a FIFO"], (),
         also(data_with(), fifo_features))
    header = (b"{'descr': '<f8', 'fortran_order': False, 'shape': (60, 4), }"
              b"\n")
    version3 = (b"\x93NUMPY\x03\x00" + struct.pack("<I", len(header)) +
                header + f8(good_features()))
    case("files_features_npy_version_3", tr, ok, 2,
         ["train/features.npy", "unsupported .npy version 3.0"],
         setup=data_with(train_features=version3))

    # Sizes and ranges the programs refuse by name, before any work.
    mc = "blocks-make-classification"
    out = ["--output-dir", "mc"]
    case("limits_flip_y_negative", mc, out + ["--flip-y", "-0.5"], 2,
         ["--flip-y: must be in [0, 1], got -0.5"], ("mc",))
    for name, args in (("n_samples_1e12", ["--n-samples", "1000000000000"]),
                       ("n_samples_int64_max",
                        ["--n-samples", "9223372036854775807"]),
                       ("n_features_1e11", ["--n-features", "100000000000"])):
        case(f"limits_{name}", mc, out + args, 2,
             ["GiB for the features, more than this machine's"], ("mc",),
             unwanted=["bad_alloc", "bad_array_new_length"])


def signal_case(name, sig, program="blocks-train", launcher=()):
    """Interrupts a long run after its first checkpoint: the checkpoint and
    the history on disk are complete, nothing is half-written, and a run
    resumed from them goes on. `launcher` runs the program under mpirun,
    which passes the signal on to every rank."""
    cwd = os.path.join(WORK, name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(cwd)
    make_data(cwd)
    args = ["--data", "data", "--epochs", "100000", "--batch-size", "1",
            "--checkpoint", "c.txt", "--history", "h.csv"]
    p = subprocess.Popen(list(launcher) + [os.path.join(BIN, program)] + args,
                         cwd=cwd, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    problems = []
    deadline = time.time() + 300
    while not os.path.exists(os.path.join(cwd, "c.txt")):
        if time.time() > deadline or p.poll() is not None:
            problems.append("no checkpoint was written")
            break
        time.sleep(0.05)
    time.sleep(0.3)
    p.send_signal(sig)
    try:
        out, _ = p.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        problems.append("the program did not stop")
    if p.returncode == 0:
        problems.append("status 0 after a signal")
    if "interrupted" not in out:
        problems.append("no 'interrupted' in the output")
    problems += [f"{s} was left behind" for s in stray_files(cwd)]
    for f in ("c.txt", "h.csv"):
        if not os.path.exists(os.path.join(cwd, f)):
            problems.append(f"{f} is missing")
    if not problems:
        with open(os.path.join(cwd, "c.txt")) as f:
            text = f.read()
        if not text.endswith("end checkpoint\n"):
            problems.append("the checkpoint is incomplete")
        with open(os.path.join(cwd, "h.csv")) as f:
            lines = f.read().splitlines()
        epochs = sum(1 for line in text.splitlines()
                     if line.startswith("epoch "))
        if len(lines) != epochs + 1:
            problems.append(f"h.csv has {len(lines) - 1} epochs, the "
                            f"checkpoint {epochs}")
        resumed = run(program, args[:3] + [str(epochs + 1)] +
                      args[4:] + ["--resume", "c.txt"], cwd)
        if resumed.returncode != 0:
            problems.append("resuming failed: " + resumed.stdout[-300:])
    RESULTS.append((name, problems, out))


def signal_cases():
    """SIGTERM and SIGINT in the three trainers; the distributed one as one
    process and as two ranks under mpirun."""
    signal_case("train_sigterm", signal.SIGTERM)
    signal_case("train_sigint", signal.SIGINT)
    if os.path.exists(os.path.join(BIN, "blocks-train-device")):
        signal_case("device_sigterm", signal.SIGTERM, "blocks-train-device")
        signal_case("device_sigint", signal.SIGINT, "blocks-train-device")
    else:
        print("note: blocks-train-device was not built; its signal cases "
              "did not run")
    dt = "blocks-train-distributed"
    if not os.path.exists(os.path.join(BIN, dt)):
        print(f"note: {dt} was not built; its signal cases did not run")
        return
    signal_case("dist_sigterm", signal.SIGTERM, dt)
    signal_case("dist_sigint", signal.SIGINT, dt)
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        print("note: no mpirun; the two-rank signal case did not run")
        return
    signal_case("dist_two_ranks_sigterm", signal.SIGTERM, dt,
                (mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2"))


def device_cases():
    """blocks-train-device (Chapter 7): blocks-train's cases, answered the
    same way, then what only the device program reads."""
    dv = "blocks-train-device"
    if not os.path.exists(os.path.join(BIN, dv)):
        print(f"note: {dv} was not built (Chapter 7 needs Kokkos); its "
              "cases did not run")
        return
    train_cases(dv, "device")
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    for flag, value in (("--precision", "half"), ("--precision", ""),
                        ("--kernel", "fast"), ("--kernel", ""),
                        ("--sampler", "Torch")):
        case(f"device_{flag[2:]}_{value or 'empty'}", dv, ok + [flag, value],
             2, [flag], hist, data_with())
    beyond_float = good_features()
    beyond_float[9] = 1e39
    case("device_float_overflow_in_data", dv, ok + ["--precision", "float"],
         2, ["train, row 2, column 1: 1e+39 does not fit a float"], hist,
         data_with(train_features=npy("<f8", (60, 4), f8(beyond_float))))
    case("device_float_overflow_in_test", dv, ok + ["--precision", "float"],
         2, ["1e+39 does not fit a float"], hist,
         data_with(test_features=npy("<f8", (40, 4), f8([1e39] * 160))))
    case("device_help_is_ours", dv, ["--help"], 0, ["--precision"],
         unwanted=["Kokkos command line arguments"])
    case("device_kokkos_flag", dv, ok + ["--kokkos-threads=2"], 2,
         ["--kokkos-threads"], hist, data_with())

    # Checkpoints: blocks-train's resume here (the same run, the same
    # generators); a float run's is not a double run's.
    def checkpoint_of(program, extra=()):
        def setup(cwd):
            make_data(cwd)
            p = run(program, ["--data", "data", "--epochs", "1",
                              "--checkpoint", "c.txt"] + list(extra), cwd)
            assert p.returncode == 0, p.stdout
        return setup
    case("device_resume_blocks_train", dv, ok + ["--resume", "c.txt"], 0,
         ["epoch"], (), checkpoint_of("blocks-train"))
    case("device_resume_float_in_double", dv, ok + ["--resume", "c.txt"], 2,
         ["with --precision float, not --precision double"], hist,
         checkpoint_of(dv, ["--precision", "float"]))
    if os.path.exists(os.path.join(BIN, "blocks-train-distributed")):
        case("device_resume_distributed", dv, ok + ["--resume", "c.txt"], 2,
             ["was made by blocks-train-distributed, not by blocks-train"],
             hist, checkpoint_of("blocks-train-distributed",
                                 ["--precision", "double"]))


def dist_cases():
    """blocks-train-distributed as one process (MPI's singleton start):
    bad flags and data give status 2 and the message, never a history."""
    dt = "blocks-train-distributed"
    if not os.path.exists(os.path.join(BIN, dt)):
        print(f"note: {dt} was not built (Chapter 8 needs Kokkos and MPI); "
              "its cases did not run")
        return
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    case("dist_no_data_flag", dt, [], 2, ["give --data DIR or --synthetic"])
    case("dist_unknown_flag", dt, ok + ["--frobnicate"], 2, ["frobnicate"],
         hist, data_with())
    case("dist_kernel_unknown", dt, ok + ["--kernel", "fast"], 2,
         ["--kernel", "fast"], hist, data_with())
    case("dist_allreduce_unknown", dt, ok + ["--allreduce", "gpu"], 2,
         ["--allreduce", "gpu"], hist, data_with())
    case("dist_precision_half", dt, ok + ["--precision", "half"], 2,
         ["--precision", "half"], hist, data_with())
    # A finite double that is infinite as a float: named before training.
    beyond_float = good_features()
    beyond_float[9] = 1e39
    case("dist_float_overflow_in_data", dt, ok + ["--precision", "float"], 2,
         ["train, row 2, column 1: 1e+39 does not fit a float"], hist,
         data_with(train_features=npy("<f8", (60, 4), f8(beyond_float))))
    case("dist_float_overflow_in_init", dt,
         ok + ["--precision", "float", "--init-weights", "1e39,0,0,0",
               "--init-bias", "0"], 2,
         ["the initial parameters, row 0, column 0: 1e+39 does not fit"],
         hist, data_with())
    case("dist_synthetic_one_number", dt, ["--synthetic", "10"], 2,
         ["--synthetic takes N,D"])
    case("dist_synthetic_text", dt, ["--synthetic", "a,b"], 2,
         ["--synthetic N: must be a whole number, got 'a'"])
    case("dist_synthetic_nan", dt, ["--synthetic", "nan,3"], 2,
         ["--synthetic N: must be a whole number, got 'nan'"])
    case("dist_synthetic_fraction", dt, ["--synthetic", "10,2.7"], 2,
         ["--synthetic D: must be a whole number, got '2.7'"])
    case("dist_synthetic_with_checkpoint", dt,
         ["--synthetic", "10,3", "--checkpoint", "c.txt"], 2,
         ["--checkpoint excludes --synthetic"], ("c.txt",))
    output_cases("dist", dt)
    case("dist_kokkos_flag_unreadable", dt,
         ["--kokkos-threads=abc", "--synthetic", "10,2"], 2,
         ["Kokkos did not start",
          "(the Kokkos flags given: --kokkos-threads=abc)"])
    case("dist_lr_negative", dt, ok + ["--lr", "-1"], 2,
         ["Invalid learning rate"], hist, data_with())
    case("dist_batch_zero", dt, ok + ["--batch-size", "0"], 2,
         ["--batch-size: must be at least 1, got 0"], hist, data_with())
    negative_count_cases("dist", dt)
    case("dist_synthetic_epochs_negative", dt,
         ["--synthetic", "100,3", "--epochs", "-1"], 2,
         ["--epochs", "must not be negative, got -1"])
    case("dist_missing_data", dt, ["--data", "nowhere", "--history", "h.csv"],
         2, ["nowhere/train/features.npy"], hist)
    case("dist_labels_not_binary", dt, ok, 2, ["labels"], hist,
         data_with(train_labels=npy("<f8", (60,), f8([2.0] * 60))))
    bench = "blocks-bench-fused"
    case("bench_rows_negative", bench, ["-1"], 2,
         ["ROWS: must not be negative, got -1"])
    case("bench_features_zero", bench, ["100", "0"], 2,
         ["FEATURES: must be at least 1, got 0"])
    case("bench_batch_text", bench, ["100", "4", "2", "1e3"], 2,
         ["BATCH: must be a whole number, got '1e3'"])
    case("bench_too_many_arguments", bench, ["1", "2", "3", "4", "5"], 2,
         ["usage: blocks-bench-fused [ROWS"])
    # blocks-train's checkpoints hold its generators and its sampler; the
    # distributed order is another: named by program, not by a flag.
    def train_checkpoint(cwd):
        make_data(cwd)
        p = run("blocks-train", ["--data", "data", "--epochs", "1",
                                 "--checkpoint", "c.txt"], cwd)
        assert p.returncode == 0, p.stdout
    case("dist_resume_blocks_train", dt, ok + ["--resume", "c.txt"], 2,
         ["was made by blocks-train, not by blocks-train-distributed"], hist,
         train_checkpoint)
    # One rank needs no MPI traffic: the device all-reduce runs anywhere.
    case("dist_allreduce_device_one_rank", dt, ok + ["--allreduce", "device"],
         0, ["epoch"], (), data_with())
    dist_ddp_cases()


def dist_ddp_cases():
    """--semantics and --drop-last of blocks-train-distributed: bad values
    and combinations give status 2 and the flag's name, never a history;
    under mpirun too, where every rank must stop."""
    dt = "blocks-train-distributed"
    if not os.path.exists(os.path.join(BIN, dt)):
        return
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    case("dist_ddp_semantics_unknown", dt, ok + ["--semantics", "torch"], 2,
         ["--semantics: unknown 'torch' (choose one-process, ddp)"], hist,
         data_with())
    case("dist_ddp_semantics_empty", dt, ok + ["--semantics", ""], 2,
         ["--semantics: unknown ''"], hist, data_with())
    case("dist_ddp_semantics_equals_empty", dt, ok + ["--semantics="], 2,
         ["--semantics"], hist, data_with())
    case("dist_ddp_semantics_case", dt, ok + ["--semantics", "DDP"], 2,
         ["--semantics: unknown 'DDP'"], hist, data_with())
    case("dist_ddp_drop_last_one_process", dt, ok + ["--drop-last"], 2,
         ["--drop-last: goes with --semantics ddp"], hist, data_with())
    case("dist_ddp_drop_last_word", dt,
         ok + ["--semantics", "ddp", "--drop-last=sometimes"], 2,
         ["--drop-last: 'sometimes' is neither true nor false"], hist,
         data_with())
    case("dist_ddp_synthetic", dt,
         ["--synthetic", "100,3", "--semantics", "ddp"], 2,
         ["--semantics: ddp trains on --data"])
    case("dist_ddp_batch_zero", dt,
         ok + ["--semantics", "ddp", "--batch-size", "0"], 2,
         ["--batch-size: must be at least 1, got 0"], hist, data_with())
    case("dist_ddp_one_rank_trains", dt, ok + ["--semantics", "ddp",
                                               "--drop-last"], 0,
         ["epoch"], (), data_with())
    mpirun = shutil.which("mpirun")
    if not mpirun:
        return
    three = (mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "3")
    # Padding would give each rank a copy, drop_last none: refused alike.
    for drop in ([], ["--drop-last"]):
        case("dist_ddp_three_ranks_two_rows" + "_drop_last" * bool(drop),
             dt, ok + ["--semantics", "ddp"] + drop, 2, ["3 ranks", "2"],
             hist, data_with(train_features=npy("<f8", (2, 4), f8([0.5] * 8)),
                             train_labels=npy("<i8", (2,), i8([0, 1]))),
             launcher=three)
    case("dist_ddp_three_ranks_unknown", dt, ok + ["--semantics", "ddpp"], 2,
         ["--semantics: unknown 'ddpp'"], hist, data_with(), launcher=three)


def demo_cases():
    case("demo02_dot_unwritable", "02_custom_functions",
         ["--dot", "ops", "no/such/g.dot"], 1, ["cannot write", "g.dot"])
    case("demo02_unknown_argument", "02_custom_functions", ["--dot"], 2,
         ["usage"])
    case("demo03_unknown_flag", "03_gradcheck", ["--frobnicate"], 2,
         ["usage"])
    case("demo03_eps_data_unwritable", "03_gradcheck",
         ["--eps-data", "no/such/eps.dat"], 1, ["cannot write", "eps.dat"])
    case("demo04_unknown_flag", "04_sgd", ["--frobnicate"], 2, ["usage"])
    case("demo05_scatter_unwritable", "05_data",
         ["--scatter", "no/such/s.dat"], 1, ["cannot write", "s.dat"])
    case("demo05_unknown_flag", "05_data", ["--frobnicate"], 2, ["usage"])
    case("demo06_curves_unwritable", "06_training",
         ["--curves", "no/such/c.dat"], 1, ["cannot write", "c.dat"])
    case("demo06_unknown_flag", "06_training", ["--frobnicate"], 2,
         ["usage"])



# ------------------------------------------------ a sweep of our own (#24)

def sweep_cases():
    """A second sweep in the spirit of the adversarial one: flag ranges as
    scikit-learn 1.2.1 and torch 1.13.1 check them (and what they accept,
    kept), hostile paths and file systems, malformed .npy files, flag
    combinations, and checkpoints of other runs."""
    mk, tr = "blocks-make-classification", "blocks-train"
    dt = "blocks-train-distributed"
    out = ["--output-dir", "out"]
    gone = ("out",)

    # --- blocks-make-classification: each numeric flag's range.
    # NumPy's seeds are 32 bits: np.random.seed(-1) and 2**32 are errors.
    seed_words = "Seed must be between 0 and 2**32 - 1, got "
    for flag, value in (("--split-seed", "-1"), ("--split-seed", "4294967296"),
                        ("--random-state", "-1"),
                        ("--random-state", "4294967296")):
        case(f"sweep_mk_{flag[2:].replace('-', '_')}_{value.lstrip('-')}"
             + ("_negative" if value.startswith("-") else ""), mk,
             out + [flag, value], 2, [f"{flag}: {seed_words}{value}"], gone)
    case("sweep_mk_split_seed_largest", mk,
         out + ["--split", "50,50", "--split-seed", "4294967295"], 0,
         ["wrote out/train/features.npy"])
    case("sweep_mk_random_state_largest", mk,
         out + ["--random-state", "4294967295"], 0,
         ["random_state=4294967295"])
    # scikit-learn 1.2.1 fails on n_informative=0 (a broadcast error); 1.3
    # states the range [1, inf). n_features=0 has no informative column.
    one_cluster = ["--n-redundant", "0", "--n-classes", "1",
                   "--n-clusters-per-class", "1"]
    informative_words = ["'n_informative' parameter must be an int in the "
                         "range [1, inf), got 0"]
    case("sweep_mk_n_informative_zero", mk,
         out + one_cluster + ["--n-informative", "0"], 2, informative_words,
         gone)
    case("sweep_mk_n_features_zero", mk,
         out + one_cluster + ["--n-informative", "0", "--n-features", "0"],
         2, informative_words, gone)
    # Counts whose sum wraps past 2^63 used to pass the check (a vector
    # max_size error, or an endless loop).
    sum_words = ["must sum to less than the number of total features"]
    case("sweep_mk_n_repeated_int64_max", mk,
         out + ["--n-repeated", "9223372036854775807"], 2, sum_words, gone)
    case("sweep_mk_informative_redundant_wrap", mk,
         out + ["--n-informative", "9223372036854775807", "--n-redundant",
                "9223372036854775807"], 2, sum_words, gone)
    # Sizes nobody's memory holds, named (they were "out of memory", 1).
    case("sweep_mk_classes_huge", mk,
         out + ["--n-classes", "1000000000000", "--n-informative", "50",
                "--n-features", "50", "--n-redundant", "0"], 2,
         ["--n-classes 1000000000000 x --n-clusters-per-class 2",
          "GiB for the clusters' centroids"], gone)
    case("sweep_mk_informative_huge", mk,
         out + ["--n-informative", "1000000", "--n-features", "1000000",
                "--n-samples", "1", "--n-redundant", "0"], 2,
         ["--n-informative 1000000", "GiB for each cluster's covariance"],
         gone)
    case("sweep_mk_samples_huge_one_feature", mk,
         out + ["--n-samples", "100000000000000", "--n-features", "1",
                "--n-informative", "1", "--n-redundant", "0",
                "--n-clusters-per-class", "1"], 2,
         ["--n-samples 100000000000000 x --n-features 1",
          "GiB for the features"], gone)
    # What scikit-learn 1.2.1 (and 1.3) accept is accepted.
    for name, args in (("flip_y_minus_zero", ["--flip-y", "-0"]),
                       ("flip_y_one", ["--flip-y", "1"]),
                       ("flip_y_subnormal", ["--flip-y", "1e-320"]),
                       ("n_samples_zero", ["--n-samples", "0"]),
                       ("n_samples_leading_zeros", ["--n-samples", "0007"]),
                       ("class_sep_negative", ["--class-sep", "-1"]),
                       ("class_sep_zero", ["--class-sep", "0"]),
                       ("scale_zero", ["--scale", "0"]),
                       ("one_class", ["--n-classes", "1"]),
                       ("weights_n_classes_minus_one",
                        ["--n-classes", "3", "--n-informative", "3",
                         "--weights", "0.3,0.3"])):
        case(f"sweep_mk_accepts_{name}", mk, out + args, 0,
             ["wrote out/features.npy"])
    case("sweep_mk_flip_y_just_above_one", mk,
         out + ["--flip-y", "1.0000000000000002"], 2,
         ["--flip-y: must be in [0, 1], got 1.0000000000000002"], gone)
    case("sweep_mk_class_sep_overflows", mk, out + ["--class-sep", "1e308"],
         2, ["class_sep, shift or scale overflow a double"], gone)
    case("sweep_mk_shift_two_values", mk, out + ["--shift", "1,2"], 2,
         ["shift has 2 values; expected 1 or n_features=20"], gone)
    case("sweep_mk_weights_three_for_two", mk,
         out + ["--weights", "0.2,0.3,0.5"], 2,
         ["incompatible with number of classes (3 weights, 2 classes)"],
         gone)
    # A trailing comma is an empty item, refused as in --init-weights (it
    # was dropped: "0.5," read as 0.5, "100," as one part).
    for flag, value in (("--weights", "0.5,"), ("--shift", "1,"),
                        ("--scale", "2,")):
        case(f"sweep_mk_{flag[2:]}_trailing_comma", mk, out + [flag, value],
             2, [f"{flag}: '' is not a number"], gone)
    case("sweep_mk_split_trailing_comma", mk, out + ["--split", "100,"], 2,
         ["--split: '' is not a whole number"], gone)
    case("sweep_mk_split_one_part", mk, out + ["--split", "100"], 0,
         ["wrote out/train/features.npy (100, 20)"])
    case("sweep_mk_split_empty_train", mk, out + ["--split", "0,100"], 0,
         ["wrote out/train/features.npy (0, 20)"])
    case("sweep_mk_split_hex", mk, out + ["--split", "0x32,50"], 2,
         ["--split: '0x32' is not a whole number"], gone)
    case("sweep_mk_n_samples_whitespace", mk, out + ["--n-samples", "100 "],
         2, ["--n-samples: '100 ' is not a whole number"], gone)
    case("sweep_mk_random_state_none_word", mk,
         out + ["--random-state", "None"], 2,
         ["--random-state: 'None' is not a whole number"], gone)
    case("sweep_mk_class_sep_empty", mk, out + ["--class-sep", ""], 2,
         ["--class-sep: '' is not a number"], gone)
    case("sweep_mk_format_csv_split", mk,
         out + ["--format", "csv", "--split", "40,60"], 0,
         ["wrote out/valid/features.csv (60, 20)"])
    # Flag forms.
    case("sweep_mk_flag_twice", mk, out + ["--n-samples", "10",
                                           "--n-samples", "20"], 2,
         ["--n-samples"], gone)
    case("sweep_mk_equals_form", mk, ["--output-dir=out", "--n-samples=30"],
         0, ["wrote out/features.npy (30, 20)"])
    case("sweep_mk_after_double_dash", mk, out + ["--", "--n-samples", "5"],
         2, ["not expected"], gone)
    # CLI11 reads each value as it comes: a bad one is named even after
    # --help (argparse would print the help), never ignored.
    case("sweep_mk_help_then_bad_value", mk, ["--help", "--n-samples", "x"],
         2, ["--n-samples: 'x' is not a whole number"], gone)
    case("sweep_mk_single_dash_flag", mk, out + ["-n-samples", "5"], 2, [],
         gone)

    # --- blocks-make-classification: hostile output folders.
    case("sweep_mk_output_in_proc", mk, ["--output-dir", "/proc/self"], 2,
         ["/proc/self/features.npy"])
    case("sweep_mk_output_in_sys", mk, ["--output-dir", "/sys/kernel"], 2,
         ["/sys/kernel/features.npy"])
    case("sweep_mk_output_is_dev_full", mk, ["--output-dir", "/dev/full"], 2,
         ["/dev/full/features.npy"])
    def symlink_loop(cwd):
        os.symlink("loop", os.path.join(cwd, "loop"))
    case("sweep_mk_output_symlink_loop", mk, ["--output-dir", "loop/x"], 2,
         ["loop/x"], setup=symlink_loop)
    case("sweep_mk_output_path_too_long", mk,
         ["--output-dir", "/".join(["d" * 200] * 25)], 2,
         ["File name too long"])
    odd = "a b\nc-\u00e9\u4e2d"
    case("sweep_mk_output_odd_name", mk, ["--output-dir", odd], 0,
         ["wrote"], check=lambda cwd: [] if os.path.isfile(
             os.path.join(cwd, odd, "labels.npy")) else ["no labels.npy"])
    case("sweep_mk_output_leading_dash", mk, ["--output-dir=-out"], 0,
         ["wrote -out/features.npy"])
    def tmpfs(size):
        def setup(cwd):
            os.mkdir(os.path.join(cwd, "small"))
            subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}",
                            "tmpfs", os.path.join(cwd, "small")], check=True)
        return setup
    def unmount(cwd):
        left = sorted(os.listdir(os.path.join(cwd, "small")))
        subprocess.run(["umount", os.path.join(cwd, "small")])
        return [] if left in ([], ["out"]) and not os.listdir(
            os.path.join(cwd, "small", "out") if "out" in left else
            os.path.join(cwd, "small")) else [f"left in small/: {left}"]
    if os.getuid() == 0 and shutil.which("mount"):
        case("sweep_mk_full_tmpfs", mk,
             ["--n-samples", "2000", "--output-dir", "small/out"], 2,
             ["No space left on device"], setup=tmpfs("64k"), check=unmount)
        case("sweep_mk_full_tmpfs_split", mk,
             ["--n-samples", "2000", "--split", "100,1900", "--output-dir",
              "small/out"], 2, ["No space left on device"],
             setup=tmpfs("64k"), check=unmount)
    else:
        print("note: not root; the tmpfs cases did not run")

    # --- blocks-train: each numeric flag's range (torch 1.13.1's SGD
    # refuses only lr, momentum, weight_decay < 0 and a bad nesterov).
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    case("sweep_tr_seed_numpy_2_32", tr,
         ok + ["--sampler", "numpy", "--seed", "4294967296"], 2,
         [f"--seed: {seed_words}4294967296"], hist, data_with())
    case("sweep_tr_seed_numpy_2_64_minus_1", tr,
         ok + ["--sampler", "numpy", "--shuffle", "true", "--seed",
               "18446744073709551615"], 2,
         [f"--seed: {seed_words}18446744073709551615"], hist, data_with())
    case("sweep_tr_seed_numpy_largest", tr,
         ok + ["--sampler", "numpy", "--shuffle", "true", "--seed",
               "4294967295"], 0, ["epoch"], (), data_with())
    # torch.manual_seed takes any 64-bit seed.
    case("sweep_tr_seed_torch_2_64_minus_1", tr,
         ok + ["--shuffle", "true", "--seed", "18446744073709551615"], 0,
         ["epoch"], (), data_with())
    case("sweep_tr_seed_hex", tr, ok + ["--seed", "0x10"], 2,
         ["--seed: must be a whole number, got '0x10'"], hist, data_with())
    def header_only(cwd):
        with open(os.path.join(cwd, "h.csv")) as f:
            lines = f.read().splitlines()
        return [] if len(lines) == 1 else [f"h.csv has {len(lines)} lines"]
    # range(0) in a PyTorch script: no epoch, the untrained model tested.
    case("sweep_tr_epochs_zero", tr,
         ["--data", "data", "--epochs", "0", "--history", "h.csv"], 0,
         [" test  "], (), data_with(), check=header_only)
    case("sweep_tr_epochs_plus_sign", tr,
         ["--data", "data", "--epochs", "+2"], 2,
         ["--epochs: must be a whole number, got '+2'"], (), data_with())
    case("sweep_tr_epochs_2_64", tr,
         ["--data", "data", "--epochs", "18446744073709551616"], 2,
         ["--epochs: must be below 2^64"], (), data_with())
    case("sweep_tr_batch_size_2_64_minus_1", tr,
         ok + ["--batch-size", "18446744073709551615"], 0, ["epoch"], (),
         data_with())
    for name, args in (("lr_zero", ["--lr", "0"]),
                       ("lr_minus_zero", ["--lr", "-0"]),
                       ("lr_subnormal", ["--lr", "1e-320"]),
                       ("momentum_above_one", ["--momentum", "1.5"]),
                       ("dampening_negative", ["--dampening", "-1"]),
                       ("dampening_above_one",
                        ["--momentum", "0.9", "--dampening", "2"]),
                       ("weight_decay_minus_zero", ["--weight-decay", "-0"]),
                       ("nesterov_false", ["--nesterov=false"]),
                       ("shuffle_True", ["--shuffle", "True"])):
        case(f"sweep_tr_accepts_{name}", tr, ok + args, 0, ["epoch"], (),
             data_with())
    for name, args, words in (
            ("lr_inf", ["--lr", "inf"], ["--lr: 'inf' is not a number"]),
            ("lr_hex_float", ["--lr", "0x1p-3"],
             ["--lr: '0x1p-3' is not a number"]),
            ("lr_1e400", ["--lr", "1e400"],
             ["--lr: '1e400' is too large for a double"]),
            ("lr_leading_space", ["--lr", " 0.1"],
             ["--lr: ' 0.1' is not a number"]),
            ("lr_comma_decimal", ["--lr", "0,1"],
             ["--lr: '0,1' is not a number"]),
            ("momentum_minus_tiny", ["--momentum", "-1e-300"],
             ["Invalid momentum value: -1e-300"]),
            ("weight_decay_negative", ["--weight-decay", "-0.5"],
             ["Invalid weight_decay value: -0.5"]),
            ("dampening_nan", ["--dampening", "nan"],
             ["--dampening: 'nan' is not a number"]),
            ("nesterov_dampening", ["--momentum", "0.9", "--dampening",
                                    "0.1", "--nesterov"],
             ["Nesterov momentum requires a momentum and zero dampening"]),
            ("nesterov_yes", ["--nesterov=yes"],
             ["'yes' is neither true nor false"]),
            ("init_bias_alone", ["--init-bias", "0"], ["--init-weights"]),
            ("init_weights_trailing_comma",
             ["--init-weights", "1,2,3,4,", "--init-bias", "0"],
             ["--init-weights: '' is not a number"]),
            ("init_weights_inf",
             ["--init-weights", "1,inf,3,4", "--init-bias", "0"],
             ["--init-weights: 'inf' is not a number"]),
            ("init_with_init_weights",
             ["--init", "torch-default", "--init-weights", "1,2,3,4",
              "--init-bias", "0"], ["excludes"]),
            ("model_empty", ["--model", ""], ["--model"]),
            ("sampler_unknown", ["--sampler", "random"], ["random"]),
            ("lr_twice", ["--lr", "0.1", "--lr", "0.2"], ["--lr"]),
            ("flags_after_double_dash", ["--", "--lr", "0.1"],
             ["not expected"])):
        case(f"sweep_tr_{name}", tr, ok + args, 2, words, hist, data_with(),
             unwanted=["train_loss"])
    # Finite values that overflow: stopped with status 1 and a reason.
    for name, args, words in (
            ("momentum_1e308", ["--momentum", "1e308"],
             ["a parameter became NaN or infinite"]),
            ("weight_decay_1e308", ["--weight-decay", "1e308"],
             ["a parameter became NaN or infinite"]),
            ("init_bias_1e308",
             ["--init-weights", "0,0,0,0", "--init-bias", "1e308"],
             ["the loss is inf at epoch 1, batch 1"])):
        case(f"sweep_tr_diverges_{name}", tr, ok + args, 1, words, hist,
             data_with())
    case("sweep_tr_help_then_bad_value", tr, ["--help", "--lr", "nan"], 2,
         ["--lr: 'nan' is not a number"])
    # An unknown word after --help: the help, as argparse prints it.
    case("sweep_tr_help_then_unknown_flag", tr, ["--help", "--frobnicate"],
         0, ["--lr NUMBER"], unwanted=["frobnicate"])
    case("sweep_tr_equals_forms", tr,
         ["--data=data", "--epochs=2", "--lr=0.1", "--history=h.csv"], 0,
         ["epoch"], (), data_with())

    # --- blocks-train: hostile data folders and files.
    def then(setup, extra):
        def both(cwd):
            setup(cwd)
            extra(cwd)
        return both
    def replace_path(rel, how):
        def setup(cwd):
            path = os.path.join(cwd, "data", rel)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
            how(path)
        return then(data_with(), setup)
    def a_file(path):
        write(path, b"not a folder")
    case("sweep_tr_train_is_a_file", tr, ok, 2, ["data/train/features.npy"],
         hist, replace_path("train", a_file))
    case("sweep_tr_features_is_a_folder", tr, ok, 2,
         ["data/train/features.npy"], hist,
         replace_path("train/features.npy", os.mkdir))
    case("sweep_tr_features_dangling_link", tr, ok, 2,
         ["data/train/features.npy"], hist,
         replace_path("train/features.npy",
                      lambda p: os.symlink("nowhere.npy", p)))
    case("sweep_tr_features_self_link", tr, ok, 2,
         ["data/train/features.npy"], hist,
         replace_path("train/features.npy", lambda p: os.symlink(p, p)))
    case("sweep_tr_labels_dev_zero", tr, ok, 2, ["data/train/labels.npy"],
         hist, replace_path("train/labels.npy",
                            lambda p: os.symlink("/dev/zero", p)))
    case("sweep_tr_labels_dev_null", tr, ok, 2, ["data/train/labels.npy"],
         hist, replace_path("train/labels.npy",
                            lambda p: os.symlink("/dev/null", p)))
    case("sweep_tr_features_proc_file", tr, ok, 2,
         ["data/train/features.npy"], hist,
         replace_path("train/features.npy",
                      lambda p: os.symlink("/proc/self/status", p)))
    def data_loop(cwd):
        os.symlink("data", os.path.join(cwd, "data"))
    case("sweep_tr_data_symlink_loop", tr, ok, 2, ["data/train/features.npy"],
         hist, data_loop)
    def data_link(cwd):
        make_data(cwd, "real")
        os.symlink("real", os.path.join(cwd, "data"))
    case("sweep_tr_data_is_a_link", tr, ok, 0, ["epoch"], (), data_link)
    case("sweep_tr_data_trailing_slash", tr,
         ["--data", "data/"] + ok[2:], 0, ["epoch"], (), data_with())
    case("sweep_tr_data_is_a_split", tr, ["--data", "data/train"] + ok[2:],
         2, ["data/train/train/features.npy"], hist, data_with())
    case("sweep_tr_data_path_too_long", tr,
         ["--data", "/".join(["d" * 200] * 25)] + ok[2:], 2,
         ["File name too long"], hist)
    def unreadable(cwd):
        os.chmod(os.path.join(cwd, "data", "valid", "labels.npy"), 0)
    def as_nobody():
        if os.getuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
    case("sweep_tr_labels_unreadable", tr,
         ["--data", "data", "--epochs", "2"], 2,
         ["data/valid/labels.npy", "Permission denied"], (),
         then(data_with(), unreadable), preexec_fn=as_nobody)
    def odd_data(cwd):
        make_data(cwd, odd)
    case("sweep_tr_data_odd_name", tr, ["--data", odd, "--epochs", "2"], 0,
         ["epoch"], (), odd_data)
    def dash_data(cwd):
        make_data(cwd, "-d")
    case("sweep_tr_data_leading_dash", tr, ["--data=-d", "--epochs", "2"], 0,
         ["epoch"], (), dash_data)
    case("sweep_tr_history_leading_dash", tr,
         ["--data", "data", "--epochs", "2", "--history=-h.csv"], 0, [], (),
         data_with(), check=lambda cwd: [] if os.path.isfile(
             os.path.join(cwd, "-h.csv")) else ["-h.csv was not written"])
    case("sweep_tr_history_newline_name", tr,
         ["--data", "data", "--epochs", "2", "--history", "h\n.csv"], 0, [],
         (), data_with(), check=lambda cwd: [] if os.path.isfile(
             os.path.join(cwd, "h\n.csv")) else ["h\\n.csv was not written"])
    case("sweep_tr_history_dev_full", tr,
         ["--data", "data", "--epochs", "2", "--history", "/dev/full"], 2,
         ["--history", "/dev/full"], (), data_with(),
         unwanted=["train_loss"],
         check=lambda cwd: [] if os.path.exists("/dev/full") and
         not os.path.isfile("/dev/full") else ["/dev/full was replaced"])
    case("sweep_tr_checkpoint_in_sys", tr,
         ["--data", "data", "--epochs", "2", "--checkpoint",
          "/sys/kernel/c.txt"], 2, ["--checkpoint"], (), data_with(),
         unwanted=["train_loss"])
    case("sweep_tr_history_under_a_file", tr,
         ["--data", "data", "--epochs", "2", "--history",
          "data/train/features.npy/h.csv"], 2, ["--history"], (),
         data_with(), unwanted=["train_loss"])
    case("sweep_tr_history_is_the_resume", tr,
         ["--data", "data", "--epochs", "2", "--history", "c.txt",
          "--resume", "./c.txt"], 2,
         ["would overwrite the checkpoint to resume from"], (),
         data_with(), unwanted=["train_loss"])
    if os.getuid() == 0 and shutil.which("mount"):
        def data_and_tmpfs(cwd):
            data_with()(cwd)
            tmpfs("4k")(cwd)
            write(os.path.join(cwd, "small", "filler"), b"x" * 4096)
        def tmpfs_left(cwd):
            left = sorted(os.listdir(os.path.join(cwd, "small")))
            subprocess.run(["umount", os.path.join(cwd, "small")])
            return [] if left == ["filler"] else [f"left: {left}"]
        case("sweep_tr_history_full_tmpfs", tr,
             ["--data", "data", "--epochs", "2", "--history", "small/h.csv"],
             2, ["small/h.csv", "No space left on device"],
             setup=data_and_tmpfs, check=tmpfs_left)

    # --- malformed .npy files (NumPy refuses each, or means another thing).
    def header_npy(header, payload):
        h = header + " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
        return (b"\x93NUMPY\x01\x00" + struct.pack("<H", len(h)) +
                h.encode("latin1") + payload)
    rows = f8(good_features())
    for name, content, words in (
            ("object_dtype", npy("|O", (60, 4), b"\0" * 1920),
             ["train/features.npy"]),
            ("complex_dtype", npy("<c16", (60, 4), b"\0" * 3840),
             ["train/features.npy"]),
            ("unicode_dtype", npy("<U5", (60, 4), b"\0" * 4800),
             ["train/features.npy"]),
            ("bool_dtype", npy("|b1", (60, 4), b"\0" * 240),
             ["train/features.npy"]),
            ("rank3", npy("<f8", (60, 4, 1), rows), ["train/features.npy"]),
            ("negative_shape", header_npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (-60, 4), }",
                rows), ["train/features.npy"]),
            ("extra_key", header_npy(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (60, 4), "
                "'x': 1, }", rows), ["train/features.npy"]),
            ("missing_key", header_npy(
                "{'descr': '<f8', 'shape': (60, 4), }", rows),
             ["train/features.npy"]),
            ("header_not_a_dict", header_npy("[1, 2, 3]", rows),
             ["train/features.npy"]),
            ("shape_2_63", npy("<f8", (2 ** 63 - 1, 4), rows),
             ["train/features.npy"]),
            ("shape_product_overflows", npy("<f8", (2 ** 40, 2 ** 40), rows),
             ["train/features.npy"]),
            ("header_length_past_end",
             b"\x93NUMPY\x01\x00" + struct.pack("<H", 60000) + b"{",
             ["train/features.npy"]),
            ("magic_only", b"\x93NUMPY", ["train/features.npy"]),
            ("version_9", b"\x93NUMPY\x09\x00" + npy("<f8", (60, 4),
                                                     rows)[8:],
             ["train/features.npy"]),
            ("too_many_bytes", npy("<f8", (60, 4), rows + f8([1.0])),
             ["train/features.npy"])):
        case(f"sweep_npy_{name}", tr, ok, 2, words, hist,
             data_with(train_features=content), unwanted=["train_loss"])
    header2 = b"{'descr': '<f8', 'fortran_order': False, 'shape': (60, 4), }"
    header2 += b" " * (128 - 12 - len(header2) - 1) + b"\n"  # 128 in all
    version2 = (b"\x93NUMPY\x02\x00" + struct.pack("<I", len(header2)) +
                header2 + rows)
    case("sweep_npy_version_2_is_read", tr, ok, 0, ["epoch"], (),
         data_with(train_features=version2))
    # Labels NumPy would hold, and a logistic regression cannot use.
    for name, content, words in (
            ("minus_one", npy("<i8", (60,), i8([0, -1] + [1] * 58)),
             ["label -1 at row 1"]),
            ("half", npy("<f8", (60,), f8([0.5] + [1.0] * 59)),
             ["data/train/labels.npy"]),
            ("nan", npy("<f8", (60,), f8([float("nan")] + [1.0] * 59)),
             ["data/train/labels.npy"]),
            ("int32", npy("<i4", (60,), struct.pack("<60i", *[1] * 60)),
             ["data/train/labels.npy"]),
            ("two_columns", npy("<i8", (60, 2), i8([1] * 120)),
             ["data/train/labels.npy"]),
            ("rows_61", npy("<i8", (61,), i8([1] * 61)), ["60 rows", "61"])):
        case(f"sweep_labels_{name}", tr, ok, 2, words, hist,
             data_with(train_labels=content), unwanted=["train_loss"])
    case("sweep_labels_column_vector", tr, ok, 0, ["epoch"], (),
         data_with(train_labels=npy("<i8", (60, 1), i8([0, 1] * 30))))
    case("sweep_valid_labels_rows_differ", tr, ok, 2, ["100 rows", "99"],
         hist, data_with(valid_labels=npy("<i8", (99,), i8([1] * 99))))
    case("sweep_test_labels_rows_differ", tr, ok, 2, ["40 rows", "39"],
         hist, data_with(test_labels=npy("<i8", (39,), i8([1] * 39))))
    case("sweep_valid_features_nan", tr, ok, 2, ["NaN at row 0, column 0"],
         hist, data_with(valid_features=npy("<f8", (100, 4), f8(
             [float("nan")] + [0.5] * 399))))

    # --- resuming from what is not this run's checkpoint.
    def checkpoint_of(args, folder="data", features=4):
        def setup(cwd):
            make_data(cwd, folder, features)
            if folder != "data":
                make_data(cwd)
            p = run(args[0], ["--data", folder, "--epochs", "1",
                              "--checkpoint", "c.txt"] + args[1:], cwd)
            assert p.returncode == 0, p.stdout
        return setup
    resume = ok + ["--resume", "c.txt"]
    case("sweep_resume_from_distributed", tr, resume, 2,
         ["was made by blocks-train-distributed, not by blocks-train"], hist,
         checkpoint_of([dt]))
    case("sweep_resume_other_sampler", tr, resume, 2,
         ["--sampler numpy", "--sampler torch"], hist,
         checkpoint_of([tr, "--sampler", "numpy"]))
    # Like torch.load, a checkpoint does not know its data: another data set
    # with as many features goes on from it.
    case("sweep_resume_other_data_same_width", tr, resume, 0, ["epoch"], (),
         checkpoint_of([tr], "other"))
    case("sweep_resume_into_itself", tr,
         ["--data", "data", "--epochs", "3", "--checkpoint", "c.txt",
          "--resume", "c.txt"], 0, ["    3  "], (), checkpoint_of([tr]))
    for name, content in (("empty", b""), ("history_csv", b"epoch,x\n1,2\n"),
                          ("npy", npy("<f8", (2,), f8([1, 2]))),
                          ("binary", bytes(range(256)))):
        case(f"sweep_resume_{name}", tr, resume, 2, ["c.txt"], hist,
             then(data_with(), lambda cwd, c=content:
                  write(os.path.join(cwd, "c.txt"), c)),
             unwanted=["train_loss"])
    case("sweep_resume_folder", tr, resume, 2, ["c.txt"], hist,
         then(data_with(), lambda cwd: os.mkdir(os.path.join(cwd, "c.txt"))))
    case("sweep_resume_fifo", tr, resume, 2, ["c.txt", "FIFO"], hist,
         then(data_with(), lambda cwd: os.mkfifo(os.path.join(cwd, "c.txt"))))
    case("sweep_resume_dev_null", tr, ok + ["--resume", "/dev/null"], 2,
         ["/dev/null"], hist, data_with())

    # --- blocks-train-distributed.
    if not os.path.exists(os.path.join(BIN, dt)):
        print(f"note: {dt} was not built; its sweep cases did not run")
        return
    syn = ["--epochs", "3", "--synthetic"]
    for name, value in (("rows_1e12", "1000000000000,1"),
                        ("features_1e12", "1,1000000000000"),
                        ("rows_2_64_minus_1", "18446744073709551615,2"),
                        ("both_2_32", "4294967296,4294967296")):
        case(f"sweep_dist_synthetic_{name}", dt, syn + [value], 2,
             [f"--synthetic {value} over 1 rank(s) needs",
              "GiB for each rank's rows"])
    # Diverged: status 1 and the loss, not NaN lines and status 0.
    for name, args in (("lr_1e308", ["--lr", "1e308"]),
                       ("lr_beyond_float", ["--lr", "1e39"]),
                       ("momentum_1e308", ["--momentum", "1e308"]),
                       ("double_lr_1e308", ["--lr", "1e308", "--precision",
                                            "double"])):
        case(f"sweep_dist_synthetic_diverges_{name}", dt,
             syn + ["10,3"] + args, 1, [", batch 1: the loss is "])
    case("sweep_dist_synthetic_epochs_zero", dt,
         ["--synthetic", "10,3", "--epochs", "0", "--history", "h.csv"], 0,
         ["synthetic 10 x 3"], check=header_only)
    case("sweep_dist_synthetic_zero_features", dt, ["--synthetic", "10,0"],
         2, ["--synthetic D: must be at least 1, got 0"])
    case("sweep_dist_synthetic_space", dt, ["--synthetic", " 10,3"], 2,
         ["--synthetic N: must be a whole number, got ' 10'"])
    case("sweep_dist_synthetic_three_numbers", dt, ["--synthetic", "10,3,4"],
         2, ["--synthetic D: must be a whole number, got '3,4'"])
    case("sweep_dist_kokkos_threads_empty", dt,
         ["--kokkos-threads=", "--synthetic", "10,2"], 2,
         ["Kokkos did not start", "(the Kokkos flags given: --kokkos-threads=)"])
    case("sweep_dist_seed_2_64_minus_1", dt,
         ok + ["--shuffle", "true", "--seed", "18446744073709551615"], 0,
         ["epoch"], (), data_with())
    case("sweep_dist_subnormal_float", dt, ok + ["--precision", "float"], 0,
         ["epoch"], (), data_with(train_features=npy("<f8", (60, 4), f8(
             [1e-320] + good_features()[1:]))))
    case("sweep_dist_resume_other_precision", dt,
         ok + ["--precision", "float", "--resume", "c.txt"], 2,
         ["--precision double", "--precision float"], hist,
         checkpoint_of([dt, "--precision", "double"]))
    case("sweep_dist_history_dev_full", dt, ok[:4] + ["--history",
                                                      "/dev/full"], 2,
         ["--history", "/dev/full"], (), data_with(),
         unwanted=["train_loss"])
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        print("note: no mpirun; the sweep's rank cases did not run")
        return
    two = (mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "2")
    three = (mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "3")
    case("sweep_dist_three_ranks_two_rows", dt, ok, 2, ["3 ranks", "2"],
         hist, data_with(train_features=npy("<f8", (2, 4), f8([0.5] * 8)),
                         train_labels=npy("<i8", (2,), i8([0, 1]))),
         launcher=three)
    case("sweep_dist_two_ranks_one_synthetic_row", dt,
         ["--synthetic", "1,3"], 2, ["2 ranks but only 1 samples"],
         launcher=two)
    case("sweep_dist_two_ranks_synthetic_huge", dt,
         ["--synthetic", "1000000000000,1000"], 2,
         ["over 2 rank(s) needs"], launcher=two)
    case("sweep_dist_two_ranks_diverge", dt,
         syn + ["10,3", "--lr", "1e308"], 1, [", batch 1: the loss is "],
         launcher=two)


def full_output_case(name, program, args, setup=None):
    """`program` with its standard output on /dev/full (a full disk): the
    run must fail with a message, not end with status 0 and its output
    lost."""
    if not os.path.exists("/dev/full"):
        print(f"note: no /dev/full; {name} did not run")
        return
    cwd = os.path.join(WORK, name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(cwd)
    if setup:
        setup(cwd)
    with open("/dev/full", "w") as full:
        p = subprocess.run([os.path.join(BIN, program)] + args, cwd=cwd,
                           stdout=full, stderr=subprocess.PIPE, text=True,
                           errors="replace", timeout=TIMEOUT_S)
    problems = []
    if p.returncode != 1:
        problems.append(f"status {p.returncode}, expected 1")
    words = "cannot write to standard output"
    if words not in p.stderr:
        problems.append(f"no '{words}' in the output")
    RESULTS.append((name, problems, p.stderr))


def mk_signal_case(name, sig):
    """blocks-make-classification interrupted while it writes 32 MB: it
    says so, the folder's old files are as they were and no temporary
    file is left (the sweep found one as large as the data per run)."""
    cwd = os.path.join(WORK, name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(cwd)
    make_data(cwd, "out")
    before = read_bytes(os.path.join(cwd, "out", "train", "features.npy"))
    p = subprocess.Popen(
        [os.path.join(BIN, "blocks-make-classification"), "--n-samples",
         "200000", "--n-features", "20", "--random-state", "2", "--split",
         "100000,50000,50000", "--output-dir", "out"],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    problems = []
    first = p.stdout.readline()  # printed once the data is made
    if not first.startswith("make_classification:"):
        problems.append("no first line: " + first)
    p.send_signal(sig)
    out = first + p.communicate(timeout=TIMEOUT_S)[0]
    if p.returncode != 128 + sig:
        problems.append(f"status {p.returncode}, expected {128 + sig}")
    if f"interrupted by signal {int(sig)}; no file was written" not in out:
        problems.append("no 'interrupted ... no file was written' in the "
                        "output")
    problems += [f"{s} was left behind" for s in stray_files(cwd)]
    if read_bytes(os.path.join(cwd, "out", "train", "features.npy")) != before:
        problems.append("out/train/features.npy was replaced")
    RESULTS.append((name, problems, out))


def sweep2_cases():
    """The second outside sweep (2026-12-05): output that cannot be
    written, an empty validation split, a DIR/test that is not a folder,
    and ranks given different output paths or different checkpoints."""
    mk, tr = "blocks-make-classification", "blocks-train"
    dt = "blocks-train-distributed"
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    full_output_case("sweep2_mk_stdout_full", mk,
                     ["--n-samples", "20", "--output-dir", "out"])
    full_output_case("sweep2_train_stdout_full", tr, ok[:4], data_with())
    for name, sig in [("sweep2_mk_sigterm_while_writing", signal.SIGTERM),
                      ("sweep2_mk_sigint_while_writing", signal.SIGINT)]:
        mk_signal_case(name, sig)
    case("sweep2_train_valid_empty", tr, ok, 2,
         ["data/valid holds no samples"], hist,
         data_with(valid_features=npy("<f8", (0, 4), b""),
                   valid_labels=npy("<i8", (0,), b"")),
         unwanted=["train_loss"])

    def test_replaced_by(make_it):
        def setup(cwd):
            make_data(cwd)
            shutil.rmtree(os.path.join(cwd, "data", "test"))
            make_it(os.path.join(cwd, "data", "test"))
        return setup
    not_a_folder = ["data/test is there but is not a folder"]
    case("sweep2_train_test_is_a_file", tr, ok, 2, not_a_folder, hist,
         test_replaced_by(lambda path: write(path, b"x\n")),
         unwanted=["train_loss"])
    case("sweep2_train_test_dangling_link", tr, ok, 2, not_a_folder, hist,
         test_replaced_by(lambda path: os.symlink("/nonexistent", path)),
         unwanted=["train_loss"])
    # Checkpoint text in messages: escape sequences shown, not acted on;
    # a 10 MB first line cut to a few words.
    def checkpoint_text(content):
        def setup(cwd):
            make_data(cwd)
            write(os.path.join(cwd, "c.txt"), content)
        return setup
    case("sweep2_train_resume_escape_sequence", tr,
         ok + ["--resume", "c.txt"], 2, ["c.txt", "\\x1b]0;PWNED\\x07"],
         hist, checkpoint_text(b"blocks-checkpoint 2\n\x1b]0;PWNED\x07\n"),
         unwanted=["\x1b"])
    case("sweep2_train_resume_ten_megabyte_line", tr,
         ok + ["--resume", "c.txt"], 2, ["c.txt", "(10000000 bytes)"], hist,
         checkpoint_text(b"a" * 10000000), unwanted=["a" * 200])
    mpirun = shutil.which("mpirun")
    if not os.path.exists(os.path.join(BIN, dt)) or mpirun is None:
        print(f"note: no {dt} or no mpirun; the sweep's rank cases did "
              "not run")
        return
    full_output_case("sweep2_dist_stdout_full", dt, ok[:4], data_with())
    one = (mpirun, "--allow-run-as-root", "--oversubscribe", "-np", "1")
    # mpirun's "A : B": the second rank's own flags.
    second_rank = [":", "-np", "1", os.path.join(BIN, dt)]
    case("sweep2_dist_checkpoint_on_rank_1_only", dt,
         ok + second_rank + ok + ["--checkpoint", "c1.txt"], 2,
         ["the ranks disagree on the flags"], hist + ("c1.txt",),
         data_with(), launcher=one)

    # Each rank resumes from r.txt in its own folder (a node-local disk),
    # one written after 2 epochs, the other after 1.
    def two_checkpoints(cwd):
        make_data(cwd)
        for folder, epochs in [("a", "2"), ("b", "1")]:
            os.makedirs(os.path.join(cwd, folder))
            p = run(dt, ["--data", "../data", "--epochs", epochs,
                         "--checkpoint", "r.txt"], os.path.join(cwd, folder))
            assert p.returncode == 0, p.stdout
    name = "sweep2_dist_ranks_resume_from_different_copies"
    folder = os.path.join(WORK, name)
    resume = ["--data", "../data", "--epochs", "3", "--resume", "r.txt"]
    case(name, dt,
         resume + [":", "-np", "1", "--wdir", os.path.join(folder, "b"),
                   os.path.join(BIN, dt)] + resume,
         2, ["the ranks disagree on the checkpoint r.txt: rank(s) 1"],
         (), two_checkpoints,
         launcher=one + ("--wdir", os.path.join(folder, "a")),
         kept=("a/r.txt", "b/r.txt"))


def address_space_limit(limit):
    """A preexec_fn: the process may map at most `limit` bytes (`ulimit
    -v`)."""
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


def sanitized(program):
    """Whether `program` was built with AddressSanitizer, whose shadow
    memory no address-space limit leaves room for."""
    return b"__asan_init" in read_bytes(os.path.join(BIN, program))


def sweep3_cases():
    """Left from the second sweep (2026-12-05): OpenBLAS under a memory
    limit; checkpoints resumed on another number of ranks or other data;
    impossible past epochs in a checkpoint."""
    tr = "blocks-train"
    ok = ["--data", "data", "--epochs", "2", "--history", "h.csv"]
    hist = ("h.csv",)
    # 1000 features: the step's product goes to BLAS, whose 129 MiB work
    # buffer does not fit in 150 MB with the program's own ~50 MB. It hung
    # in OpenBLAS, deaf to SIGTERM.
    if sanitized(tr):
        print("note: AddressSanitizer build; sweep3_train_memory_limit_blas "
              "did not run (its shadow memory exceeds any such limit)")
    else:
        case("sweep3_train_memory_limit_blas", tr, ok, 1,
             ["OpenBLAS needs 129 MiB of address space", "ulimit -v"], hist,
             lambda cwd: make_data(cwd, features=1000),
             preexec_fn=address_space_limit(150 * 1000 * 1000))

    # A checkpoint made on one data folder, resumed on another of the same
    # width (generated from another seed): refused, naming both checksums.
    def checkpoint_then_other_data(cwd):
        make_data(cwd)
        p = run(tr, ["--data", "data", "--epochs", "1", "--checkpoint",
                     "c.txt"], cwd)
        assert p.returncode == 0, p.stdout
        p = run("blocks-make-classification",
                ["--n-samples", "200", "--n-features", "4",
                 "--n-informative", "4", "--n-redundant", "0",
                 "--random-state", "2", "--split", "60,100,40",
                 "--output-dir", "other"], cwd)
        assert p.returncode == 0, p.stdout
    case("sweep3_train_resume_other_data", tr,
         ["--data", "other", "--epochs", "2", "--resume", "c.txt",
          "--history", "h.csv"], 2,
         ["--resume c.txt was made with data of checksum",
          ", not data of checksum"], hist, checkpoint_then_other_data,
         unwanted=["train_loss"], kept=("c.txt",))

    # A version 2 checkpoint (before `ranks` and `data`) still resumes,
    # and the run says what it could not check.
    def version_2_checkpoint(cwd):
        make_data(cwd)
        p = run(tr, ["--data", "data", "--epochs", "1", "--checkpoint",
                     "c.txt"], cwd)
        assert p.returncode == 0, p.stdout
        lines = read_bytes(os.path.join(cwd, "c.txt")).split(b"\n")
        assert lines[0] == b"blocks-checkpoint 3", lines[0]
        lines = [b"blocks-checkpoint 2", b"settings 13"] + [
            line for line in lines[2:]
            if not line.startswith((b"setting ranks ", b"setting data "))]
        write(os.path.join(cwd, "c.txt"), b"\n".join(lines))
    case("sweep3_train_resume_version_2", tr,
         ["--data", "data", "--epochs", "2", "--resume", "c.txt"], 0,
         ["note: --resume c.txt is a version 2 checkpoint",
          "not checked: ranks, data", "    2  "], (), version_2_checkpoint)

    # Data of 0 features: named by its file, in every training program.
    no_features = data_with(train_features=npy("<f8", (60, 0), b""),
                            valid_features=npy("<f8", (100, 0), b""))
    for name, program in [("train", tr), ("device", "blocks-train-device"),
                          ("dist", "blocks-train-distributed")]:
        if os.path.exists(os.path.join(BIN, program)):
            case(f"sweep3_{name}_zero_features", program, ok, 2,
                 ["data/train/features.npy has 0 features (shape (60, 0))"],
                 hist, no_features, unwanted=["in_features"])

    dt = "blocks-train-distributed"
    mpirun = shutil.which("mpirun")
    if not os.path.exists(os.path.join(BIN, dt)) or mpirun is None:
        print(f"note: no {dt} or no mpirun; the sweep's rank cases did "
              "not run")
        return
    ranks = (mpirun, "--allow-run-as-root", "--oversubscribe", "-np")
    ddp = ["--data", "data", "--semantics", "ddp"]

    # DDP's trajectory depends on the number of ranks (a step sees one
    # batch per rank): a checkpoint of 2 ranks resumed on 1 is refused.
    def ddp_checkpoint_of_two_ranks(cwd):
        make_data(cwd)
        p = run(dt, ddp + ["--epochs", "1", "--checkpoint", "c.txt"], cwd,
                launcher=ranks + ("2",))
        assert p.returncode == 0, p.stdout
    case("sweep3_dist_ddp_resume_other_ranks", dt,
         ddp + ["--epochs", "2", "--resume", "c.txt"], 2,
         ["--resume c.txt was made with -np 2, not -np 1"], (),
         ddp_checkpoint_of_two_ranks, launcher=ranks + ("1",),
         unwanted=["train_loss"], kept=("c.txt",))
    # Each rank reads its own copy of the data (a node-local disk): equal
    # copies at other paths train; a copy that differs is named.
    def data_and_copy(other_seed):
        def setup(cwd):
            make_data(cwd)
            if other_seed is None:
                shutil.copytree(os.path.join(cwd, "data"),
                                os.path.join(cwd, "copy"))
                return
            p = run("blocks-make-classification",
                    ["--n-samples", "200", "--n-features", "4",
                     "--n-informative", "4", "--n-redundant", "0",
                     "--random-state", other_seed, "--split", "60,100,40",
                     "--output-dir", "copy"], cwd)
            assert p.returncode == 0, p.stdout
        return setup
    copy_rank = [":", "-np", "1", os.path.join(BIN, dt), "--data", "copy",
                 "--epochs", "2"]
    case("sweep3_dist_ranks_read_equal_copies", dt,
         ["--data", "data", "--epochs", "2"] + copy_rank, 0, ["    2  "],
         (), data_and_copy(None), launcher=ranks + ("1",))
    case("sweep3_dist_ranks_read_different_copies", dt,
         ["--data", "data", "--epochs", "2"] + copy_rank, 2,
         ["the ranks disagree on the training data: rank(s) 1"],
         (), data_and_copy("2"), launcher=ranks + ("1",),
         unwanted=["train_loss"])
    # One process's semantics give the same trajectory on any number of
    # ranks: resuming on another number is allowed.
    def checkpoint_of_two_ranks(cwd):
        make_data(cwd)
        p = run(dt, ["--data", "data", "--epochs", "1", "--checkpoint",
                     "c.txt"], cwd, launcher=ranks + ("2",))
        assert p.returncode == 0, p.stdout
    case("sweep3_dist_resume_other_ranks_one_process", dt,
         ["--data", "data", "--epochs", "2", "--resume", "c.txt"], 0,
         ["    2  "], (), checkpoint_of_two_ranks, launcher=ranks + ("1",))


def main():
    global BIN, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("-k", default="")
    args = parser.parse_args()
    BIN, WORK = os.path.abspath(args.bin), os.path.abspath(args.work)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    groups = [("make", make_cases), ("train", train_cases),
              ("signal", signal_cases),
              ("demo", demo_cases), ("device", device_cases),
              ("dist", dist_cases),
              ("files", file_cases), ("sweep", sweep_cases),
              ("sweep2", sweep2_cases), ("sweep3", sweep3_cases)]
    for prefix, group in groups:
        if args.k in prefix or args.k == "":
            group()
    failed = 0
    for name, problems, output in RESULTS:
        print(("FAIL " if problems else "ok   ") + name)
        for problem in problems:
            print("     " + problem)
        if problems:
            failed += 1
            print("     output: " + output.strip()[-600:].replace(
                "\n", "\n             "))
    print(f"{len(RESULTS) - failed} of {len(RESULTS)} program cases pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
