#include "ledger/name_key.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace kinlink::ledger {

std::string NameKey(std::string_view name) {
  utf8proc_uint8_t* mapped = nullptr;
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
                                                UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                                    static_cast<utf8proc_ssize_t>(name.size()), &mapped, options);
  if (n < 0) return {};
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  std::string key;
  bool space = false;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    unsigned char c = mapped[i];
    bool word = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word) {
      if (space && !key.empty()) key.push_back(' ');
      space = false;
      key.push_back(static_cast<char>(c));
    } else {
      space = true;
    }
  }
  return key;
}

std::string FullNameOf(const Person& person) {
  std::string name;
  auto add = [&name](const std::string& part) {
    if (part.empty()) return;
    if (!name.empty()) name.push_back(' ');
    name += part;
  };
  for (const auto& given : person.name.given_names) add(given);
  add(person.name.paternal_surname);
  add(person.name.maternal_surname);
  return name;
}

}  // namespace kinlink::ledger
