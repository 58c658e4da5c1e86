# Left: speed-up of the full-batch epoch with the number of ranks; right:
# each kernel's share of the read rate with one rank (data from
# ch07-scaling-driver). gnuplot -e "outfile='x.svg'" scaling.gp
set terminal svg size 820,340 font "sans,12"
set output outfile
set multiplot layout 1,2
set grid
set xlabel "MPI ranks (CPU cores)"
set ylabel "speed-up over 1 rank"
set xrange [0.8:2.2]
set yrange [0:2.4]
set xtics 1
set key top left
plot "scaling.dat" using 1:3 with linespoints lw 2 pt 7 \
       title "blocked kernel (measured)", \
     "scaling.dat" using 1:4 with lines dt 2 title "ideal"
set xlabel "fused kernel, 1 rank"
set ylabel "% of the rate of reading X"
set xrange [-0.6:4.6]
set yrange [0:100]
set style fill solid 0.6
set boxwidth 0.6
unset key
plot "bandwidth.dat" using 0:2:xtic(1) with boxes
unset multiplot
