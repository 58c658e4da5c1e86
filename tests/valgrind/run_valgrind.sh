#!/bin/sh
# Valgrind memcheck on one short run of every program in BIN: no
# leak, no invalid access. Build BIN without sanitizers (./course test).
#   run_valgrind.sh BIN [WORK]
set -u
bin=$(cd "$1" && pwd) work=${2:-${TMPDIR:-/tmp}/blocks_valgrind.$$}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
failed=0 ran=0
check() {
  name=$1
  shift
  ran=$((ran + 1))
  if valgrind --quiet --error-exitcode=99 --leak-check=full --num-callers=50 \
    --errors-for-leak-kinds=definite,indirect --log-file="$name.vg" \
    --suppressions="$here/openmpi.supp" \
    "$@" >"$name.out" 2>&1; then
    echo "ok   $name"
  else
    status=$?
    # A program's own non-zero status is not valgrind's error (99).
    if [ "$status" -ne 99 ] && [ ! -s "$name.vg" ]; then
      echo "ok   $name (status $status, as expected)"
    else
      echo "FAIL $name (status $status)"
      cat "$name.vg"
      failed=$((failed + 1))
    fi
  fi
}
skip() { echo "skip $1: $2 was not built"; }
for p in 01_tensors 02_custom_functions 03_gradcheck 04_sgd 05_data \
  06_training blocks-make-classification blocks-train \
  blocks-train-device blocks-train-distributed; do
  [ -x "$bin/$p" ] || skip "$p" "$p"
done
[ -x "$bin/01_tensors" ] && check 01_tensors "$bin/01_tensors"
[ -x "$bin/02_custom_functions" ] &&
  check 02_custom_functions "$bin/02_custom_functions"
[ -x "$bin/03_gradcheck" ] && check 03_gradcheck "$bin/03_gradcheck"
[ -x "$bin/04_sgd" ] && check 04_sgd "$bin/04_sgd"
[ -x "$bin/05_data" ] && check 05_data "$bin/05_data"
[ -x "$bin/06_training" ] && check 06_training "$bin/06_training"
if [ -x "$bin/blocks-make-classification" ]; then
  check blocks-make-classification "$bin/blocks-make-classification" \
    --n-samples 200 --n-features 4 --n-informative 4 --n-redundant 0 \
    --random-state 1 --split 60,100,40 --output-dir data
  # An error path too: the message and exit, nothing leaked on the way.
  check blocks-make-classification_bad "$bin/blocks-make-classification" \
    --n-samples -5
fi
if [ -x "$bin/blocks-train" ] && [ -d data ]; then
  check blocks-train "$bin/blocks-train" --data data --epochs 2 \
    --checkpoint c.txt --history h.csv
  check blocks-train_resume "$bin/blocks-train" --data data --epochs 3 \
    --checkpoint c.txt --resume c.txt
  check blocks-train_bad "$bin/blocks-train" --data nowhere
fi
if [ -x "$bin/blocks-train-device" ] && [ -d data ]; then
  check blocks-train-device "$bin/blocks-train-device" --data data \
    --epochs 2 --shuffle true --checkpoint cv.txt --history hv.csv
  check blocks-train-device_resume "$bin/blocks-train-device" --data data \
    --epochs 3 --shuffle true --resume cv.txt
  check blocks-train-device_bad "$bin/blocks-train-device" --data nowhere
fi
# One rank, started without mpirun (MPI's singleton mode). Its error paths
# end in MPI_Abort, which frees nothing by design, so only a clean run is
# checked.
if [ -x "$bin/blocks-train-distributed" ] && [ -d data ]; then
  check blocks-train-distributed "$bin/blocks-train-distributed" --data data \
    --epochs 2 --precision double --checkpoint cd.txt --history hd.csv
fi
echo "skip blocks-bench-make-classification: 3 x 1e6 samples, hours" \
  "under valgrind; its code is make_classification, run above"
echo "valgrind: $((ran - failed)) of $ran runs clean"
[ "$failed" -eq 0 ]
