# Chapter 6's figure: our training history next to PyTorch 1.13.1's, for
# the same setup (the notebook's data, split and initial weights, batch 5,
# lr 0.01, plain SGD, 10 epochs, the batches in order, float64).
# Run by blocks_add_figure in a folder holding
#   curves.dat       `06_training --curves curves.dat`: index 0 the custom
#                    flavour, index 1 the builtin one;
#   custom_sgd.txt   PyTorch's histories, committed by
#   builtin_sgd.txt  tests/goldens/make_ch06_goldens.py (last line: test).
# Every line of all three: epoch train valid accuracy bias w0 ... w9.
set terminal svg size 1020,340 dynamic font "sans,11"
set output outfile

# Each history into an array: column c of epoch e is H[(e - 1) * 15 + c].
array Oc[150]; array Ob[150]; array Tc[150]; array Tb[150]
do for [c = 1:15] {
  stats "curves.dat" index 0 using (Oc[(int($1) - 1) * 15 + c] = column(c)) \
    nooutput
  stats "curves.dat" index 1 using (Ob[(int($1) - 1) * 15 + c] = column(c)) \
    nooutput
  stats "custom_sgd.txt" every ::0::9 \
    using (Tc[(int($1) - 1) * 15 + c] = column(c)) nooutput
  stats "builtin_sgd.txt" every ::0::9 \
    using (Tb[(int($1) - 1) * 15 + c] = column(c)) nooutput
}
# Per epoch, the largest |ours - PyTorch| over all 14 numbers (two losses,
# the accuracy, the bias, ten weights), for each flavour.
array Dc[10]; array Db[10]
largest = 0
do for [e = 1:10] {
  Dc[e] = 0; Db[e] = 0
  do for [c = 2:15] {
    i = (e - 1) * 15 + c
    d = abs(Oc[i] - Tc[i]); if (d > Dc[e]) { Dc[e] = d }
    d = abs(Ob[i] - Tb[i]); if (d > Db[e]) { Db[e] = d }
  }
  if (Dc[e] > largest) { largest = Dc[e] }
  if (Db[e] > largest) { largest = Db[e] }
}
# An exact match would vanish from a log scale: draw it at the floor.
floor = 1e-18
shown(d) = d > floor ? d : floor

set multiplot layout 1,3 title "batches in order, float64. Left, middle: " . \
  "custom flavour, blocks (lines) and PyTorch 1.13.1 (circles). " . \
  "Right: the gap, both flavours"
set xlabel "epoch"
set xrange [0.5:10.5]
set xtics 1,1,10
set grid

set ylabel "mean BCE loss"
set key top right
plot "curves.dat" index 0 using 1:2 with lines lw 2 lc rgb "#1f77b4" \
       title "train, blocks", \
     "custom_sgd.txt" every ::0::9 using 1:2 with points pt 6 ps 1.3 \
       lc rgb "#1f77b4" title "train, PyTorch", \
     "curves.dat" index 0 using 1:3 with lines lw 2 lc rgb "#ff7f0e" \
       title "valid, blocks", \
     "custom_sgd.txt" every ::0::9 using 1:3 with points pt 6 ps 1.3 \
       lc rgb "#ff7f0e" title "valid, PyTorch"

set ylabel "valid accuracy"
set key bottom right
plot "curves.dat" index 0 using 1:4 with lines lw 2 lc rgb "#2ca02c" \
       title "blocks", \
     "custom_sgd.txt" every ::0::9 using 1:4 with points pt 6 ps 1.3 \
       lc rgb "#2ca02c" title "PyTorch"

set ylabel "largest |blocks - PyTorch|, all 14 numbers"
set logscale y
set format y "10^{%L}"
set yrange [floor / 3:1e-6]
set key top right samplen 2
plot Db using 1:(shown($2)) with linespoints pt 5 ps 0.8 lw 2 \
       lc rgb "#d62728" title "builtin flavour", \
     Dc using 1:(shown($2)) with linespoints pt 6 ps 1.6 lw 1 \
       lc rgb "#1f77b4" title "custom flavour", \
     1e-10 with lines dt 2 lw 1.5 lc rgb "#555555" \
       title "test tolerance 10^{-10}", \
     2.0**-52 with lines dt 3 lw 1.5 lc rgb "#555555" \
       title "double epsilon 2.2e-16"
unset multiplot
print sprintf("ch06_curves: largest |blocks - PyTorch| = %.3g", largest)
