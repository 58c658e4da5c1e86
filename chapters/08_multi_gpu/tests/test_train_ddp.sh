#!/bin/sh
# blocks-train-distributed --semantics ddp against real PyTorch DDP: its
# history under mpirun -np 2 and -np 3 (and 4, padded and drop_last)
# equals tests/goldens/ch08/ (make_ch08_ddp_goldens.py) to 1e-10, ordered
# and shuffled; one-process stays the default; ddp on one rank is plain
# training; bad values are clear errors with status 2.
#   test_train_ddp.sh <blocks-train-distributed> <blocks-train>
#                     <blocks-make-classification> <goldens dir> <dir>
set -u
dtrain=$1 train=$2 make=$3 goldens=$4 dir=$5
. "$(dirname "$0")/../../07_kokkos/tests/history_checks.sh"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
mpirun="timeout 120 mpirun --allow-run-as-root --oversubscribe"

make_notebook_data

# The notebook's initial weights, as make_ch06_goldens.py has them.
init="--init-weights=-0.12895013,0.01047492,-0.15705723,0.11925378,\
-0.26944348,0.23180881,-0.22984707,-0.25141433,-0.19982024,0.1432175 \
--init-bias -0.11684369"
common="--data data --epochs 10 --lr 0.01 --momentum 0.9"
# blocks-train computes in double, and has no --precision.
double="--precision double"

# golden NAME NP BATCH SHUFFLE SEED [flags]: the run that PyTorch's RUNS
# entry NAME made, compared with its golden.
golden() {
  name=$1 np=$2 batch=$3 shuffle=$4 seed=$5
  shift 5
  $mpirun -np "$np" "$dtrain" --semantics ddp $double $common $init \
    --batch-size "$batch" --shuffle "$shuffle" --seed "$seed" "$@" \
    --history "$name.csv" >"$name.out" 2>&1 || fail "$name: $(cat "$name.out")"
  printf '%s: ' "$name"
  same "$goldens/$name.csv" "$name.csv" || fail "$name differs from PyTorch"
}
golden ddp_np2_ordered 2 5 false 0
golden ddp_np2_shuffled 2 5 true 0
golden ddp_np3_ordered 3 5 false 0
golden ddp_np3_shuffled 3 5 true 0
golden ddp_np3_shuffled_seed7_batch4 3 4 true 7
golden ddp_np4_padded 4 4 true 0
golden ddp_np4_drop_last 4 4 true 0 --drop-last

# One-process is the default: the same bits as asking for it, and not
# those of ddp (whose --batch-size is per rank).
$mpirun -np 2 "$dtrain" $double $common $init --batch-size 5 --shuffle true \
  --history default.csv >/dev/null 2>&1 || fail "default semantics"
$mpirun -np 2 "$dtrain" $double $common $init --batch-size 5 --shuffle true \
  --semantics one-process --history one.csv >/dev/null 2>&1 ||
  fail "--semantics one-process"
cmp -s default.csv one.csv || fail "the default is not one-process"
$mpirun -np 2 "$dtrain" $double $common $init --batch-size 5 --shuffle true \
  --semantics ddp --history ddp2.csv >/dev/null 2>&1 || fail "ddp np 2"
cmp -s default.csv ddp2.csv && fail "ddp np 2 equals one-process np 2"
"$dtrain" --help | grep -q -- "--semantics NAME.*one-process" ||
  fail "--help does not show --semantics with its default"

# DDP on one rank is plain training: blocks-train with the same batch.
"$train" $common --batch-size 7 --shuffle false --history train1.csv \
  >/dev/null 2>&1 || fail "blocks-train"
$mpirun -np 1 "$dtrain" $double $common --batch-size 7 --shuffle false \
  --semantics ddp --history ddp1.csv >/dev/null 2>&1 || fail "ddp np 1"
printf 'ddp np 1 vs blocks-train: '
same train1.csv ddp1.csv || fail "ddp np 1 differs from blocks-train"
# Shuffled, one rank's DistributedSampler is one-process's order.
$mpirun -np 1 "$dtrain" $double $common --batch-size 7 --shuffle true --seed 3 \
  --history one1.csv >/dev/null 2>&1 || fail "one-process np 1 shuffled"
