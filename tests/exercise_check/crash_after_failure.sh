#!/bin/sh
# Stands in for an exercise test program that reports a failed test and
# then crashes: the checker must refuse it too (status not gtest's 1).
echo "[ RUN      ] Exercise1.FailsThenCrashes"
echo "[  FAILED  ] Exercise1.FailsThenCrashes (0 ms)"
kill -SEGV $$
