#!/bin/sh
# blocks-train-device end to end: in double its history equals
# blocks-train's to 1e-10 with every sampler, in order and shuffled; a run
# resumed from its own checkpoint, or from blocks-train's, equals the run
# in one go; float stays near double; clear errors with status 2.
#   test_train_device.sh <blocks-train-device> <blocks-train>
#                        <blocks-make-classification> <dir>
set -u
dtrain=$1 train=$2 make=$3 dir=$4
. "$(dirname "$0")/history_checks.sh"
rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 1

make_notebook_data

common="--data data --momentum 0.9 --batch-size 5"
ten="$common --epochs 10"
for run in "--shuffle false" "--shuffle true" \
  "--shuffle true --sampler torch-legacy" \
  "--shuffle true --sampler numpy --seed 7" "--shuffle true --nesterov"; do
  "$train" $ten $run --history host.csv >/dev/null 2>&1 ||
    fail "blocks-train $run"
  "$dtrain" $ten $run --history device.csv >out.txt 2>&1 ||
    fail "blocks-train-device $run: $(cat out.txt)"
  same host.csv device.csv || fail "$run: differs from blocks-train"
done
# The test split is evaluated as blocks-train evaluates it.
"$train" $ten >host.txt 2>&1 || fail "blocks-train"
"$dtrain" $ten >device.txt 2>&1 || fail "blocks-train-device"
host_test=$(grep '^ test' host.txt) device_test=$(grep '^ test' device.txt)
[ -n "$host_test" ] && [ "$host_test" = "$device_test" ] ||
  fail "test line: '$host_test' vs '$device_test'"

# Four epochs with checkpoints, then resumed to ten: its own checkpoint,
# and blocks-train's (the same settings, the same generator state).
"$dtrain" $common --shuffle true --epochs 4 --checkpoint mine.ckpt \
  >/dev/null 2>&1 || fail "four epochs on the device"
"$dtrain" $ten --shuffle true --resume mine.ckpt --history resumed.csv \
  >/dev/null 2>&1 || fail "resuming the device's checkpoint"
"$dtrain" $ten --shuffle true --history whole.csv >/dev/null 2>&1 ||
  fail "whole run"
cmp -s whole.csv resumed.csv || fail "the resumed run differs"
"$train" $common --shuffle true --epochs 4 --checkpoint host.ckpt \
  >/dev/null 2>&1 || fail "four epochs on the host"
"$dtrain" $ten --shuffle true --resume host.ckpt --history crossed.csv \
  >/dev/null 2>&1 || fail "resuming blocks-train's checkpoint"
same whole.csv crossed.csv || fail "resumed from blocks-train's checkpoint"
"$train" $ten --shuffle true --resume mine.ckpt --history back.csv \
  >/dev/null 2>&1 || fail "blocks-train resuming the device's checkpoint"
same whole.csv back.csv || fail "blocks-train resumed from the device's"

# float: the same trajectory to float's rounding; its checkpoint is not a
# double run's.
"$dtrain" $common --shuffle true --precision float --epochs 4 \
  --checkpoint float.ckpt --history float.csv >/dev/null 2>&1 ||
  fail "float"
paste -d, whole.csv float.csv | awk -F, 'NR > 1 && NR <= 5 {
  h = NF / 2
  for (i = 1; i <= h; i++) { d = $i - $(i + h); if (d < 0) d = -d
    if (d > 1e-5) { print "column " i ": " $i " vs " $(i + h); bad = 1 } }
} END { exit bad }' || fail "float is far from double"
"$dtrain" $ten --shuffle true --resume float.ckpt >out.txt 2>&1
[ $? -eq 2 ] && grep -q "with --precision float, not --precision double" \
  out.txt || fail "a float checkpoint resumed in double: $(cat out.txt)"

# Clear errors, status 2.
refused() {
  "$dtrain" "$@" >out.txt 2>&1
  [ $? -eq 2 ] && grep -q -e "$expect" out.txt || fail "$*: $(cat out.txt)"
}
expect="nowhere" refused --data nowhere
expect="--precision" refused --data data --precision half
expect="--precision" refused --data data --precision ""
expect="--lr" refused --data data --lr ""
expect="--kernel" refused --data data --kernel fastest
expect="--batch-size" refused --data data --batch-size 0
echo "blocks-train-device: all checks passed"
