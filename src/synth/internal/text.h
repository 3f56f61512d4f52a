// Internal to src/synth: small UTF-8 / Latin-1 text helpers for the Spanish names kinlink renders.
//
// Names are UTF-8 throughout the synthesizer. These helpers work on code points in the Latin-1
// range (U+0000..U+00FF), which covers Spanish and the Mayan-alphabet names in data/names/;
// characters outside it pass through unchanged (or become '?' when encoded to Latin-1).
//
// Thread safety: pure functions.
#ifndef KINLINK_SYNTH_INTERNAL_TEXT_H_
#define KINLINK_SYNTH_INTERNAL_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace kinlink::synth::detail {

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD.
std::vector<char32_t> DecodeUtf8(std::string_view text);
std::string EncodeUtf8(const std::vector<char32_t>& code_points);
void AppendUtf8(char32_t code_point, std::string& out);

bool HasNonAscii(std::string_view text);
// "María Ñúñez" -> "Maria Nunez" (Latin-1 letters with diacritics to their base letter).
std::string StripAccents(std::string_view text);
// Upper case for ASCII and Latin-1 letters: "López" -> "LÓPEZ".
std::string UpperCase(std::string_view text);
// The classic mojibake: the UTF-8 bytes read as Latin-1 and re-encoded ("María" -> "MarÃ­a").
std::string Mojibake(std::string_view text);
// Each non-ASCII character replaced by '?' ("María" -> "Mar?a"), as a lossy export does.
std::string QuestionMarks(std::string_view text);

// UTF-8 -> ISO-8859-1: one byte per character; characters above U+00FF become '?'.
std::string Utf8ToLatin1(std::string_view text);
// ISO-8859-1 -> UTF-8 (every byte is a character).
std::string Latin1ToUtf8(std::string_view bytes);

// Splits on single spaces, dropping empty pieces.
std::vector<std::string> SplitWords(std::string_view text);
std::string JoinWords(const std::vector<std::string>& words, std::string_view separator = " ");

}  // namespace kinlink::synth::detail

#endif  // KINLINK_SYNTH_INTERNAL_TEXT_H_
