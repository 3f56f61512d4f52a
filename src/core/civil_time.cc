#include "core/civil_time.h"

#include <fmt/format.h>

#include <charconv>

namespace kinlink {
namespace {

// Parses exactly `width` ASCII digits at `pos`; false otherwise.
bool ParseFixedDigits(std::string_view text, size_t pos, size_t width, int& out) {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

}  // namespace

Result<Date> MakeDate(int year, int month, int day) {
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(unsigned(month)),
                                  std::chrono::day(unsigned(day))};
  if (year < 1 || year > 9999 || !ymd.ok()) {
    return InvalidArgumentError(
        fmt::format("{:04d}-{:02d}-{:02d} is not a calendar date", year, month, day));
  }
  return Date(ymd);
}

Result<Date> ParseIsoDate(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseFixedDigits(text, 0, 4, y) ||
      !ParseFixedDigits(text, 5, 2, m) || !ParseFixedDigits(text, 8, 2, d)) {
    return InvalidArgumentError(fmt::format("'{}' is not a date of the form YYYY-MM-DD", text));
  }
  return MakeDate(y, m, d);
}

std::string FormatDate(Date date) {
  std::chrono::year_month_day ymd(date);
  return fmt::format("{:04d}-{:02d}-{:02d}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()));
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  if (text.size() < 10) {
    return InvalidArgumentError(fmt::format("'{}' is not an ISO 8601 timestamp", text));
  }
  KINLINK_ASSIGN_OR_RETURN(Date date, ParseIsoDate(text.substr(0, 10)));
  std::string_view rest = text.substr(10);
  if (rest.empty()) return StartOfDay(date);
  int hh = 0, mm = 0, ss = 0;
  if (rest.size() < 9 || (rest[0] != 'T' && rest[0] != ' ') || rest[3] != ':' || rest[6] != ':' ||
      !ParseFixedDigits(rest, 1, 2, hh) || !ParseFixedDigits(rest, 4, 2, mm) ||
      !ParseFixedDigits(rest, 7, 2, ss) || hh > 23 || mm > 59 || ss > 60) {
    return InvalidArgumentError(
        fmt::format("'{}' is not an ISO 8601 timestamp (YYYY-MM-DDThh:mm:ssZ)", text));
  }
  std::string_view zone = rest.substr(9);
  if (!(zone.empty() || zone == "Z")) {
    return InvalidArgumentError(
        fmt::format("timestamp '{}' must be UTC (end in Z or carry no offset)", text));
  }
  return StartOfDay(date) + std::chrono::hours(hh) + std::chrono::minutes(mm) +
         std::chrono::seconds(ss);
}

std::string FormatTimestamp(Timestamp time) {
  Date date = DateOf(time);
  auto seconds = (time - StartOfDay(date)).count();
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", FormatDate(date), seconds / 3600,
                     (seconds / 60) % 60, seconds % 60);
}

int AgeInYears(Date birth, Date on) {
  std::chrono::year_month_day b(birth), o(on);
  int age = int(o.year()) - int(b.year());
  if (std::pair(unsigned(o.month()), unsigned(o.day())) <
      std::pair(unsigned(b.month()), unsigned(b.day()))) {
    --age;
  }
  return age;
}

}  // namespace kinlink