$mpirun -np 1 "$dtrain" $double $common --batch-size 7 --shuffle true --seed 3 \
  --semantics ddp --history ddp1s.csv >/dev/null 2>&1 ||
  fail "ddp np 1 shuffled"
printf 'ddp np 1 vs one-process np 1, shuffled: '
same one1.csv ddp1s.csv || fail "ddp np 1 shuffled differs"

# Checkpoints record the semantics: four epochs, then resumed to ten,
# equal ten in one go; a one-process checkpoint is not resumed as ddp.
ddp2="$double $init --batch-size 5 --shuffle true --seed 0 --semantics ddp"
$mpirun -np 2 "$dtrain" --data data --lr 0.01 --momentum 0.9 $ddp2 \
  --epochs 4 --checkpoint ckpt.txt >/dev/null 2>&1 || fail "ddp, 4 epochs"
$mpirun -np 2 "$dtrain" $common $ddp2 --resume ckpt.txt \
  --history resumed.csv >out.txt 2>&1 || fail "ddp resumed: $(cat out.txt)"
printf 'ddp resumed vs ddp in one go: '
same ddp_np2_shuffled.csv resumed.csv || fail "ddp resumed differs"
$mpirun -np 2 "$dtrain" --data data --epochs 2 --checkpoint one.txt \
  >/dev/null 2>&1 || fail "one-process, 2 epochs"
$mpirun -np 2 "$dtrain" --data data --epochs 4 --semantics ddp \
  --resume one.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "with --semantics one-process, not --semantics ddp" \
  out.txt || fail "one-process checkpoint resumed as ddp: $(cat out.txt)"
$mpirun -np 2 "$dtrain" --data data --epochs 4 --semantics ddp --drop-last \
  --resume ckpt.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "not --semantics ddp --drop-last" out.txt ||
  fail "ddp checkpoint resumed with --drop-last: $(cat out.txt)"

# Bad values: status 2 and a message that names the flag (not its help).
refused() {
  expected=$1
  shift
  $mpirun -np 2 "$dtrain" --epochs 1 "$@" >out.txt 2>&1
  status=$?
  [ $status -eq 2 ] &&
    grep -q -- "^blocks-train-distributed: $expected" out.txt ||
    fail "$* gave status $status: $(cat out.txt)"
}
refused "--semantics: unknown 'bogus'" --data data --semantics bogus
refused "--semantics: unknown ''" --data data --semantics ""
refused "--semantics: .*missing" --data data --semantics=
refused "--drop-last: goes with --semantics ddp" --data data --drop-last
refused "--drop-last: goes with" --data data --semantics one-process \
  --drop-last
refused "--drop-last: 'maybe'" --data data --semantics ddp --drop-last=maybe
refused "--semantics: ddp trains on --data" --semantics ddp --synthetic 100,3
# Ranks that disagree on the semantics or on --drop-last stop together.
two() {
  $mpirun -np 1 "$dtrain" --data data --epochs 2 --semantics ddp : \
    -np 1 "$dtrain" --data data --epochs 2 "$@" >out.txt 2>&1
  [ $? -eq 2 ] && grep -q "the ranks disagree on the flags" out.txt ||
    fail "ranks with $*: $(cat out.txt)"
}
two --semantics one-process
two --semantics ddp --drop-last
# More ranks than samples, padded or not: refused, not a rank without data.
"$make" --n-samples 12 --n-features 3 --n-informative 3 --n-redundant 0 \
  --random-state 1 --split 2,10 --split-seed 1 --output-dir tiny \
  >/dev/null 2>&1 || fail "tiny data"
for drop in "" --drop-last; do
  $mpirun -np 3 "$dtrain" --data tiny --semantics ddp $drop >out.txt 2>&1
  [ $? -ne 0 ] && grep -q "3 ranks but only 2 training samples" out.txt ||
    fail "ddp $drop with more ranks than samples: $(cat out.txt)"
done
echo "blocks-train-distributed --semantics ddp: all checks passed"
