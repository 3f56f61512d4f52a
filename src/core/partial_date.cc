#include "core/partial_date.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

namespace kinlink {
namespace {

using std::chrono::year_month_day;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

bool AllDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

// English and Spanish month abbreviations (three letters), and full English / Spanish names.
int MonthFromName(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kEnglish = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::array<std::string_view, 12> kSpanish = {
      "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"};
  std::string lower = Lower(name);
  if (lower.size() < 3) return 0;
  std::string_view prefix = std::string_view(lower).substr(0, 3);
  for (int i = 0; i < 12; ++i) {
    if (prefix == kEnglish[i] || prefix == kSpanish[i]) return i + 1;
  }
  if (lower == "sept") return 9;
  return 0;
}

Status BadDate(std::string_view text, std::string_view why) {
  return InvalidArgumentError(fmt::format("cannot read date '{}': {}", text, why));
}

Result<DateReading> Single(Result<PartialDate> date, std::string format) {
  if (!date.ok()) return date.status();
  return DateReading{{*date}, std::move(format)};
}

// Reads "a?b?yyyy" where a and b are one or two digits, `separator` given.
Result<DateReading> ParseNumericDayMonth(std::string_view text, std::string_view original,
                                         char separator, DayMonthOrder order) {
  auto parts = Split(text, separator);
  if (parts.size() != 3 || !AllDigits(parts[0]) || !AllDigits(parts[1]) || !AllDigits(parts[2]) ||
      parts[0].size() > 2 || parts[1].size() > 2) {
    return BadDate(original, "expected MM/DD/YYYY or DD/MM/YYYY");
  }
  if (parts[2].size() != 4) {
    return BadDate(original, "the year must have four digits");
  }
  int first = ToInt(parts[0]), second = ToInt(parts[1]), year = ToInt(parts[2]);
  std::string sep(1, separator);
  std::string month_first = fmt::format("MM{0}DD{0}YYYY", sep);
  std::string day_first = fmt::format("DD{0}MM{0}YYYY", sep);
  auto as_month_first = PartialDate::Make(year, first, second);
  auto as_day_first = PartialDate::Make(year, second, first);
  switch (order) {
    case DayMonthOrder::kMonthFirst:
      if (!as_month_first.ok()) return BadDate(original, "not a valid MM/DD/YYYY date");
      return Single(as_month_first, month_first);
    case DayMonthOrder::kDayFirst:
      if (!as_day_first.ok()) return BadDate(original, "not a valid DD/MM/YYYY date");
      return Single(as_day_first, day_first);
    case DayMonthOrder::kUnknown:
      break;
  }
  if (as_month_first.ok() && as_day_first.ok()) {
    if (*as_month_first == *as_day_first) return Single(as_month_first, month_first);
    return DateReading{{*as_month_first, *as_day_first},
                       fmt::format("{} or {}", month_first, day_first)};
  }
  if (as_month_first.ok()) return Single(as_month_first, month_first);
  if (as_day_first.ok()) return Single(as_day_first, day_first);
  return BadDate(original, "no day and month order gives a calendar date");
}

Result<DateReading> ParseWithoutMarkers(std::string_view text, std::string_view original,
                                        DayMonthOrder order) {
  std::string lower = Lower(text);
  // "age 7 on 2018-05-10"
  if (lower.rfind("age ", 0) == 0) {
    auto on_pos = lower.find(" on ");
    if (on_pos == std::string::npos) {
      return BadDate(original, "an age needs the day it was stated: 'age N on YYYY-MM-DD'");
    }
    std::string_view age_text = Trim(std::string_view(text).substr(4, on_pos - 4));
    if (!AllDigits(age_text) || age_text.size() > 3) {
      return BadDate(original, "the age must be a whole number of years");
    }
    std::string_view on_text = Trim(std::string_view(text).substr(on_pos + 4));
    KINLINK_ASSIGN_OR_RETURN(DateReading on_reading, ParseWithoutMarkers(on_text, original, order));
    KINLINK_ASSIGN_OR_RETURN(PartialDate on_date, on_reading.Unambiguous(original));
    if (!on_date.ExactDate())
      return BadDate(original, "the day an age was stated must be a full date");
    return Single(PartialDate::FromAge(ToInt(age_text), *on_date.ExactDate()), "age");
  }
  if (AllDigits(text)) {
    if (text.size() == 8) {
      return Single(PartialDate::Make(ToInt(text.substr(0, 4)), ToInt(text.substr(4, 2)),
                                      ToInt(text.substr(6, 2))),
                    "YYYYMMDD");
    }
    if (text.size() == 4) return Single(PartialDate::Make(ToInt(text)), "YYYY");
    return BadDate(original, "a number must be YYYY or YYYYMMDD");
  }
  // ISO: the first separator comes after four digits.
  if (text.size() >= 7 && text[4] == '-' && AllDigits(text.substr(0, 4))) {
    auto date = PartialDate::FromIso(text);
    if (!date.ok()) return BadDate(original, "expected YYYY-MM-DD or YYYY-MM");
    return Single(date, text.size() == 7 ? "YYYY-MM" : "YYYY-MM-DD");
  }
  if (text.find('/') != std::string_view::npos) {
    return ParseNumericDayMonth(text, original, '/', order);
  }
  if (text.find('.') != std::string_view::npos) {
    return ParseNumericDayMonth(text, original, '.', order);
  }
  if (text.find('-') != std::string_view::npos) {
    auto parts = Split(text, '-');
    if (parts.size() == 3 && AllDigits(parts[0]) && parts[0].size() <= 2 && AllDigits(parts[2])) {
      int month = MonthFromName(parts[1]);
      if (month != 0) {
        if (parts[2].size() != 4) return BadDate(original, "the year must have four digits");
        auto date = PartialDate::Make(ToInt(parts[2]), month, ToInt(parts[0]));
        if (!date.ok()) return BadDate(original, "not a calendar date");
        return Single(date, "DD-MON-YYYY");
      }
      if (AllDigits(parts[1])) return ParseNumericDayMonth(text, original, '-', order);
    }
  }
  return BadDate(original, "unrecognised format");
}

}  // namespace

DatePrecision PartialDate::precision() const {
  if (month == 0) return DatePrecision::kYear;
  if (day == 0) return DatePrecision::kMonth;
  return DatePrecision::kDay;
}

Result<PartialDate> PartialDate::Make(int year, int month, int day) {
  if (year < 1800 || year > 2200) {
    return OutOfRangeError(fmt::format("year {} is outside 1800-2200", year));
  }
  if (month < 0 || month > 12)
    return InvalidArgumentError(fmt::format("month {} is not 1-12", month));
  if (month == 0 && day != 0) return InvalidArgumentError("a day without a month");
  if (day != 0) {
    KINLINK_RETURN_IF_ERROR(MakeDate(year, month, day));
  }
  PartialDate date;
  date.year = year;
  date.month = month;
  date.day = day;
  return date;
}

Result<PartialDate> PartialDate::FromAge(int age, Date on) {
  if (age < 0 || age > 130) return OutOfRangeError(fmt::format("age {} is not plausible", age));
  year_month_day stated(on);
  year_month_day latest{stated.year() - std::chrono::years(age), stated.month(), stated.day()};
  if (!latest.ok()) latest = year_month_day(latest.year() / latest.month() / std::chrono::last);
  PartialDate date;
  date.year = int(latest.year());
  date.estimated = true;
  date.age_derived = true;
  date.stated_age = age;
  date.age_stated_on = on;
  return date;
}

Result<PartialDate> PartialDate::FromIso(std::string_view text) {
  auto parts = Split(text, '-');
  if (parts.empty() || parts.size() > 3 || parts[0].size() != 4 || !AllDigits(parts[0])) {
    return InvalidArgumentError(fmt::format("'{}' is not YYYY, YYYY-MM or YYYY-MM-DD", text));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].size() != 2 || !AllDigits(parts[i])) {
      return InvalidArgumentError(fmt::format("'{}' is not YYYY, YYYY-MM or YYYY-MM-DD", text));
    }
  }
  return Make(ToInt(parts[0]), parts.size() > 1 ? ToInt(parts[1]) : 0,
              parts.size() > 2 ? ToInt(parts[2]) : 0);
}

