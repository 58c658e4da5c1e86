#!/bin/sh
# An exception on one rank ends all ranks: the message, a non-zero status,
# and no hang (ctest's TIMEOUT bounds the run).
#   test_abort.sh <abort_probe>
set -u
probe=$1
mpirun="mpirun --allow-run-as-root --oversubscribe"
$mpirun -np 2 "$probe" >out.txt 2>&1
status=$?
[ $status -ne 0 ] || { echo "FAIL: status 0"; exit 1; }
grep -q "abort_probe (rank 1 of 2): the disk on this rank is full" out.txt ||
  { echo "FAIL: no message"; cat out.txt; exit 1; }
echo "abort: status $status, message printed"
