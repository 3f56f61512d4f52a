// Name error models: how a true name becomes the name a clerk typed.
//
// MangleName applies, in order and each at its own opportunity (docs/synthesizer.md):
//   nickname / spelling_variant   a given name replaced by a nickname; a name by another spelling
//   given_names_truncated         later given names dropped, or a single one cut short
//   surnames_swapped / maternal_surname_dropped   (exclusive; only with two surnames)
//   typo_keyboard, typo_phonetic, typo_ocr        one word each
//   accent_dropped / accent_mangled               (exclusive; only when the name has accents)
// Every applied error is recorded in the ErrorRecorder with the field it touched.
//
//   RecordedName typed = MangleName(truth, tables, rng, errors);
//
// Thread safety: pure apart from the caller's Rng and ErrorRecorder.
#ifndef KINLINK_SYNTH_NAME_ERRORS_H_
#define KINLINK_SYNTH_NAME_ERRORS_H_

#include <string>
#include <vector>

#include "synth/error_recorder.h"
#include "synth/name_tables.h"
#include "synth/random.h"

namespace kinlink::synth {

// A name as one record holds it: given names, then the first and second surname slots.
struct RecordedName {
  std::vector<std::string> given_names;
  std::string first_surname;   // the paternal surname, unless swapped
  std::string second_surname;  // the maternal surname, unless swapped or dropped
  std::string GivenNames() const;
  std::string Surnames(std::string_view separator = " ") const;
  friend bool operator==(const RecordedName&, const RecordedName&) = default;
};

RecordedName MangleName(const RecordedName& truth, const NameTables& tables, Rng& rng,
                        ErrorRecorder& errors);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_NAME_ERRORS_H_
