# How momentum changes a trajectory: 40 steps of plain SGD, momentum and
# Nesterov momentum on f(x, y) = (x^2 + 25 y^2) / 2 from (-4, 1), drawn
# from plain.dat, momentum.dat and nesterov.dat, which `04_sgd
# --trajectories` writes. Call with -e "outfile='ch04_momentum.svg'".
set terminal svg size 720,400 dynamic font "sans,12"
set output outfile
set xlabel "x (flat direction)"
set ylabel "y (steep direction)"
set xrange [-4.6:1.0]
set yrange [-1.3:1.3]
set key top right box opaque
set grid lc rgb "#dddddd"
set parametric
set trange [0:2*pi]
set samples 200
# Level sets f = c are ellipses x = sqrt(2c) cos t, y = sqrt(2c/25) sin t.
level(c) = sqrt(2*c)
plot for [c in "0.1 0.5 1.5 3 5 8 12"] \
       level(c+0)*cos(t), level(c+0)/5*sin(t) \
       with lines lc rgb "#cccccc" notitle, \
     "plain.dat" using 1:2 with linespoints pt 7 ps 0.4 lw 1.5 \
       lc rgb "#1f77b4" title "plain SGD", \
     "momentum.dat" using 1:2 with linespoints pt 7 ps 0.4 lw 1.5 \
       lc rgb "#d62728" title "momentum 0.8", \
     "nesterov.dat" using 1:2 with linespoints pt 7 ps 0.4 lw 1.5 \
       lc rgb "#2ca02c" title "Nesterov 0.8"
