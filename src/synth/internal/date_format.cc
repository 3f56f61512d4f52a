#include "synth/internal/date_format.h"

#include <fmt/format.h>

namespace kinlink::synth::detail {
namespace {
constexpr const char* kMonths[12] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                     "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
}  // namespace

DateParts PartsOf(Date date) {
  std::chrono::year_month_day ymd(date);
  return {int(ymd.year()), static_cast<int>(unsigned(ymd.month())),
          static_cast<int>(unsigned(ymd.day()))};
}

std::string FormatMmDdYyyy(const DateParts& d) {
  return fmt::format("{:02}/{:02}/{:04}", d.month, d.day, d.year);
}
std::string FormatMDYyyy(const DateParts& d) {
  return fmt::format("{}/{}/{:04}", d.month, d.day, d.year);
}
std::string FormatDdMonYyyy(const DateParts& d) {
  const char* month = d.month >= 1 && d.month <= 12 ? kMonths[d.month - 1] : "???";
  return fmt::format("{:02}-{}-{:04}", d.day, month, d.year);
}
std::string FormatYyyyMmDd(const DateParts& d) {
  return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day);
}
std::string FormatIsoDate(const DateParts& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string FormatHhMm(Timestamp time) {
  auto seconds = (time - StartOfDay(DateOf(time))).count();
  return fmt::format("{:02}:{:02}", seconds / 3600, (seconds / 60) % 60);
}

std::string FormatIsoMinute(Timestamp time) {
  return FormatIsoDate(PartsOf(DateOf(time))) + " " + FormatHhMm(time);
}

}  // namespace kinlink::synth::detail
