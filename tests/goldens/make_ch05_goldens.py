#!/usr/bin/python3
"""Golden values for Chapter 5 (blocks::data), made by the reference libraries.

Run from the repository root with Debian's interpreter (NumPy 1.24,
scikit-learn 1.2.1, PyTorch 1.13):

    /usr/bin/python3 tests/goldens/make_ch05_goldens.py

The script re-executes itself with LD_LIBRARY_PATH pointing at Debian's
reference BLAS (package libblas3) and refuses to write anything unless NumPy
really loaded it: make_classification's matrix products are bit-exact only
against the reference BLAS's in-order dot products (OpenBLAS blocks and
reorders its sums, which changes the last bits). Doubles are stored exactly:
.npy files for arrays, float.hex() in text files.
"""
import os
import sys

REF_BLAS_DIR = "/usr/lib/x86_64-linux-gnu/blas"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "ch05")

if os.environ.get("LD_LIBRARY_PATH", "").split(":")[0] != REF_BLAS_DIR:
    if not os.path.exists(os.path.join(REF_BLAS_DIR, "libblas.so.3")):
        sys.exit("install libblas3 (Debian's reference BLAS) first")
    env = dict(os.environ, LD_LIBRARY_PATH=REF_BLAS_DIR)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
import torch  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from torch.utils.data import DataLoader, DistributedSampler  # noqa: E402
from torch.utils.data import RandomSampler, random_split  # noqa: E402


def check_reference_blas():
    """NumPy's products must be the reference BLAS's in-order dot products.

    scipy (imported by scikit-learn) may load OpenBLAS's LAPACK next to the
    reference BLAS, so check the behaviour, not only the loaded files: the
    reference BLAS rounds every product and every sum separately, left to
    right, exactly what a plain Python loop does.
    """
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line}
    if not any(lib.startswith(REF_BLAS_DIR + "/") for lib in libs):
        sys.exit("NumPy did not load the reference BLAS: %s" % sorted(libs))
    rng = np.random.RandomState(0)
    a, b = rng.standard_normal((40, 37)), rng.standard_normal((37, 29))
    c = a @ b
    for i in range(a.shape[0]):
        for j in range(b.shape[1]):
            acc = 0.0
            for k in range(a.shape[1]):
                acc = acc + float(a[i, k]) * float(b[k, j])
            if acc != c[i, j]:
                sys.exit("np.dot is not the reference BLAS's in-order sum")


def hexes(values):
    return " ".join(float(v).hex() for v in values)


def ints(values):
    return " ".join(str(int(v)) for v in values)


def random_state_streams(out):
    """One line per (seed, call): `seed name values...`."""
    highs = [2, 3, 10, 1000, 1024, 1025, 2**32 - 1, 2**32, 2**32 + 1,
             2**40, 10**15]
    for seed in [0, 1, 42, 123, 2**31, 2**32 - 1]:
        rs = np.random.RandomState(seed)
        out.write("%d random_sample %s\n" % (seed, hexes(rs.random_sample(6))))
        out.write("%d standard_normal %s\n"
                  % (seed, hexes(rs.standard_normal(9))))
        # The odd count leaves a cached normal; uniform/randint keep it.
        out.write("%d uniform_-3_7 %s\n" % (seed, hexes(rs.uniform(-3, 7, 3))))
        for high in highs:
            out.write("%d randint_%d %s\n"
                      % (seed, high, ints(rs.randint(high, size=5))))
        out.write("%d standard_normal %s\n"
                  % (seed, hexes(rs.standard_normal(3))))
        out.write("%d randint_-5_5 %s\n" % (seed, ints(rs.randint(-5, 5, 5))))
        out.write("%d randint_1 %s\n" % (seed, ints(rs.randint(1, size=3))))
        out.write("%d permutation_10 %s\n" % (seed, ints(rs.permutation(10))))
        out.write("%d permutation_1000 %s\n"
                  % (seed, ints(rs.permutation(1000))))
        out.write("%d random_sample %s\n" % (seed, hexes(rs.random_sample(2))))


