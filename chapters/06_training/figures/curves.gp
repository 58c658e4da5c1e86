# Chapter 6's figure: the notebook run's loss and accuracy per epoch.
# Run by blocks_add_figure after `06_training --curves curves.dat`.
set terminal svg size 800,360 dynamic font "sans,11"
set output outfile
set multiplot layout 1,2
set xlabel "epoch"
set grid
set key top right
set ylabel "mean BCE loss"
plot "curves.dat" using 1:2 with linespoints pt 7 lc rgb "#1f77b4" \
       title "train", \
     "curves.dat" using 1:3 with linespoints pt 7 lc rgb "#ff7f0e" \
       title "valid"
set key bottom right
set ylabel "valid accuracy"
plot "curves.dat" using 1:4 with linespoints pt 7 lc rgb "#2ca02c" \
       title "valid accuracy"
unset multiplot
