#!/bin/sh
# The program blocks-train end to end: usage errors, the history file, a
# resumed run equal to an uninterrupted one, a corrupted checkpoint.
#   test_blocks_train.sh <blocks-train> <blocks-make-classification> <dir>
set -u
train=$1 make=$2 dir=$3
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$make" --n-samples 1090 --n-features 10 --n-informative 10 \
  --n-redundant 0 --n-classes 2 --n-clusters-per-class 4 --random-state 123 \
  --split 90,500,500 --split-seed 123 --output-dir data >/dev/null ||
  fail "could not make the data"

# Bad flags and bad data: a message and status 2, no history written.
"$train" --data data --epochs lots --history h.csv >out.txt 2>&1
[ $? -eq 2 ] || fail "--epochs lots: status $?"
grep -q "epochs" out.txt || fail "--epochs lots: no message"
"$train" --data data --model lazy >out.txt 2>&1
[ $? -eq 2 ] || fail "--model lazy"
"$train" --data data --init-weights 1,2 --init-bias 0 >out.txt 2>&1
[ $? -eq 2 ] && grep -q "10 features" out.txt || fail "--init-weights 1,2"
"$train" --data data --lr -1 >out.txt 2>&1
[ $? -eq 2 ] && grep -q "Invalid learning rate" out.txt || fail "--lr -1"
"$train" --data nowhere --history h.csv >out.txt 2>&1
[ $? -eq 2 ] || fail "--data nowhere"
[ ! -e h.csv ] || fail "a history was written for bad data"

# Ten epochs in one go, and four, then six more from the checkpoint.
common="--data data --model builtin --shuffle true --seed 7 --momentum 0.9"
"$train" $common --epochs 10 --history whole.csv >whole.txt 2>&1 ||
  fail "training: $(cat whole.txt)"
[ "$(wc -l <whole.csv)" -eq 11 ] || fail "whole.csv has not 11 lines"
header="epoch,train_loss,valid_loss,valid_accuracy,bias,w0,.*,w9"
head -1 whole.csv | grep -q "^$header$" ||
  fail "history header: $(head -1 whole.csv)"
"$train" $common --epochs 4 --checkpoint ckpt.txt >/dev/null 2>&1 ||
  fail "four epochs"
"$train" $common --epochs 10 --resume ckpt.txt --history resumed.csv \
  >/dev/null 2>&1 || fail "resuming"
cmp -s whole.csv resumed.csv || fail "the resumed run differs"

# A checkpoint of another run, and a corrupted one: clear errors, status 2.
"$train" $common --lr 0.02 --epochs 10 --resume ckpt.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "was made by" out.txt || fail "another run's checkpoint"
head -c 200 ckpt.txt >cut.txt
"$train" $common --epochs 10 --resume cut.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "checkpoint cut.txt" out.txt ||
  fail "truncated checkpoint: $(cat out.txt)"
echo "blocks-train: all checks passed"
