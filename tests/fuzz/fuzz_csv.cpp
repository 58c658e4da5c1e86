// libFuzzer target: the CSV reader. A blocks::Error is a fine answer; a
// crash, a sanitizer report or another exception is a bug.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <unistd.h>

#include "blocks/data/csv_io.hpp"
#include "blocks/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const std::string path =
      "/tmp/blocks_fuzz_csv_" + std::to_string(getpid()) + ".csv";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data),
             static_cast<std::streamsize>(size));
  try {
    blocks::data::load_csv(path);
  } catch (const blocks::Error&) {
  }
  return 0;
}
