#!/bin/sh
# blocks-train-distributed end to end: its history with 1, 2 and 3 ranks
# equals blocks-train's (double, --shuffle false) to 1e-10; shuffled runs
# agree across rank counts; resuming; clear errors with status 2.
#   test_train_distributed.sh <blocks-train-distributed> <blocks-train>
#                             <blocks-make-classification> <dir>
set -u
dtrain=$1 train=$2 make=$3 dir=$4
. "$(dirname "$0")/../../07_kokkos/tests/history_checks.sh"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
mpirun="mpirun --allow-run-as-root --oversubscribe"

make_notebook_data

common="--data data --momentum 0.9 --batch-size 5"
"$train" $common --epochs 10 --shuffle false --history ref.csv \
  >/dev/null 2>&1 || fail "blocks-train"
for np in 1 2 3; do
  $mpirun -np $np "$dtrain" $common --epochs 10 --shuffle false \
    --precision double --history np$np.csv >out$np.txt 2>&1 ||
    fail "np $np: $(cat out$np.txt)"
  same ref.csv np$np.csv || fail "np $np differs from blocks-train"
done
# The all-reduce from device memory: one rank needs no MPI traffic, so
# this runs with any MPI (more ranks: tests/test_ddp.cpp).
$mpirun -np 1 "$dtrain" $common --epochs 10 --shuffle false \
  --precision double --allreduce device --history device1.csv >out.txt 2>&1 ||
  fail "--allreduce device: $(cat out.txt)"
same ref.csv device1.csv || fail "--allreduce device differs from blocks-train"
for np in 1 3; do
  $mpirun -np $np "$dtrain" $common --epochs 10 --shuffle true \
    --precision double --kernel simple --history shuffled$np.csv \
    >/dev/null 2>&1 || fail "shuffled np $np"
done
same shuffled1.csv shuffled3.csv || fail "shuffled: np 3 differs from np 1"

# Four epochs with checkpoints, then resumed to ten, on two ranks.
$mpirun -np 2 "$dtrain" $common --shuffle true --epochs 4 \
  --checkpoint ckpt.txt >/dev/null 2>&1 || fail "four epochs"
$mpirun -np 2 "$dtrain" $common --epochs 10 --shuffle true --resume ckpt.txt \
  --history resumed.csv >/dev/null 2>&1 || fail "resuming"
$mpirun -np 2 "$dtrain" $common --epochs 10 --shuffle true --history whole.csv \
  >/dev/null 2>&1 || fail "whole run"
cmp -s whole.csv resumed.csv || fail "the resumed run differs"

# Clear errors, status 2, on every rank count.
$mpirun -np 2 "$dtrain" --data data --epochs lots >out.txt 2>&1
[ $? -ne 0 ] && grep -q "epochs" out.txt || fail "--epochs lots"
# Every rank finds the folder missing and aborts; whichever aborts first
# ends the others, so the message may come from any rank.
$mpirun -np 2 "$dtrain" --data nowhere >out.txt 2>&1
[ $? -ne 0 ] && grep -q "rank [01] of 2" out.txt ||
  fail "--data nowhere: $(cat out.txt)"
"$make" --n-samples 12 --n-features 3 --n-informative 3 --n-redundant 0 \
  --random-state 1 --split 2,10 --split-seed 1 --output-dir tiny \
  >/dev/null 2>&1 || fail "tiny data"
$mpirun -np 3 "$dtrain" --data tiny >out.txt 2>&1
[ $? -ne 0 ] && grep -q "3 ranks but only 2 training samples" out.txt ||
  fail "more ranks than samples: $(cat out.txt)"
# Ranks given different flags (mpirun's "A : B"): all stop, status 2, one
# message, instead of a hang, an abort inside MPI or ranks that drift.
two() {
  timeout 120 $mpirun -np 1 "$dtrain" --data data --epochs 2 : \
    -np 1 "$dtrain" --data data "$@" >out.txt 2>&1
}
differ() {
  [ $? -eq 2 ] && grep -q "the ranks disagree on the flags" out.txt ||
    fail "ranks with $*: $(cat out.txt)"
}
two --epochs 3; differ --epochs 3
two --epochs 2 --lr 0.5; differ --lr 0.5
two --epochs 2 --batch-size 10; differ --batch-size 10
two --epochs 2 --precision double; differ --precision double
two --epochs 2 --shuffle true; differ --shuffle true
two --epochs x
[ $? -eq 2 ] && grep -q "rank(s) 1 refused their flags" out.txt ||
  fail "a rank with --epochs x: $(cat out.txt)"
echo "blocks-train-distributed: all checks passed"
