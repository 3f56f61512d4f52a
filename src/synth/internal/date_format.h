// Internal to src/synth: the date and time formats the agency layouts write.
//
// Thread safety: pure functions.
#ifndef KINLINK_SYNTH_INTERNAL_DATE_FORMAT_H_
#define KINLINK_SYNTH_INTERNAL_DATE_FORMAT_H_

#include <string>

#include "core/civil_time.h"

namespace kinlink::synth::detail {

// A calendar date as a clerk recorded it: may be impossible to store as Date (e.g. swapped day
// and month are still a real day, but keeping the parts avoids re-validation).
struct DateParts {
  int year = 0;
  int month = 0;
  int day = 0;
};

DateParts PartsOf(Date date);

std::string FormatMmDdYyyy(const DateParts& d);   // 06/04/2018
std::string FormatMDYyyy(const DateParts& d);     // 6/4/2018
std::string FormatDdMonYyyy(const DateParts& d);  // 04-JUN-2018
std::string FormatYyyyMmDd(const DateParts& d);   // 20180604
std::string FormatIsoDate(const DateParts& d);    // 2018-06-04
std::string FormatHhMm(Timestamp time);           // 14:05
std::string FormatIsoMinute(Timestamp time);      // 2018-06-04 14:05

}  // namespace kinlink::synth::detail

#endif  // KINLINK_SYNTH_INTERNAL_DATE_FORMAT_H_
