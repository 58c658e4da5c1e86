// .npy files (NumPy's format spec, versions 1.0 and 2.0). The header is parsed
// and checked here, and the data read from where it says; xtensor's loader,
// which trusts the file (a truncated file would give garbage or a crash)
// and misreads some header lengths, is not used. Files are written by
// xtensor's writer.
#include "blocks/data/npy_io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <xtensor/xnpy.hpp>

#include "blocks/atomic_file.hpp"
#include "blocks/error.hpp"
#include "blocks/format.hpp"
#include "blocks/input_file.hpp"

namespace blocks::data {

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& problem) {
  throw DataError(path + ": " + problem);
}

// The value after 'key': in the header dictionary, up to the next comma
// outside parentheses.
std::string dict_value(const std::string& header, const std::string& key,
                       const std::string& path) {
  const auto at = header.find("'" + key + "'");
  if (at == std::string::npos) bad(path, "npy header has no '" + key + "'");
  auto pos = header.find(':', at);
  if (pos == std::string::npos) bad(path, "malformed npy header");
  ++pos;
  int depth = 0;
  std::string value;
  for (; pos < header.size(); ++pos) {
    const char c = header[pos];
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' || c == '}') && depth == 0) break;
    if (c != ' ') value += c;
  }
  return value;
}

// The dictionary's keys, in order: the text before each ':' of an entry,
// entries split at the commas outside brackets and quotes.
std::vector<std::string> dict_keys(const std::string& dict) {
  std::vector<std::string> keys;
  std::string entry;
  int depth = 0;
  char quote = 0;
  auto finish_entry = [&] {
    const auto colon = entry.find(':');
    std::string key = entry.substr(0, colon);
    key.erase(std::remove(key.begin(), key.end(), ' '), key.end());
    if (!key.empty() || colon != std::string::npos) keys.push_back(key);
    entry.clear();
  };
  for (std::size_t i = 1; i + 1 < dict.size(); ++i) {  // inside the braces
    const char c = dict[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (c == ',' && depth == 0) {
      finish_entry();
      continue;
    }
    entry += c;
  }
  finish_entry();
  return keys;
}

std::vector<std::size_t> parse_shape(const std::string& text,
                                     const std::string& path) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') {
    bad(path, "malformed shape " + printable(text));
  }
  std::vector<std::size_t> shape;
  std::istringstream in(text.substr(1, text.size() - 2));
  for (std::string item; std::getline(in, item, ',');) {
    if (item.empty()) continue;  // the trailing comma of "(3,)"
    // At most 15 digits: stoull cannot overflow, nor can the byte count
    // below (a product that wraps would pass the size check).
    if (item.find_first_not_of("0123456789") != std::string::npos ||
        item.size() > 15) {
      bad(path, "malformed shape " + printable(text));
    }
    shape.push_back(static_cast<std::size_t>(std::stoull(item)));
  }
  return shape;
}

std::uint32_t little_endian(const unsigned char* bytes, int count) {
  std::uint32_t value = 0;
  for (int i = count; i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

void require_finite(const Tensor& t, const std::string& path) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!std::isfinite(t.flat(i))) {
      const std::size_t cols = t.dimension() == 2 ? t.shape(1) : 1;
      bad(path, std::string(std::isnan(t.flat(i)) ? "NaN" : "Inf") +
                    " at row " + std::to_string(i / cols) + ", column " +
                    std::to_string(i % cols));
    }
  }
}

// The elements, `count` of type T, read from where read_npy_header found
// them to start. xtensor's loader would parse the header a second time,
// and it reads a header length with a byte of 0x80 or more as negative: a
// valid 9 908-byte header became a 4 GiB one (an adversarial sweep's file
// took gigabytes of memory), a 182-byte one, which np.save writes for a
// long shape, 65 462 bytes.
template <class T>
void read_elements(const std::string& path, const NpyHeader& header, T* out,
                   std::size_t count) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
                "the '<f8' and '<i8' elements are read as they lie");
  std::ifstream in = open_input(path);
  in.seekg(static_cast<std::streamoff>(header.data_offset));
  in.read(reinterpret_cast<char*>(out),
          static_cast<std::streamsize>(count * sizeof(T)));
  if (static_cast<std::size_t>(in.gcount()) != count * sizeof(T)) {
    bad(path, "truncated: the data ended early");  // shrank since checked
  }
}

