// libFuzzer target: the checkpoint reader (which also reads the optimizer's
// state dict). A blocks::Error is a fine answer; a crash, a sanitizer
// report or another exception is a bug. A checkpoint that reads is written
// again and must read back to the same text, except an old version's
// checkpoint, which lacks settings and so must be refused by the writer.
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
  if (!c.settings.unrecorded.empty()) {
    // Writing it would claim settings nobody recorded.
    try {
      blocks::nn::write_checkpoint(out, c);
    } catch (const blocks::Error&) {
      return 0;
    }
    __builtin_trap();
  }
  // What reads is typed (settings, generators), so it writes, and what
  // it writes reads back to the same text.
  blocks::nn::write_checkpoint(out, c);
  std::istringstream again(out.str());
  std::ostringstream out_again;
  blocks::nn::write_checkpoint(
      out_again, blocks::nn::read_checkpoint(again, "fuzz (written back)"));
  if (out_again.str() != out.str()) __builtin_trap();
  return 0;
}