Date PartialDate::Earliest() const {
  if (age_derived && stated_age && age_stated_on) {
    year_month_day on(*age_stated_on);
    year_month_day before{on.year() - std::chrono::years(*stated_age + 1), on.month(), on.day()};
    if (!before.ok()) before = year_month_day(before.year() / before.month() / std::chrono::last);
    return Date(before) + std::chrono::days(1);
  }
  if (precision() == DatePrecision::kYear)
    return Date(std::chrono::year(year) / std::chrono::January / 1);
  if (precision() == DatePrecision::kMonth) {
    return Date(std::chrono::year(year) / std::chrono::month(unsigned(month)) / 1);
  }
  return Date(std::chrono::year(year) / std::chrono::month(unsigned(month)) /
              std::chrono::day(unsigned(day)));
}

Date PartialDate::Latest() const {
  if (age_derived && stated_age && age_stated_on) {
    year_month_day on(*age_stated_on);
    year_month_day latest{on.year() - std::chrono::years(*stated_age), on.month(), on.day()};
    if (!latest.ok()) latest = year_month_day(latest.year() / latest.month() / std::chrono::last);
    return Date(latest);
  }
  if (precision() == DatePrecision::kYear)
    return Date(std::chrono::year(year) / std::chrono::December / 31);
  if (precision() == DatePrecision::kMonth) {
    return Date(std::chrono::year(year) / std::chrono::month(unsigned(month)) / std::chrono::last);
  }
  return Earliest();
}

