// Text normalization for record linkage: mojibake repair, Unicode folding and tokenizing.
//
// Agency exports mix encodings: a name typed as "José" in one system arrives as "JosÃ©" from
// another that read the UTF-8 bytes as Latin-1 or Windows-1252. RepairMojibake undoes that (up to
// two rounds of double encoding) and leaves correct text alone. FoldForMatching then produces the
// form every comparator sees: NFKD, combining marks removed, case folded, punctuation turned into
// spaces, runs of spaces collapsed ("  MARÍA-José " -> "maria jose"); "ñ" folds to "n".
//
//   std::string key = FoldForMatching(RepairMojibake("JosÃ© PÃ‰REZ"));  // "jose perez"
//   std::vector<std::string> tokens = Tokenize(key);                      // {"jose", "perez"}
//
// Errors: invalid UTF-8 is not an error; bytes that do not decode are dropped by folding.
// Thread safety: pure functions; safe from any thread.
#ifndef KINLINK_LINKAGE_TEXT_NORMALIZE_H_
#define KINLINK_LINKAGE_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>
#include <vector>

namespace kinlink::linkage {

// Undoes UTF-8 text that was decoded as Latin-1/Windows-1252 and re-encoded ("JosÃ©" -> "José").
// Text that is not mojibake is returned unchanged.
std::string RepairMojibake(std::string_view text);

// Lower-case ASCII-folded form with punctuation as single spaces; "" for blank input.
// Apostrophes and '?' (an unencodable letter) are removed without a space ("O'Brien" -> "obrien",
// "RAM?REZ" -> "ramrez"); a period after a letter is kept out ("Ma." -> "ma").
// Text of only ASCII and Latin-1 letters is decomposed from a table; other text by utf8proc.
std::string FoldForMatching(std::string_view text);

// FoldForMatching with every non-ASCII text decomposed by utf8proc: the same result, slower; the
// reference the table is tested against.
std::string FoldForMatchingWithUtf8proc(std::string_view text);

// Splits folded text on spaces.
std::vector<std::string> Tokenize(std::string_view folded);

// True when the text is only ASCII bytes.
bool IsAscii(std::string_view text);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_TEXT_NORMALIZE_H_
