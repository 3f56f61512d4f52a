#include "synth/internal/json_text.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace kinlink::synth::detail {

void AppendJsonString(std::string& out, std::string_view text) {
  bool plain = true;
  for (unsigned char c : text) {
    if (c < 0x20 || c >= 0x80) {
      plain = false;
      break;
    }
  }
  if (!plain) {
    // Control characters and non-ASCII: nlohmann decides, so the bytes match its dump exactly.
    out += nlohmann::json(std::string(text))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"' || text[i] == '\\') {
      out.append(text.data() + start, i - start);
      out += '\\';
      out += text[i];
      start = i + 1;
    }
  }
  out.append(text.data() + start, text.size() - start);
  out += '"';
}

void AppendJsonInt(std::string& out, int64_t value) {
  fmt::format_to(std::back_inserter(out), "{}", value);
}

}  // namespace kinlink::synth::detail
