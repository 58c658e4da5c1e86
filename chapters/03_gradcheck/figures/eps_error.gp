# The eps trade-off of the central difference (Chapter 3): the largest
# error for the sigmoid against eps, on log-log axes. Run by
# blocks_add_figure in the folder where 03_gradcheck wrote eps_error.dat;
# `outfile` is set on the gnuplot command line.
set terminal svg size 640,400 font "sans,12" background rgb "white"
set output outfile
set logscale xy
set format x "10^{%L}"
set format y "10^{%L}"
set xrange [1e-12:1e-1]
set xlabel "step eps"
set ylabel "max |central difference - exact|"
set yrange [1e-13:1e-3]
set key top center
set grid
# Truncation error ~ eps^2 |f'''|/6; round-off ~ u |f| / eps (u = 2^-53).
truncation(x) = 0.0208 * x**2
roundoff(x) = 1.1e-16 / x
plot "eps_error.dat" using 1:2 with linespoints lw 2 pt 7 ps 0.6 \
       title "measured (sigmoid, double)", \
     truncation(x) dt 2 lc rgb "gray40" title "truncation ~ eps^2" noenhanced, \
     roundoff(x) dt 3 lc rgb "gray40" title "round-off ~ 1e-16 / eps" noenhanced
