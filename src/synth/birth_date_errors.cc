#include "synth/birth_date_errors.h"

namespace kinlink::synth {

RecordedBirthDate MangleBirthDate(const std::optional<PartialDate>& truth, bool layout_has_age,
                                  Rng& rng, ErrorRecorder& errors) {
  RecordedBirthDate recorded;
  if (!truth) return recorded;
  if (layout_has_age && errors.Draw(ErrorKind::kAgeInsteadOfBirthDate, rng, "birth_date")) {
    recorded.age_only = true;
    return recorded;
  }
  detail::DateParts parts{truth->year, truth->month == 0 ? 1 : truth->month,
                          truth->day == 0 ? 1 : truth->day};
  if (truth->precision() == DatePrecision::kDay) {
    if (errors.Draw(ErrorKind::kUnknownBirthDateJan1, rng, "birth_date")) {
      parts.month = 1;
      parts.day = 1;
    } else if (parts.day <= 12 && parts.day != parts.month) {
      if (errors.Draw(ErrorKind::kDayMonthSwapped, rng, "birth_date")) {
        std::swap(parts.day, parts.month);
      }
    }
  }
  recorded.date = parts;
  return recorded;
}

}  // namespace kinlink::synth
