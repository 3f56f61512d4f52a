// Internal to src/core: two-way tables between enums and their string codes.
#ifndef KINLINK_CORE_ENUM_TABLE_H_
#define KINLINK_CORE_ENUM_TABLE_H_

#include <fmt/format.h>

#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace kinlink::internal {

template <typename E>
struct EnumEntry {
  E value;
  std::string_view code;
};

template <typename E>
std::string_view CodeOf(std::span<const EnumEntry<E>> table, E value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.code;
  }
  return "unknown";
}

template <typename E>
Result<E> ParseCode(std::span<const EnumEntry<E>> table, std::string_view code,
                    std::string_view what) {
  for (const auto& entry : table) {
    if (entry.code == code) return entry.value;
  }
  std::string allowed;
  for (const auto& entry : table) {
    if (!allowed.empty()) allowed += ", ";
    allowed += entry.code;
  }
  return InvalidArgumentError(
      fmt::format("unknown {} '{}' (expected one of: {})", what, code, allowed));
}

}  // namespace kinlink::internal

#endif  // KINLINK_CORE_ENUM_TABLE_H_
