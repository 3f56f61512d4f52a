#include "core/a_number.h"

#include <fmt/format.h>

namespace kinlink {

Result<ANumber> ANumber::Parse(std::string_view text) {
  std::string_view rest = text;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (rest.empty()) return InvalidArgumentError("A-number is empty");
  if (rest.front() == 'A' || rest.front() == 'a') rest.remove_prefix(1);
  std::string digits;
  bool last_was_separator = true;  // no separator right after the "A" prefix... except "A-"
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
      last_was_separator = false;
    } else if (c == '-' || c == ' ') {
      if (last_was_separator && i != 0) {
        return InvalidArgumentError(fmt::format("A-number '{}' has repeated separators", text));
      }
      last_was_separator = true;
    } else {
      return InvalidArgumentError(
          fmt::format("A-number '{}' has an unexpected character '{}'", text, c));
    }
  }
  if (last_was_separator) {
    return InvalidArgumentError(fmt::format("A-number '{}' ends with a separator", text));
  }
  if (digits.size() != 8 && digits.size() != 9) {
    return InvalidArgumentError(
        fmt::format("A-number '{}' has {} digits; it must have 8 or 9", text, digits.size()));
  }
  if (digits.find_first_not_of('0') == std::string::npos) {
    return InvalidArgumentError(fmt::format("A-number '{}' is all zeros", text));
  }
  if (digits.size() == 8) digits.insert(digits.begin(), '0');
  return ANumber("A" + digits);
}

}  // namespace kinlink