Tensor read_tensor(const std::string& path, const NpyHeader& header) {
  Tensor out =
      Tensor::from_shape(Shape(header.shape.begin(), header.shape.end()));
  if (header.dtype == NpyDtype::float64) {
    read_elements(path, header, out.data(), out.size());
  } else {
    std::vector<std::int64_t> integers(out.size());
    read_elements(path, header, integers.data(), integers.size());
    std::copy(integers.begin(), integers.end(), out.begin());
  }
  return out;
}

}  // namespace

NpyHeader read_npy_header(const std::string& path) {
  std::ifstream in = open_input(path);
  unsigned char prefix[12] = {};
  in.read(reinterpret_cast<char*>(prefix), 10);
  if (in.gcount() < 10 || std::string(prefix + 1, prefix + 6) != "NUMPY" ||
      prefix[0] != 0x93) {
    bad(path, "not a .npy file (no \\x93NUMPY magic string)");
  }
  const int major = prefix[6];
  // Version 3.0 (a UTF-8 header) is refused by name: xtensor, which reads
  // the data, takes only 1.0 and 2.0. np.save writes 1.0 unless a header
  // needs more.
  if (major < 1 || major > 2) {
    bad(path, "unsupported .npy version " + std::to_string(major) +
                  ".0 (versions 1.0 and 2.0 are read)");
  }
  std::size_t header_len = little_endian(prefix + 8, 2), start = 10;
  if (major == 2) {  // version 2 has a 4-byte header length
    in.read(reinterpret_cast<char*>(prefix + 10), 2);
    if (in.gcount() < 2) bad(path, "truncated .npy header");
    header_len = little_endian(prefix + 8, 4);
    start = 12;
  }
  // NumPy 1.24 refuses a header longer than 10 000 characters as unsafe
  // to parse (np.load's max_header_size), and so do we.
  constexpr std::size_t kMaxHeaderBytes = 10000;
  if (header_len > kMaxHeaderBytes) {
    bad(path, "the .npy header is " + std::to_string(header_len) +
                  " bytes long, more than the 10000 NumPy reads "
                  "(np.load's max_header_size)");
  }
  // The length is read from the file: check it against the file's size
  // before allocating (found by fuzz_npy: a "header" of 2.9 GB).
  const auto file_bytes =
      static_cast<std::size_t>(std::filesystem::file_size(path));
  if (header_len > file_bytes - std::min(file_bytes, start)) {
    bad(path, "truncated .npy header");
  }
  std::string header(header_len, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header_len));
  if (static_cast<std::size_t>(in.gcount()) != header_len) {
    bad(path, "truncated .npy header");
  }

  // A dictionary, then padding, as NumPy reads it (ast.literal_eval): a
  // stray byte in the padding is an error (found by fuzz_npy).
  const auto first = header.find_first_not_of(" \n");
  const auto last = header.find_last_not_of(" \n");
  if (first == std::string::npos || header[first] != '{' ||
      header[last] != '}') {
    bad(path,
        "malformed .npy file: its header is not a dictionary and padding");
  }
  // NumPy reads exactly these three keys, and refuses a header with others.
  std::vector<std::string> keys =
      dict_keys(header.substr(first, last - first + 1));
  std::sort(keys.begin(), keys.end());
  if (keys !=
      std::vector<std::string>{"'descr'", "'fortran_order'", "'shape'"}) {
    std::string listed;
    for (const auto& key : keys) {
      listed += (listed.empty() ? "" : ", ") + printable(key, 40);
    }
    bad(path, "malformed .npy file: its header has the keys " + listed +
                  "; NumPy reads 'descr', 'fortran_order' and 'shape', no "
                  "more");
  }

  NpyHeader result{};
  const std::string descr = dict_value(header, "descr", path);
  if (descr == "'<f8'") {
    result.dtype = NpyDtype::float64;
  } else if (descr == "'<i8'") {
    result.dtype = NpyDtype::int64;
  } else if (descr == "'>f8'" || descr == "'>i8'") {
    bad(path, "big-endian data (" + descr + "); save it little-endian");
  } else {
    bad(path,
        "unsupported dtype " + printable(descr) + " (expected '<f8' or '<i8')");
  }
  const std::string order = dict_value(header, "fortran_order", path);
  if (order == "True") {
    bad(path, "Fortran-ordered array; save it in C order");
  } else if (order != "False") {
    bad(path, "malformed fortran_order " + printable(order));
  }
  result.shape = parse_shape(dict_value(header, "shape", path), path);
  result.data_offset = start + header_len;

  // The file's size bounds every honest shape; a product past it (or one
  // that would overflow) names the shape instead of wrapping around.
  const auto actual =
      static_cast<std::size_t>(std::filesystem::file_size(path));
  std::size_t count = 1;
  for (auto extent : result.shape) {
    if (extent == 0) {
      count = 0;  // an empty array holds no bytes, whatever the rest says
      break;
    }
  }
  for (auto extent : result.shape) {
    if (count == 0) break;
    if (count > actual / extent) {
      bad(path, "truncated: shape " + shape_string(result.shape) +
                    " needs more than the file's " + std::to_string(actual) +
                    " bytes");
    }
    count *= extent;
  }
  const std::size_t expected = result.data_offset + 8 * count;
  if (actual < expected) {
    bad(path,
        "truncated: shape " + shape_string(result.shape) + " needs " +
            std::to_string(expected - result.data_offset) +
            " bytes of data, the file has " +
            std::to_string(actual - std::min(actual, result.data_offset)));
  }
  if (actual > expected) {
    bad(path, std::to_string(actual - expected) +
                  " trailing bytes after the data of shape " +
                  shape_string(result.shape));
  }
  return result;
}

