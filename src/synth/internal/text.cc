#include "synth/internal/text.h"

namespace kinlink::synth::detail {
namespace {

// Base letters for U+00C0..U+00FF; 0 where the character has no plain-letter base.
constexpr char kBaseLetter[64] = {
    'A', 'A', 'A', 'A', 'A', 'A', 0,   'C', 'E', 'E', 'E', 'E', 'I', 'I', 'I', 'I',   // C0-CF
    'D', 'N', 'O', 'O', 'O', 'O', 'O', 0,   'O', 'U', 'U', 'U', 'U', 'Y', 0,   0,     // D0-DF
    'a', 'a', 'a', 'a', 'a', 'a', 0,   'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',   // E0-EF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y'};  // F0-FF

}  // namespace

std::vector<char32_t> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = text[i];
    int extra = c < 0x80           ? 0
                : (c >> 5) == 0x6  ? 1
                : (c >> 4) == 0xE  ? 2
                : (c >> 3) == 0x1E ? 3
                                   : -1;
    if (extra < 0 || i + static_cast<size_t>(extra) >= text.size()) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    bool valid = true;
    for (int k = 1; k <= extra; ++k) {
      unsigned char next = text[i + k];
      if ((next & 0xC0) != 0x80) {
        valid = false;
        break;
      }
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    out.push_back(cp);
    i += extra + 1;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string EncodeUtf8(const std::vector<char32_t>& code_points) {
  std::string out;
  out.reserve(code_points.size() + 4);
  for (char32_t cp : code_points) AppendUtf8(cp, out);
  return out;
}

bool HasNonAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return true;
  }
  return false;
}

std::string StripAccents(std::string_view text) {
  if (!HasNonAscii(text)) return std::string(text);
  std::vector<char32_t> cps = DecodeUtf8(text);
  for (auto& cp : cps) {
    if (cp >= 0xC0 && cp <= 0xFF && kBaseLetter[cp - 0xC0] != 0) cp = kBaseLetter[cp - 0xC0];
  }
  return EncodeUtf8(cps);
}

std::string UpperCase(std::string_view text) {
  if (!HasNonAscii(text)) {
    std::string out(text);
    for (auto& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
  }
  std::vector<char32_t> cps = DecodeUtf8(text);
  for (auto& cp : cps) {
    if (cp >= 'a' && cp <= 'z') {
      cp = cp - 'a' + 'A';
    } else if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) {
      cp -= 0x20;
    }
  }
  return EncodeUtf8(cps);
}

std::string Mojibake(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (unsigned char c : text) AppendUtf8(c, out);
  return out;
}

std::string QuestionMarks(std::string_view text) {
  std::string out;
  for (char32_t cp : DecodeUtf8(text)) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      out += '?';
    }
  }
  return out;
}

std::string Utf8ToLatin1(std::string_view text) {
  if (!HasNonAscii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : DecodeUtf8(text)) out += cp <= 0xFF ? static_cast<char>(cp) : '?';
  return out;
}

std::string Latin1ToUtf8(std::string_view bytes) {
  if (!HasNonAscii(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  for (unsigned char c : bytes) AppendUtf8(c, out);
  return out;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += separator;
    out += words[i];
  }
  return out;
}

}  // namespace kinlink::synth::detail
