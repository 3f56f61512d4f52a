// Phonetic keys for names: a key tuned to Spanish pronunciation, and Double Metaphone.
//
// SpanishPhoneticKey encodes how a Latin American Spanish speaker says a name, so spellings that
// sound alike share a key: b/v, s/z/soft c, ll/y, silent h, qu/k/hard c, j/soft g/x before a
// vowel at the start (Ximena), gue/gui, double letters. "Velásquez", "Belazquez" and "Velazques"
// all give "BELASKES". Vowels are kept: in Spanish they are pronounced as written.
//
// DoubleMetaphone is Lawrence Philips' 2000 algorithm (primary and alternate keys, at most four
// characters each), ported from his published C++ reference; it covers the English, Germanic,
// Slavic, Spanish and Italian spellings seen in US records ("Smith" -> SM0/XMT).
//
//   SpanishPhoneticKey("Gutiérrez");        // "GUTIERES"
//   DoubleMetaphone("Schmidt");              // {"XMT", "SMT"}
//
// Input is raw or folded text; both functions fold it first. Empty input gives empty keys.
// Thread safety: pure functions; safe from any thread.
#ifndef KINLINK_LINKAGE_PHONETIC_H_
#define KINLINK_LINKAGE_PHONETIC_H_

#include <string>
#include <string_view>

namespace kinlink::linkage {

std::string SpanishPhoneticKey(std::string_view name);

struct MetaphoneKeys {
  std::string primary;
  std::string alternate;
  friend bool operator==(const MetaphoneKeys&, const MetaphoneKeys&) = default;
};

MetaphoneKeys DoubleMetaphone(std::string_view name, size_t max_length = 4);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_PHONETIC_H_