# name -> keyword arguments of make_classification
CASES = {
    # The notebook's call: balanced classes (cluster sizes 137, 137, 136, ...).
    "notebook": dict(n_samples=1090, n_features=10, n_informative=10,
                     n_redundant=0, n_repeated=0, n_classes=2,
                     n_clusters_per_class=4, flip_y=0.01, random_state=123),
    "notebook_weighted": dict(n_samples=1090, n_features=10,
                              n_informative=10, n_redundant=0,
                              n_repeated=0, n_classes=2,
                              n_clusters_per_class=4, weights=(0.3, 0.7),
                              random_state=123),
    "notebook_seed_max": dict(n_samples=200, n_features=10, n_informative=10,
                              n_redundant=0, n_classes=2,
                              n_clusters_per_class=4, weights=(0.3, 0.7),
                              random_state=2**32 - 1),
    "defaults": dict(random_state=0),
    "redundant_repeated": dict(n_samples=150, n_features=12, n_informative=3,
                               n_redundant=4, n_repeated=3, random_state=7),
    "one_redundant": dict(n_samples=80, n_features=6, n_informative=3,
                          n_redundant=1, random_state=5),
    "weights_short": dict(n_samples=120, n_features=5, n_informative=3,
                          n_redundant=0, n_classes=3, weights=[0.2, 0.5],
                          random_state=11),
    "weights_over_one": dict(n_samples=100, n_features=4, n_informative=2,
                             n_redundant=0, weights=[0.9, 0.9],
                             random_state=3),
    "three_classes": dict(n_samples=90, n_features=8, n_informative=4,
                          n_redundant=1, n_classes=3, random_state=21),
    "four_classes": dict(n_samples=101, n_features=6, n_informative=3,
                         n_redundant=0, n_classes=4, n_clusters_per_class=1,
                         class_sep=2.5, random_state=8),
    "shift_scale_none": dict(n_samples=60, n_features=7, n_informative=3,
                             n_redundant=2, shift=None, scale=None,
                             random_state=9),
    "shift_scale_vector": dict(n_samples=50, n_features=4, n_informative=2,
                               n_redundant=0,
                               shift=[0.5, -1.0, 2.0, 0.0],
                               scale=[1.0, 2.0, 0.5, 3.0], random_state=10),
    "no_hypercube": dict(n_samples=70, n_features=5, n_informative=3,
                         n_redundant=1, hypercube=False, random_state=12),
    "no_shuffle": dict(n_samples=70, n_features=5, n_informative=3,
                       n_redundant=1, shuffle=False, random_state=13),
    "flip_03": dict(n_samples=100, n_features=5, n_informative=3,
                    n_redundant=0, flip_y=0.3, random_state=14),
    "flip_negative": dict(n_samples=100, n_features=5, n_informative=3,
                          n_redundant=0, flip_y=-1.0, random_state=15),
    "flip_zero": dict(n_samples=40, n_features=3, n_informative=2,
                      n_redundant=0, flip_y=0.0, random_state=15),
    "permutation_path": dict(n_samples=60, n_features=4, n_informative=3,
                             n_redundant=0, random_state=16),
    "large_informative": dict(n_samples=40, n_features=35, n_informative=33,
                              n_redundant=0, n_clusters_per_class=1,
                              random_state=17),
    "one_informative": dict(n_samples=30, n_features=3, n_informative=1,
                            n_redundant=0, n_clusters_per_class=1,
                            random_state=18),
    "one_row_clusters": dict(n_samples=5, n_features=4, n_informative=3,
                             n_redundant=1, n_clusters_per_class=4,
                             random_state=19),
    "class_sep_half": dict(n_samples=64, n_features=6, n_informative=4,
                           n_redundant=2, class_sep=0.5, random_state=20),
}