std::optional<Date> PartialDate::ExactDate() const {
  if (precision() != DatePrecision::kDay || age_derived) return std::nullopt;
  return Earliest();
}

std::string PartialDate::ToString() const {
  if (age_derived && stated_age && age_stated_on) {
    return fmt::format("age {} on {}", *stated_age, FormatDate(*age_stated_on));
  }
  std::string text = fmt::format("{:04d}", year);
  if (month != 0) text += fmt::format("-{:02d}", month);
  if (day != 0) text += fmt::format("-{:02d}", day);
  return estimated ? "~" + text : text;
}

Result<PartialDate> DateReading::Unambiguous(std::string_view original) const {
  if (candidates.size() == 1) return candidates.front();
  return InvalidArgumentError(fmt::format(
      "ambiguous date '{}': day and month could be either way ({} or {}); the source layout must "
      "say which comes first",
      original, candidates[0].ToString(), candidates[1].ToString()));
}

Result<DateReading> ParseAgencyDate(std::string_view text, DayMonthOrder order) {
  // The two layouts most exports use, read in place: "YYYY-MM-DD" and "YYYYMMDD". A value that is
  // not a calendar date takes the full path below, which gives the same reading and the same error.
  const auto digits_at = [&](std::initializer_list<size_t> positions) {
    for (size_t i : positions) {
      if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
  };
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      digits_at({0, 1, 2, 3, 5, 6, 8, 9})) {
    auto date = PartialDate::Make(ToInt(text.substr(0, 4)), ToInt(text.substr(5, 2)),
                                  ToInt(text.substr(8, 2)));
    if (date.ok()) return DateReading{{*date}, "YYYY-MM-DD"};
  } else if (text.size() == 8 && digits_at({0, 1, 2, 3, 4, 5, 6, 7})) {
    auto date = PartialDate::Make(ToInt(text.substr(0, 4)), ToInt(text.substr(4, 2)),
                                  ToInt(text.substr(6, 2)));
    if (date.ok()) return DateReading{{*date}, "YYYYMMDD"};
  }
  std::string_view original = text;
  text = Trim(text);
  if (text.empty()) return BadDate(original, "empty");
  bool estimated = false;
  std::string lower = Lower(text);
  for (std::string_view marker : {"~", "est.", "est ", "approx.", "approx ", "ca."}) {
    if (lower.rfind(marker, 0) == 0) {
      estimated = true;
      text = Trim(text.substr(marker.size()));
      break;
    }
  }
  KINLINK_ASSIGN_OR_RETURN(DateReading reading, ParseWithoutMarkers(text, original, order));
  if (estimated) {
    for (auto& candidate : reading.candidates) candidate.estimated = true;
  }
  return reading;
}

}  // namespace kinlink
