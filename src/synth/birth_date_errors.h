// Birth-date error models: how a true birth date becomes what a record holds.
//
// MangleBirthDate applies, each at its own opportunity (docs/synthesizer.md):
//   age_instead_of_birth_date   only an age was taken (layouts with an age field: CBP, ORR)
//   unknown_birth_date_jan1     the day was unknown and 01/01 of the year was entered
//   day_month_swapped           day and month swapped (only when the day is 12 or less and differs
//                               from the month, so the swapped date is still a real day)
// A truth date known only to the year (or month) is recorded on the 1st of January (or of the
// month) without counting an error: that is the truth's own imprecision.
//
// Thread safety: pure apart from the caller's Rng and ErrorRecorder.
#ifndef KINLINK_SYNTH_BIRTH_DATE_ERRORS_H_
#define KINLINK_SYNTH_BIRTH_DATE_ERRORS_H_

#include <optional>

#include "core/partial_date.h"
#include "synth/error_recorder.h"
#include "synth/internal/date_format.h"
#include "synth/random.h"

namespace kinlink::synth {

struct RecordedBirthDate {
  std::optional<detail::DateParts> date;  // empty: no birth date recorded
  bool age_only = false;                  // the record holds an age instead
};

RecordedBirthDate MangleBirthDate(const std::optional<PartialDate>& truth, bool layout_has_age,
                                  Rng& rng, ErrorRecorder& errors);

}  // namespace kinlink::synth

#endif  // KINLINK_SYNTH_BIRTH_DATE_ERRORS_H_
