// Spanish naming: splitting a full name into given names and paternal/maternal surnames.
//
// Spanish naming gives a person two surnames: the father's paternal surname, then the mother's
// paternal surname ("María Guadalupe López Hernández"). Surnames may carry particles ("de la Cruz",
// "del Valle", "van der Berg") and may be joined by "y" ("Ortega y Gasset"). Agencies write names
// in several orders: "LÓPEZ HERNÁNDEZ, María Guadalupe" (comma = surnames first), all upper-case
// surnames followed by given names, or given names first.
//
//   ParsedName n = ParseFullName("LOPEZ HERNANDEZ, Maria Guadalupe");
//   // n.given = {"maria","guadalupe"}, n.paternal = "lopez", n.maternal = "hernandez",
//   // n.order = NameOrder::kSurnameFirstComma
//   SurnameParts s = SplitSurnames("de la Cruz y Ramos");  // paternal "de la cruz", maternal
//   "ramos"
//
// All outputs are folded (see text_normalize.h). Without a comma or a case cue, the last two
// surname units of a given-first name are taken as surnames (one when only two words).
// Thread safety: pure functions; safe from any thread.
#ifndef KINLINK_LINKAGE_SPANISH_NAME_H_
#define KINLINK_LINKAGE_SPANISH_NAME_H_

#include <string>
#include <string_view>
#include <vector>

namespace kinlink::linkage {

enum class NameOrder {
  kGivenFirst,         // "Maria Lopez Hernandez"
  kSurnameFirstComma,  // "LOPEZ HERNANDEZ, Maria"
  kSurnameFirstCase,   // "LOPEZ HERNANDEZ Maria": leading upper-case words are surnames
};

struct SurnameParts {
  std::string paternal;  // folded, particles kept: "de la cruz"
  std::string maternal;  // folded; empty when only one surname was given
};

struct ParsedName {
  std::vector<std::string> given;  // folded given-name tokens, abbreviations kept ("ma")
  SurnameParts surnames;
  NameOrder order = NameOrder::kGivenFirst;
};

// True for a folded token that is a surname particle: de, del, la, las, los, y, da, van, von...
bool IsSurnameParticle(std::string_view folded_token);

// Groups folded surname tokens into units ("de la cruz" is one unit) and splits them into
// paternal and maternal; "y" between two units joins them as one compound surname only when
// written inside a single surname field, otherwise separates paternal from maternal.
SurnameParts SplitSurnames(std::string_view surname_text);

// Groups folded tokens into surname units, attaching particles to the word after them.
std::vector<std::string> SurnameUnits(const std::vector<std::string>& folded_tokens);

// Detects the order of a full name (raw text, before folding; the case cue needs it).
NameOrder DetectNameOrder(std::string_view full_name);

// Splits a raw full name into given names and surnames, repairing mojibake first.
ParsedName ParseFullName(std::string_view full_name);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_SPANISH_NAME_H_
