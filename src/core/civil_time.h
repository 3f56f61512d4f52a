// Calendar dates and UTC timestamps, and their ISO 8601 text forms.
//
// kinlink keeps every instant as a UTC Timestamp with one-second resolution and every calendar
// day as a Date; both are thin aliases of std::chrono types so arithmetic is the standard one.
//
//   KINLINK_ASSIGN_OR_RETURN(Date d, ParseIsoDate("2018-06-26"));
//   Timestamp deadline = StartOfDay(d) + std::chrono::days(14);
//   std::string text = FormatTimestamp(deadline);   // "2018-07-10T00:00:00Z"
//
// Thread safety: free functions on values; safe from any thread.
#ifndef KINLINK_CORE_CIVIL_TIME_H_
#define KINLINK_CORE_CIVIL_TIME_H_

#include <chrono>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinlink {

using Date = std::chrono::sys_days;
using Timestamp = std::chrono::sys_seconds;

// Builds a date, or fails with InvalidArgument when (year, month, day) is not a real day.
Result<Date> MakeDate(int year, int month, int day);

// "2018-06-26". Exactly this form; anything else is InvalidArgument.
Result<Date> ParseIsoDate(std::string_view text);
std::string FormatDate(Date date);

// "2018-06-26T13:05:00Z", also accepted: "2018-06-26T13:05:00" (taken as UTC), "2018-06-26
// 13:05:00" and a bare date "2018-06-26" (midnight UTC). Offsets other than Z are rejected.
Result<Timestamp> ParseTimestamp(std::string_view text);
std::string FormatTimestamp(Timestamp time);

inline Timestamp StartOfDay(Date date) { return Timestamp(date.time_since_epoch()); }
inline Date DateOf(Timestamp time) { return std::chrono::floor<std::chrono::days>(time); }

// Whole years between `birth` and `on` (age on that day).
int AgeInYears(Date birth, Date on);

}  // namespace kinlink

#endif  // KINLINK_CORE_CIVIL_TIME_H_
