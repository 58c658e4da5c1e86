#pragma once
/// \file
/// \brief How every program starts and ends: its command line parsed with
/// CLI11, its work run, and any error turned into one line on stderr and
/// an exit status (`current_failure()`), the same way in every program.

#include <cerrno>
#include <csignal>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "blocks/cli/exit_status.hpp"

namespace blocks::cli {

/// \brief Parses the command line, then runs `checks` (what CLI11 cannot
/// check flag by flag). Returns the exit status when the program must stop
/// now: 0 after `--help`; 2 after a mistake, printed with the usage when
/// `report` is true (only MPI rank 0 reports).
///
/// Every program calls it first, so it also ignores SIGXFSZ: past a
/// file-size limit (`ulimit -f`) a write then fails with "File too large",
/// which the writer reports and cleans up after, instead of the signal
/// killing the program without a word and leaving its temporary files.
inline std::optional<int> parse_command_line(
    CLI::App& app, int argc, char** argv, const std::string& program,
    const std::function<void()>& checks = {}, bool report = true) {
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    app.parse(argc, argv);
    if (checks) checks();
    return std::nullopt;
  } catch (const CLI::CallForHelp& e) {
    return report ? app.exit(e) : 0;
  } catch (const CLI::Error& e) {
    if (report)
      std::cerr << program << ": " << e.what() << "\n\n" << app.help();
    return 2;
  } catch (...) {
    const Failure failure = current_failure();
    if (report) std::cerr << program << ": " << failure.message << "\n";
    return failure.status;
  }
}

/// \brief `status`, once standard output is flushed; if a write to it
/// failed (a full disk, a closed stdout), a line on stderr and status 1,
/// as coreutils' programs end, rather than 0 with the output lost.
inline int with_output_written(const std::string& program, int status) {
  errno = 0;
  std::cout.flush();
  if (std::cout) return status;
  const int error = errno;
  std::cerr << program << ": cannot write to standard output"
            << (error != 0 ? std::string(": ") + std::strerror(error) : "")
            << "\n";
  return status == 0 ? 1 : status;
}

/// \brief Runs `body` and returns its status; an exception becomes one line
/// `program: message` on stderr and current_failure()'s status (a
/// CLI11 error found after parsing is the user's: status 2). Output that
/// could not be written fails the program too (with_output_written).
inline int run_program(const std::string& program,
                       const std::function<int()>& body) {
  int status = 0;
  try {
    status = body();
  } catch (const CLI::Error& e) {
    std::cerr << program << ": " << e.what() << "\n";
    status = 2;
  } catch (...) {
    const Failure failure = current_failure();
    std::cerr << program << ": " << failure.message << "\n";
    status = failure.status;
  }
  return with_output_written(program, status);
}

}  // namespace blocks::cli
