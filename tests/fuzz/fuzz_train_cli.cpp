// libFuzzer target: blocks-train's command line. The bytes, split at NUL,
// are argv; the fuzzer runs in an empty folder, so every run stops at the
// missing data after parsing and checking the flags (exit status 2), and
// writes nothing. A crash, a sanitizer report or an exception escaping
// main is a bug.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

int blocks_train_main(int argc, char** argv);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  static const bool in_scratch = [] {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("blocks_fuzz_cli_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return chdir(dir.c_str()) == 0;
  }();
  if (!in_scratch) return 0;
  std::vector<std::string> words{"blocks-train"};
  std::string word;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\0') {
      words.push_back(word);
      word.clear();
    } else {
      word += static_cast<char>(data[i]);
    }
  }
  words.push_back(word);
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  blocks_train_main(static_cast<int>(words.size()), argv.data());
  return 0;
}
