// Internal to src/synth: single-word typo generators for the name error models.
//
// Each returns the mangled word, or std::nullopt when the word offers nothing to mangle (the
// caller then picks another word or counts no opportunity). Words are UTF-8; the edits touch
// ASCII letters and the Spanish spellings listed in typos.cc.
//
// Thread safety: pure functions of their arguments (the Rng is the caller's).
#ifndef KINLINK_SYNTH_INTERNAL_TYPOS_H_
#define KINLINK_SYNTH_INTERNAL_TYPOS_H_

#include <optional>
#include <string>
#include <string_view>

#include "synth/random.h"

namespace kinlink::synth::detail {

// A neighbouring key on a QWERTY keyboard, two letters transposed, or a letter left out.
std::optional<std::string> KeyboardTypo(std::string_view word, Rng& rng);
// A spelling that sounds the same in Spanish: b/v, s/z/c, ll/y, silent h, j/g, qu/k, x/j, ñ/ni.
std::optional<std::string> PhoneticTypo(std::string_view word, Rng& rng);
// A character misread from a scanned form: rn/m, l/1, O/0, e/c, cl/d, S/5, B/8, i/l.
std::optional<std::string> OcrTypo(std::string_view word, Rng& rng);

bool HasAsciiLetter(std::string_view word);
bool HasPhoneticSite(std::string_view word);
bool HasOcrSite(std::string_view word);

}  // namespace kinlink::synth::detail

#endif  // KINLINK_SYNTH_INTERNAL_TYPOS_H_
