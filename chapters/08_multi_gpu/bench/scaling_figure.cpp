// Runs blocks-bench-fused under mpirun with 1 and 2 ranks and writes
// scaling.dat (ranks, ms per full-batch epoch of the blocked kernel,
// speed-up) and bandwidth.dat (each kernel's share of the read rate with
// one rank) for the page's figure. Kept small (a few seconds) because the book
// build runs it.
//   ch08-scaling-driver <mpirun> <blocks-bench-fused> [rows] [features]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: ch08-scaling-driver MPIRUN BENCH [rows] [features]\n";
    return 2;
  }
  const std::string rows = argc > 3 ? argv[3] : "1000000";
  const std::string features = argc > 4 ? argv[4] : "32";
  const double d = std::stod(features);
  std::ofstream out("scaling.dat"), share("bandwidth.dat");
  out << "# ranks blocked_ms speedup ideal\n";
  share << "# kernel percent_of_read_rate (1 rank)\n";
  double base = 0.0;
  for (int np : {1, 2}) {
    const std::string command = std::string(argv[1]) +
                                " --allow-run-as-root --oversubscribe -np " +
                                std::to_string(np) + " " + argv[2] + " " +
                                rows + " " + features + " 5 2>&1 >/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return 1;
    char line[256];
    while (fgets(line, sizeof line, pipe)) {
      std::istringstream in(line);
      std::string tag, kind;
      int ranks = 0;
      double ms = 0.0, read_ms = 0.0;
      if (!(in >> tag >> ranks >> kind >> ms >> read_ms) || tag != "SCALING") {
        continue;
      }
      // The fused pass reads X and y, the floor X alone (see the bench).
      if (np == 1) {
        share << kind << " " << 100.0 * read_ms / ms * (d + 1) / d << "\n";
      }
      if (kind ==
          "blocked") {  // the kernel device::best_kernel() picks on CPUs
        if (np == 1) base = ms;
        out << ranks << " " << ms << " " << base / ms << " " << ranks << "\n";
      }
    }
    if (pclose(pipe) != 0) return 1;
  }
  return base > 0.0 ? 0 : 1;
}
