// python_repr: doubles printed as Python's repr() prints them, so that
// error messages match PyTorch's text ("Invalid learning rate: -1.0").
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>
#include <system_error>

#include "blocks/optim/optimizer.hpp"

namespace blocks::optim {

std::string python_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  // The shortest digits that read back exactly, as Python also uses.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value,
                              std::chars_format::scientific);
  std::string text(buffer, result.ptr);  // e.g. "-1.25e-05"
  std::string sign;
  if (text.front() == '-') {
    sign = "-";
    text.erase(0, 1);
  }
  const auto e = text.find('e');
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits = text.substr(0, e);
  if (digits.size() > 1) digits.erase(1, 1);  // drop the '.'
  const int point = exponent + 1;             // digits before the decimal point
  const int n = static_cast<int>(digits.size());
  // Python switches to exponent notation outside 1e-4 <= |x| < 1e16.
  if (point <= -4 || point > 16) {
    std::string mantissa = digits.substr(0, 1);
    if (n > 1) mantissa += "." + digits.substr(1);
    const int shown = point - 1;
    std::string power = std::to_string(std::abs(shown));
    if (power.size() < 2) power = "0" + power;
    return sign + mantissa + (shown < 0 ? "e-" : "e+") + power;
  }
  if (point <= 0) return sign + "0." + std::string(-point, '0') + digits;
  if (point >= n) return sign + digits + std::string(point - n, '0') + ".0";
  return sign + digits.substr(0, point) + "." + digits.substr(point);
}

}  // namespace blocks::optim
