// Fast readings of the common agency date and time layouts (detail of the ingest mapper).
//
// QuickAgencyDate reads the layouts the agency exports use row after row (YYYY-MM-DD, YYYYMMDD,
// M/D/YYYY and D/M/YYYY with slashes or dots, DD-MON-YYYY) without allocating, and returns the
// date only when it is a full, valid calendar day that ParseAgencyDate(text, order) followed by
// DateReading::Unambiguous would return too. Anything else (other layouts, estimates, a zero day
// or month, an out-of-range year, an ambiguous day/month order, stray whitespace) gives nullopt:
// "not decided here", and the caller asks ParseAgencyDate, which has the messages. So a nullopt
// never means the date is invalid. tests/ledger/agency_date_test.cc checks the agreement.
//
// QuickTimeOfDay reads "H:MM", "HH:MM" and "HH:MM:SS" (one or two digits each), hours 0-23,
// minutes and seconds 0-59, as seconds since midnight; nullopt for anything else.
//
//   if (auto date = detail::QuickAgencyDate("10/01/2018", DayMonthOrder::kMonthFirst)) ...
//
// Thread safety: pure functions.
#ifndef KINLINK_LEDGER_INTERNAL_AGENCY_DATE_H_
#define KINLINK_LEDGER_INTERNAL_AGENCY_DATE_H_

#include <optional>
#include <string_view>

#include "core/civil_time.h"
#include "core/partial_date.h"

namespace kinlink::ledger::detail {

std::optional<PartialDate> QuickAgencyDate(std::string_view text, DayMonthOrder order);
std::optional<int> QuickTimeOfDay(std::string_view text);

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_AGENCY_DATE_H_
