#pragma once
/// \file
/// \brief Ctrl-C or SIGTERM during training: finish the epoch (its
/// checkpoint is written whole), write the history, and stop with 128 +
/// the signal. A second signal stops at once, as usual; the atomic writes
/// still leave no half-written file. The three trainers share this.
#include <csignal>
#include <cstddef>

namespace blocks::cli {

/// \brief The signal that asked the run to stop; 0 until one arrives.
inline volatile std::sig_atomic_t stop_signal = 0;

/// \brief Records the signal and restores the default action, so that a
/// second one ends the program.
extern "C" inline void record_stop_signal(int signal) {
  stop_signal = signal;
  std::signal(signal, SIG_DFL);
}

/// \brief From now on, SIGINT and SIGTERM are recorded, not fatal.
inline void stop_on_signals() {
  std::signal(SIGINT, record_stop_signal);
  std::signal(SIGTERM, record_stop_signal);
}

/// \brief Thrown after the epoch in which a signal arrived (not a
/// blocks::Error: nothing else may catch it on its way to main).
struct Interrupted {
  int signal;          ///< the signal received
  std::size_t epochs;  ///< the epochs finished, all saved
};

}  // namespace blocks::cli
