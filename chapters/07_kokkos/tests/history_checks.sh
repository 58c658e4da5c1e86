# Shared by test_train_device.sh and Chapter 8's test_train_distributed.sh
# and test_train_ddp.sh (sourced, with $make set): the notebook's data, and
# two histories compared number by number.

fail() { echo "FAIL: $*"; exit 1; }

# The notebook's data in ./data (train 90, valid 500, test 500 rows).
make_notebook_data() {
  "$make" --n-samples 1090 --n-features 10 --n-informative 10 \
    --n-redundant 0 --n-classes 2 --n-clusters-per-class 4 \
    --random-state 123 --split 90,500,500 --split-seed 123 \
    --output-dir data >/dev/null || fail "could not make the data"
}

# Every number of two CSV files within 1e-10, same header and rows; prints
# the largest difference.
same() {
  [ "$(head -1 "$1")" = "$(head -1 "$2")" ] || return 1
  [ "$(wc -l <"$1")" -eq "$(wc -l <"$2")" ] || return 1
  paste -d, "$1" "$2" | awk -F, 'NR > 1 {
    h = NF / 2
    for (i = 1; i <= h; i++) {
      d = $i - $(i + h); if (d < 0) d = -d
      if (d > most) most = d
      if (d > 1e-10) {
        print "row " NR ", column " i ": " $i " vs " $(i + h); bad = 1
      }
    }
  } END { printf "max difference %.3g\n", most; exit bad }'
}