Tensor load_npy(const std::string& path) {
  return read_tensor(path, read_npy_header(path));
}

Tensor load_features(const std::string& path) {
  const NpyHeader header = read_npy_header(path);
  if (header.dtype != NpyDtype::float64) {
    bad(path, "features must be float64 ('<f8'), found int64");
  }
  if (header.shape.size() != 2) {
    bad(path,
        "features must have shape (m, d), found " + shape_string(header.shape));
  }
  Tensor features = read_tensor(path, header);
  require_finite(features, path);
  return features;
}

Tensor load_labels(const std::string& path, bool binary) {
  const NpyHeader header = read_npy_header(path);
  const auto& s = header.shape;
  if (!(s.size() == 1 || (s.size() == 2 && s[1] == 1))) {
    bad(path,
        "labels must have shape (m,) or (m, 1), found " + shape_string(s));
  }
  Tensor labels = read_tensor(path, header);
  labels.reshape({s[0], std::size_t{1}});
  require_finite(labels, path);
  if (binary) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const double v = labels.flat(i);
      if (v != 0.0 && v != 1.0) {
        bad(path, "label " + full_precision(v) + " at row " +
                      std::to_string(i) + " is not 0 or 1");
      }
    }
  }
  return labels;
}

// xtensor's own writer, the one xt::dump_npy(filename, array) calls: the
// same header and bytes, straight into `out`. xt::dump_npy(array) would
// first build the whole file in a std::stringstream, growing it copy by
// copy: half the run time of blocks-make-classification at 1e6 x 20, and
// two more copies of the data in memory.
void write_npy(std::ostream& out, const Tensor& array) {
  xt::detail::dump_npy_stream(out, array);
}

void write_npy(std::ostream& out, const Labels& array) {
  xt::detail::dump_npy_stream(out, array);
}

void save_npy(const std::string& path, const Tensor& array) {
  write_file_atomically(path,
                        [&](std::ostream& out) { write_npy(out, array); });
}

void save_npy(const std::string& path, const Labels& array) {
  write_file_atomically(path,
                        [&](std::ostream& out) { write_npy(out, array); });
}

}  // namespace blocks::data
