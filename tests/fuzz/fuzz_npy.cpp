// libFuzzer target: the .npy reader. The bytes become a file, read as any
// array, as features and as labels; a blocks::Error is a fine answer, a
// crash, a sanitizer report or another exception is a bug.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include <unistd.h>

#include "blocks/data/npy_io.hpp"
#include "blocks/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const std::string path =
      "/tmp/blocks_fuzz_npy_" + std::to_string(getpid()) + ".npy";
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data),
             static_cast<std::streamsize>(size));
  try {
    blocks::data::load_npy(path);
  } catch (const blocks::Error&) {
  }
  try {
    blocks::data::load_features(path);
  } catch (const blocks::Error&) {
  }
  try {
    blocks::data::load_labels(path);
  } catch (const blocks::Error&) {
  }
  return 0;
}
