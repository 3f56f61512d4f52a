// SpanishPhoneticKey (declared in phonetic.h).
#include "linkage/phonetic.h"
#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

bool IsVowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

}  // namespace

std::string SpanishPhoneticKey(std::string_view name) {
  std::string folded = FoldForMatching(name);
  std::string s;
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') s.push_back(static_cast<char>(c - 'a' + 'A'));
  }
  std::string key;
  auto at = [&](size_t i) -> char { return i < s.size() ? s[i] : '\0'; };
  auto emit = [&](char c) {
    if (key.empty() || key.back() != c) key.push_back(c);
  };
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    char next = at(i + 1);
    switch (c) {
      case 'H':
        break;  // silent in Spanish
      case 'B':
      case 'V':
        emit('B');
        break;
      case 'W':
        // Wilmer/Vilmer/Guillermo: a "u"-like glide; spell as B before a vowel.
        emit(IsVowel(next) ? 'B' : 'U');
        break;
      case 'Z':
        emit('S');
        break;
      case 'C':
        if (next == 'H') {
          emit('X');  // ch
          ++i;
        } else if (next == 'E' || next == 'I') {
          emit('S');
        } else if (next == 'C') {
          emit('K');  // acción: "ks"; key on the first
        } else {
          emit('K');
        }
        break;
      case 'Q':
        emit('K');
        if (next == 'U') ++i;
        break;
      case 'K':
        emit('K');
        break;
      case 'G':
        if (next == 'E' || next == 'I') {
          emit('J');
        } else if (next == 'U' && (at(i + 2) == 'E' || at(i + 2) == 'I')) {
          emit('G');
          ++i;  // the u of gue/gui is silent
        } else {
          emit('G');
        }
        break;
      case 'J':
        emit('J');
        break;
      case 'X':
        // Ximena, Xavier, México: "j"; Xochitl and most word-internal x: "s"/"ks".
        if (i == 0 && (next == 'I' || next == 'A' || next == 'E')) {
          emit('J');
        } else if (i == 0) {
          emit('S');
        } else {
          emit('K');
          emit('S');
        }
        break;
      case 'L':
        if (next == 'L') {
          emit('Y');
          ++i;
        } else {
          emit('L');
        }
        break;
      case 'Y':
        emit(IsVowel(next) ? 'Y' : 'I');
        break;
      case 'P':
        if (next == 'H') {
          emit('F');
          ++i;
        } else {
          emit('P');
        }
        break;
      case 'T':
        if (next == 'Z') {
          emit('S');
          ++i;
        } else {
          emit('T');
        }
        break;
      case 'R':
        emit('R');
        break;
      default:
        emit(c);
    }
  }
  return key;
}

}  // namespace kinlink::linkage
