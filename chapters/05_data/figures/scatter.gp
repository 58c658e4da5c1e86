# Chapter 5's figure: two informative features of the notebook's data,
# coloured by class. Run by blocks_add_figure after `05_data --scatter`.
set terminal svg size 640,480 dynamic font "sans,11"
set output outfile
set xlabel "feature 0"
set ylabel "feature 1"
set key top left
set grid
plot "scatter.dat" using 1:($3 == 0 ? $2 : 1/0) with points pt 7 ps 0.4 \
       lc rgb "#1f77b4" title "class 0", \
     "scatter.dat" using 1:($3 == 1 ? $2 : 1/0) with points pt 7 ps 0.4 \
       lc rgb "#ff7f0e" title "class 1"
