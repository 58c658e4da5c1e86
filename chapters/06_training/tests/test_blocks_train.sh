#!/bin/sh
# The program blocks-train end to end: usage errors, the history file, a
# resumed run equal to an uninterrupted one (with each sampler), checkpoints
# of other runs and of the old format, a corrupted checkpoint, and the
# notebook's published table (goldens of tests/goldens/make_ch06_table.py).
#   test_blocks_train.sh <blocks-train> <blocks-make-classification> <dir>
#                        <goldens dir>
set -u
train=$1 make=$2 dir=$3 goldens=$4
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

# Ten epochs in one go, and four, then six more from the checkpoint, for
# every sampler: the checkpoint's generators continue the same batches.
for sampler in torch torch-legacy numpy; do
  common="--data data --model builtin --shuffle true --seed 7 --momentum 0.9"
  common="$common --sampler $sampler"
  "$train" $common --epochs 10 --history whole.csv >whole.txt 2>&1 ||
    fail "training: $(cat whole.txt)"
  [ "$(wc -l <whole.csv)" -eq 11 ] || fail "whole.csv has not 11 lines"
  header="epoch,train_loss,valid_loss,valid_accuracy,bias,w0,.*,w9"
  head -1 whole.csv | grep -q "^$header$" ||
    fail "history header: $(head -1 whole.csv)"
  "$train" $common --epochs 4 --checkpoint ckpt.txt >/dev/null 2>&1 ||
    fail "four epochs ($sampler)"
  "$train" $common --epochs 10 --resume ckpt.txt --history resumed.csv \
    >/dev/null 2>&1 || fail "resuming ($sampler)"
  cmp -s whole.csv resumed.csv || fail "the resumed run differs ($sampler)"
done

# A checkpoint of another run, and a corrupted one: clear errors, status 2.
# The message names the flag that differs, with both values.
"$train" $common --lr 0.02 --epochs 10 --resume ckpt.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "was made with --lr 0.01, not --lr 0.02$" out.txt ||
  fail "another run's checkpoint: $(cat out.txt)"
common="--data data --model builtin --shuffle true --momentum 0.9"
"$train" $common --seed 8 --sampler numpy --epochs 10 --resume ckpt.txt \
  >out.txt 2>&1
[ $? -eq 2 ] && grep -q "was made with --seed 7, not --seed 8$" out.txt ||
  fail "another seed: $(cat out.txt)"
"$train" $common --seed 7 --epochs 10 --resume ckpt.txt >out.txt 2>&1
[ $? -eq 2 ] &&
  grep -q "was made with --sampler numpy, not --sampler torch$" out.txt ||
  fail "another sampler: $(cat out.txt)"
# A checkpoint of the format before version 2 cannot be resumed.
sed '1s/.*/blocks-checkpoint 1/' ckpt.txt >old.txt
"$train" $common --seed 7 --sampler numpy --epochs 10 --resume old.txt \
  >out.txt 2>&1
[ $? -eq 2 ] && grep -q "older blocks-train.*cannot be resumed" out.txt ||
  fail "a version 1 checkpoint: $(cat out.txt)"
head -c 200 ckpt.txt >cut.txt
"$train" $common --epochs 10 --resume cut.txt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "checkpoint cut.txt" out.txt ||
  fail "truncated checkpoint: $(cat out.txt)"
# The notebook's published table: both columns to 1e-6 (its printed digits).
# same_table CSV GOLDEN: every number of the 10 epochs within 1e-6.
same_table() {
  grep -v '^#' "$2" | head -10 >golden.txt
  tr ',' ' ' <"$1" | tail -n +2 | paste -d ' ' - golden.txt | awk '
    { for (i = 1; i <= 15; ++i) {
        d = $i - $(i + 15); if (d < 0) d = -d
        if (d > 1e-6 || NF != 30) { print "epoch " $1 " column " i; bad = 1 }
      } }
    END { exit bad }'
}
table="--data data --seed 123 --shuffle true --sampler torch-legacy"
"$train" $table --model builtin --init torch-default --history off.csv \
  >/dev/null 2>&1 || fail "the off-the-shelf run"
same_table off.csv "$goldens/table_builtin.txt" ||
  fail "the off-the-shelf column differs from the notebook's"
w="-0.12895013,0.01047492,-0.15705723,0.11925378,-0.26944348,0.23180881"
w="$w,-0.22984707,-0.25141433,-0.19982024,0.1432175"
"$train" $table --model custom --init-weights "$w" --init-bias -0.11684369 \
  --history custom.csv >/dev/null 2>&1 || fail "the custom run"
same_table custom.csv "$goldens/table_custom.txt" ||
  fail "the custom column differs from the notebook's"
"$train" --data data --init torch-default --init-weights "$w" \
  --init-bias 0 >out.txt 2>&1
[ $? -eq 2 ] || fail "--init with --init-weights"
"$train" --data data --shuffle true --sampler numpy --seed 7 --epochs 2 \
  >out.txt 2>&1 || fail "--sampler numpy: $(cat out.txt)"
"$train" --data data --sampler scipy >out.txt 2>&1
[ $? -eq 2 ] || fail "--sampler scipy"
echo "blocks-train: all checks passed"
