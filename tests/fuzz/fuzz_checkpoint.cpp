// libFuzzer target: the checkpoint reader (which also reads the optimizer's
// state dict). A blocks::Error is a fine answer; a crash, a sanitizer
// report or another exception is a bug. A checkpoint that reads is written
// again and must read back.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "blocks/error.hpp"
#include "blocks/nn/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  blocks::nn::Checkpoint c;
  try {
    c = blocks::nn::read_checkpoint(in, "fuzz");
  } catch (const blocks::Error&) {
    return 0;
  }
  std::ostringstream out;
  try {
    blocks::nn::write_checkpoint(out, c);
  } catch (const blocks::ValueError&) {
    return 0;  // a run line that cannot be written back
  }
  std::istringstream again(out.str());
  blocks::nn::read_checkpoint(again, "fuzz (written back)");
  return 0;
}
