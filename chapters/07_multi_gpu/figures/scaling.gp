# Speed-up of the full-batch epoch with the number of ranks (data from
# ch07_scaling_figure). gnuplot -e "outfile='x.svg'" scaling.gp
set terminal svg size 520,340 font "sans,12"
set output outfile
set xlabel "MPI ranks (CPU cores)"
set ylabel "speed-up over 1 rank"
set xrange [0.8:2.2]
set yrange [0:2.4]
set xtics 1
set key top left
set grid
plot "scaling.dat" using 1:3 with linespoints lw 2 pt 7 \
       title "fused full-batch epoch (measured)", \
     "scaling.dat" using 1:4 with lines dt 2 title "ideal"
