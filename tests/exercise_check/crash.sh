#!/bin/sh
# Stands in for an exercise test program that starts a test and crashes
# (a segmentation fault), to show the exercise checker refuses a crash.
echo "[ RUN      ] Exercise1.Crashes"
kill -SEGV $$
