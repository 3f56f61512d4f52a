#include "linkage/text_normalize.h"

#include <utf8proc.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

namespace kinlink::linkage {
namespace {

// Windows-1252 bytes 0x80-0x9F as Unicode code points (0 where the byte is undefined).
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0};

std::optional<uint8_t> Cp1252Byte(char32_t code_point) {
  if (code_point < 0x80) return static_cast<uint8_t>(code_point);
  if (code_point >= 0xA0 && code_point <= 0xFF) return static_cast<uint8_t>(code_point);
  if (code_point >= 0x80 && code_point <= 0x9F) return static_cast<uint8_t>(code_point);
  for (size_t i = 0; i < kCp1252High.size(); ++i) {
    if (kCp1252High[i] == code_point) return static_cast<uint8_t>(0x80 + i);
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes, bool* has_multibyte) {
  *has_multibyte = false;
  size_t i = 0;
  while (i < bytes.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(bytes.data() + i),
                              static_cast<utf8proc_ssize_t>(bytes.size() - i), &cp);
    if (n <= 0) return false;
    if (n > 1) *has_multibyte = true;
    i += static_cast<size_t>(n);
  }
  return true;
}

// One round: re-encode the code points as Windows-1252 bytes and keep the result if those bytes
// are valid UTF-8 that contains a multi-byte sequence.
std::optional<std::string> UndoOneRound(std::string_view text) {
  std::string bytes;
  bytes.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                              static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) return std::nullopt;
    auto byte = Cp1252Byte(static_cast<char32_t>(cp));
    if (!byte) return std::nullopt;
    bytes.push_back(static_cast<char>(*byte));
    i += static_cast<size_t>(n);
  }
  bool has_multibyte = false;
  if (!IsValidUtf8(bytes, &has_multibyte) || !has_multibyte) return std::nullopt;
  return bytes;
}

bool LooksLikeMojibake(std::string_view text) {
  // "Ã" (C3 83) and "Â" (C3 82) start nearly every Latin-1 mojibake of Spanish text.
  return text.find("\xC3\x83") != std::string_view::npos ||
         text.find("\xC3\x82") != std::string_view::npos;
}

}  // namespace

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string RepairMojibake(std::string_view text) {
  std::string current(text);
  for (int round = 0; round < 2 && LooksLikeMojibake(current); ++round) {
    auto repaired = UndoOneRound(current);
    if (!repaired) break;
    current = std::move(*repaired);
  }
  return current;
}

namespace {

// NFKD with marks stripped and case folded, by utf8proc; only the ASCII bytes of text that is not
// valid UTF-8.
std::string DecomposeWithUtf8proc(std::string_view text) {
  std::string decomposed;
  utf8proc_uint8_t* out = nullptr;
  auto options =
      static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                     UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                        static_cast<utf8proc_ssize_t>(text.size()), &out, options);
  if (n < 0) {
    // Not valid UTF-8: keep the ASCII bytes only.
    for (char c : text) {
      if (static_cast<unsigned char>(c) < 0x80) decomposed.push_back(c);
    }
  } else {
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(out, &std::free);
    decomposed.assign(reinterpret_cast<const char*>(out), static_cast<size_t>(n));
  }
  return decomposed;
}

// The decomposition of each of U+0080..U+00FF (UTF-8 C2 80 .. C3 BF), by utf8proc, computed once.
// Latin-1 letters are most of what agencies' names hold beyond ASCII; looking them up spares a
// utf8proc call (and its allocation) per name. None of them decomposes to anything that later
// characters could reorder or combine with, so a text's decomposition is its characters' in turn
// (FoldTest.Latin1TableAgreesWithUtf8proc checks every pair).
const std::array<std::string, 128>& Latin1Decompositions() {
  static const std::array<std::string, 128> table = [] {
    std::array<std::string, 128> out;
    for (unsigned code = 0x80; code <= 0xFF; ++code) {
      const char bytes[2] = {static_cast<char>(0xC0 | (code >> 6)),
                             static_cast<char>(0x80 | (code & 0x3F))};
      out[code - 0x80] = DecomposeWithUtf8proc(std::string_view(bytes, 2));
    }
    return out;
  }();
  return table;
}

// The decomposition of `text` from the table when it holds only ASCII and U+0080..U+00FF.
bool DecomposeLatin1(std::string_view text, std::string& decomposed) {
  const auto& table = Latin1Decompositions();
  decomposed.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      decomposed.push_back(static_cast<char>(byte));
      continue;
    }
    if ((byte != 0xC2 && byte != 0xC3) || i + 1 >= text.size()) return false;
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if ((next & 0xC0) != 0x80) return false;
    decomposed += table[((byte & 0x1F) << 6 | (next & 0x3F)) - 0x80];
    ++i;
  }
  return true;
}

std::string FoldDecomposed(std::string_view decomposed) {
  std::string folded;
  folded.reserve(decomposed.size());
  bool pending_space = false;
  for (char c : decomposed) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) continue;  // letters outside Latin that have no ASCII form
    // '?' is what a system writes for a letter it could not encode ("MEJ?A", "RAM?REZ"): the
    // word stays one word, one letter short, instead of splitting into two surnames.
    if (c == '\'' || c == '`' || c == '?') continue;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (pending_space && !folded.empty()) folded.push_back(' ');
      pending_space = false;
      folded.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      if (pending_space && !folded.empty()) folded.push_back(' ');
      pending_space = false;
      folded.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      pending_space = true;
    }
  }
  return folded;
}

}  // namespace

std::string FoldForMatching(std::string_view text) {
  if (IsAscii(text)) return FoldDecomposed(text);
  std::string decomposed;
  if (DecomposeLatin1(text, decomposed)) return FoldDecomposed(decomposed);
  return FoldDecomposed(DecomposeWithUtf8proc(text));
}

std::string FoldForMatchingWithUtf8proc(std::string_view text) {
  return FoldDecomposed(IsAscii(text) ? std::string(text) : DecomposeWithUtf8proc(text));
}

std::vector<std::string> Tokenize(std::string_view folded) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find(' ', start);
    if (end == std::string_view::npos) end = folded.size();
    if (end > start) tokens.emplace_back(folded.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

}  // namespace kinlink::linkage