def make_classification_cases():
    with open(os.path.join(OUT, "make_classification_cases.txt"), "w") as f:
        f.write("# name key=value ... (None written as none; lists with ,)\n")
        for name, kwargs in CASES.items():
            X, y = make_classification(**kwargs)
            assert X.dtype == np.float64 and y.dtype == np.int64
            np.save(os.path.join(OUT, "mc_%s_X.npy" % name), X)
            np.save(os.path.join(OUT, "mc_%s_y.npy" % name), y)
            items = []
            for key, value in kwargs.items():
                if value is None:
                    text = "none"
                elif isinstance(value, (list, tuple)):
                    text = ",".join(repr(float(v)) for v in value)
                else:
                    text = repr(value)
                items.append("%s=%s" % (key, text))
            f.write("%s %s\n" % (name, " ".join(items)))


def notebook_split():
    np.random.seed(123)
    perm = np.random.permutation(1090)
    with open(os.path.join(OUT, "notebook_split.txt"), "w") as f:
        f.write("# np.random.seed(123); np.random.permutation(1090)\n")
        f.write(ints(perm) + "\n")


def torch_goldens():
    with open(os.path.join(OUT, "torch_generator.txt"), "w") as f:
        for seed in [0, 1, 123, 2**32 + 5, 67280421310721]:
            torch.manual_seed(seed)
            r = [int(torch.empty((), dtype=torch.int64).random_().item())
                 for _ in range(4)]
            f.write("%d random_ %s\n" % (seed, ints(r)))
            f.write("%d randperm_10 %s\n" % (seed, ints(torch.randperm(10))))
            f.write("%d randperm_1000 %s\n"
                    % (seed, ints(torch.randperm(1000))))
            u32 = torch.empty(5, dtype=torch.float32).uniform_(-2.0, 3.0)
            f.write("%d uniform_f32 %s\n" % (seed, hexes(u32.tolist())))
            u64 = torch.empty(5, dtype=torch.float64).uniform_(-2.0, 3.0)
            f.write("%d uniform_f64 %s\n" % (seed, hexes(u64.tolist())))
            u64 = torch.empty(3, dtype=torch.float64).uniform_()
            f.write("%d uniform_f64_01 %s\n" % (seed, hexes(u64.tolist())))

    with open(os.path.join(OUT, "torch_loader.txt"), "w") as f:
        f.write("# case epoch batch: indices\n")
        # Default mode: PyTorch 1.13's DataLoader(shuffle=True) on the
        # global generator, three epochs.
        for seed, n, bs, drop in [(0, 10, 3, False), (123, 1090, 64, False),
                                  (7, 25, 4, True)]:
            torch.manual_seed(seed)
            loader = DataLoader(range(n), batch_size=bs, shuffle=True,
                                drop_last=drop)
            for epoch in range(3):
                batches = [b.tolist() for b in loader]
                for i, b in enumerate(batches):
                    f.write("global_%d_%d_%d_%d %d %d: %s\n"
                            % (seed, n, bs, int(drop), epoch, i, ints(b)))
            after = int(torch.empty((), dtype=torch.int64).random_().item())
            f.write("global_%d_%d_%d_%d after: %d\n"
                    % (seed, n, bs, int(drop), after))
        # DataLoader(generator=g)
        for seed, n, bs in [(5, 12, 5), (123, 1090, 64)]:
            g = torch.Generator()
            g.manual_seed(seed)
            loader = DataLoader(range(n), batch_size=bs, shuffle=True,
                                generator=g)
            for epoch in range(3):
                for i, b in enumerate(loader):
                    f.write("generator_%d_%d_%d %d %d: %s\n"
                            % (seed, n, bs, epoch, i, ints(b.tolist())))
        # The notebook's era: one randperm(n) per epoch from the global
        # generator, after the loader's own 64-bit seed draw. Drawn here
        # with torch's primitives in exactly that order.
        for seed, n in [(123, 90), (1, 10)]:
            torch.manual_seed(seed)
            for epoch in range(3):
                torch.empty((), dtype=torch.int64).random_()
                perm = torch.randperm(n)
                f.write("legacy_%d_%d %d: %s\n"
                        % (seed, n, epoch, ints(perm.tolist())))

    with open(os.path.join(OUT, "torch_distributed.txt"), "w") as f:
        f.write("# n replicas shuffle seed drop_last epoch rank: indices\n")
        for n, R, shuffle, seed, drop in [(10, 3, False, 0, False),
                                          (10, 3, False, 0, True),
                                          (2, 4, False, 0, False),
                                          (10, 3, True, 0, False),
                                          (1090, 4, True, 42, False),
                                          (11, 4, True, 7, True),
                                          (3, 8, True, 1, False)]:
            for epoch in range(2):
                for rank in range(R):
                    s = DistributedSampler(range(n), num_replicas=R,
                                           rank=rank, shuffle=shuffle,
                                           seed=seed, drop_last=drop)
                    s.set_epoch(epoch)
                    f.write("%d %d %d %d %d %d %d: %s\n"
                            % (n, R, int(shuffle), seed, int(drop), epoch,
                               rank, ints(list(s))))

    with open(os.path.join(OUT, "torch_random_split.txt"), "w") as f:
        f.write("# seed n lengths: one line per subset\n")
        for seed, n, lengths in [(0, 10, [3, 7]), (123, 1090, [90, 500, 500]),
                                 (4, 9, [0.5, 0.5])]:
            torch.manual_seed(seed)
            parts = random_split(range(n), lengths)
            for i, part in enumerate(parts):
                f.write("%d %d %s %d: %s\n"
                        % (seed, n, ",".join(repr(v) for v in lengths), i,
                           ints(part.indices)))


