// PartialDate: a birth date as agencies record it, often incomplete or estimated, and the parser
// for the date formats their records use.
//
// A PartialDate knows a year, optionally a month and a day, and whether it was estimated or
// derived from a stated age. It converts to the range of real days it may stand for.
//
// ParseAgencyDate reads the formats seen in agency exports:
//   2011-03-05   2011-03   2011      ISO 8601, full or truncated
//   03/05/2011   3/5/2011             slashes; day/month order from the layout, else ambiguous
//   05.03.2011                        dots, same rule
//   5-MAR-2011   05-Mar-2011          day, month name (English or Spanish abbreviation), year
//   20110305                          compact
//   age 7 on 2018-05-10               an age stated on a day (age-derived, estimated)
//   ~2011-03-05, est. 2011            a leading "~", "est." or "approx." marks an estimate
// When the order of day and month is not known and both readings are valid, the result holds
// both candidates and ambiguous() is true: the parser never guesses.
//
//   KINLINK_ASSIGN_OR_RETURN(DateReading r, ParseAgencyDate("03/05/2011"));
//   if (r.ambiguous()) Quarantine(r.AmbiguityMessage());
//
// Thread safety: values and free functions; safe from any thread.
#ifndef KINLINK_CORE_PARTIAL_DATE_H_
#define KINLINK_CORE_PARTIAL_DATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.h"
#include "core/status.h"

namespace kinlink {

enum class DatePrecision { kYear, kMonth, kDay };

struct PartialDate {
  int year = 0;
  int month = 0;  // 1-12, or 0 when unknown
  int day = 0;    // 1-31, or 0 when unknown (always 0 when month is 0)
  bool estimated = false;
  bool age_derived = false;
  // Set only for age-derived dates: the stated age and the day it was stated.
  std::optional<int> stated_age;
  std::optional<Date> age_stated_on;

  DatePrecision precision() const;

  // Validates the fields and builds a date of the given precision.
  static Result<PartialDate> Make(int year, int month = 0, int day = 0);
  // The birth-date range implied by being `age` years old on `on`.
  static Result<PartialDate> FromAge(int age, Date on);
  // "2011", "2011-03" or "2011-03-05".
  static Result<PartialDate> FromIso(std::string_view text);

  // The first and last real day this date may stand for.
  Date Earliest() const;
  Date Latest() const;
  // The full date when precision() is kDay.
  std::optional<Date> ExactDate() const;

  // Canonical text: "2011-03-05", "2011-03", "2011", "age 7 on 2018-05-10"; estimates prefixed "~".
  std::string ToString() const;

  friend bool operator==(const PartialDate&, const PartialDate&) = default;
};

// How a source lays out numeric dates such as 03/05/2011.
enum class DayMonthOrder { kUnknown, kMonthFirst, kDayFirst };

struct DateReading {
  // One candidate normally; two when the day and month could be swapped and nothing says which.
  std::vector<PartialDate> candidates;
  // The format that matched, e.g. "MM/DD/YYYY", "DD-MON-YYYY", "YYYYMMDD", "age".
  std::string format;

  bool ambiguous() const { return candidates.size() > 1; }
  // The single reading, or InvalidArgument naming both readings when ambiguous.
  Result<PartialDate> Unambiguous(std::string_view original) const;
};

Result<DateReading> ParseAgencyDate(std::string_view text,
                                    DayMonthOrder order = DayMonthOrder::kUnknown);

}  // namespace kinlink

#endif  // KINLINK_CORE_PARTIAL_DATE_H_