def torch_replacement_goldens():
    """RandomSampler(replacement=True): randint chunks of 32, then the rest."""
    with open(os.path.join(OUT, "torch_replacement.txt"), "w") as f:
        f.write("# randint seed high: values (torch.randint(high, (k,)))\n")
        f.write("# sampler case epoch: indices; case after: next random_()\n")
        for seed in [0, 123]:
            for high in [1, 2, 7, 1000, 2**31, 2**32 - 1, 2**32, 2**32 + 1,
                         2**40, 10**15]:
                torch.manual_seed(seed)
                values = torch.randint(high, (12,)).tolist()
                f.write("randint %d %d: %s\n" % (seed, high, ints(values)))
        # On the global generator (a private one per epoch, seeded by one
        # random_()) and on a user generator; num_samples below, at and
        # above the chunk of 32, a whole number of chunks, and a range
        # past 32 bits (random64 instead of random).
        for seed, n, num in [(0, 10, None), (123, 1090, 70), (7, 5, 64),
                             (1, 3, 1), (2, 2**32 + 3, 40)]:
            for which in ["global", "generator"]:
                g = None
                if which == "global":
                    torch.manual_seed(seed)
                else:
                    g = torch.Generator()
                    g.manual_seed(seed)
                s = RandomSampler(range(n), replacement=True,
                                  num_samples=num, generator=g)
                case = "%s_%d_%d_%d" % (which, seed, n, num or 0)
                for epoch in range(2):
                    f.write("sampler %s %d: %s\n"
                            % (case, epoch, ints(list(s))))
                after = torch.empty((), dtype=torch.int64).random_(
                    generator=g)
                f.write("sampler %s after: %d\n" % (case, int(after.item())))
        for bad in [0, -3]:
            try:
                RandomSampler(range(4), replacement=True, num_samples=bad)
                f.write("# num_samples=%d accepted\n" % bad)
            except ValueError as e:
                f.write("# num_samples=%d: ValueError: %s\n" % (bad, e))


def main():
    check_reference_blas()
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "random_state.txt"), "w") as f:
        f.write("# seed call values (doubles as float.hex)\n")
        random_state_streams(f)
    make_classification_cases()
    notebook_split()
    torch_goldens()
    torch_replacement_goldens()
    with open(os.path.join(OUT, "VERSIONS"), "w") as f:
        f.write("numpy %s (reference BLAS %s)\nscikit-learn %s\ntorch %s\n"
                % (np.__version__, REF_BLAS_DIR, sklearn.__version__,
                   torch.__version__))


if __name__ == "__main__":
    main()
