// Mirrors the full-date branches of ParseAgencyDate (src/core/partial_date.cc); see the header.
#include "ledger/internal/agency_date.h"

#include <array>

namespace kinlink::ledger::detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A run of 1..max_digits digits at `text[pos]`; advances pos.
bool Digits(std::string_view text, size_t& pos, size_t min_digits, size_t max_digits, int& value) {
  size_t start = pos;
  value = 0;
  while (pos < text.size() && IsDigit(text[pos]) && pos - start < max_digits) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
  }
  size_t n = pos - start;
  return n >= min_digits && n <= max_digits && (pos == text.size() || !IsDigit(text[pos]));
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

// A full day PartialDate::Make accepts (year 1800-2200); false for anything it would read
// otherwise (a zero month or day gives a partial date there, not an error).
bool FullDay(int year, int month, int day) {
  return year >= 1800 && year <= 2200 && month >= 1 && month <= 12 && day >= 1 &&
         day <= DaysInMonth(year, month);
}

std::optional<PartialDate> Day(int year, int month, int day) {
  if (!FullDay(year, month, day)) return std::nullopt;
  PartialDate date;
  date.year = year;
  date.month = month;
  date.day = day;
  return date;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A three-letter English or Spanish month abbreviation, any case; 0 otherwise.
int MonthAbbreviation(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kEnglish = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  static constexpr std::array<std::string_view, 12> kSpanish = {
      "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"};
  if (name.size() != 3) return 0;
  char lower[3] = {Lower(name[0]), Lower(name[1]), Lower(name[2])};
  std::string_view l(lower, 3);
  for (int i = 0; i < 12; ++i) {
    if (l == kEnglish[static_cast<size_t>(i)] || l == kSpanish[static_cast<size_t>(i)]) {
      return i + 1;
    }
  }
  return 0;
}

}  // namespace

std::optional<PartialDate> QuickAgencyDate(std::string_view text, DayMonthOrder order) {
  const size_t n = text.size();
  if (n < 8 || n > 11 || !IsDigit(text.front()) || !IsDigit(text.back())) return std::nullopt;
  size_t pos = 0;
  int a = 0, b = 0, year = 0;
  bool all_digits = true;
  for (char c : text) all_digits &= IsDigit(c);
  if (all_digits) {  // YYYYMMDD
    if (n != 8) return std::nullopt;
    auto num = [&](size_t at, size_t len) {
      int v = 0;
      for (size_t i = at; i < at + len; ++i) v = v * 10 + (text[i] - '0');
      return v;
    };
    return Day(num(0, 4), num(4, 2), num(6, 2));
  }
  if (n == 10 && text[4] == '-' && text[7] == '-') {  // YYYY-MM-DD
    if (!Digits(text, pos, 4, 4, year) || text[pos++] != '-' || !Digits(text, pos, 2, 2, a) ||
        text[pos++] != '-' || !Digits(text, pos, 2, 2, b) || pos != n) {
      return std::nullopt;
    }
    return Day(year, a, b);
  }
  if (!Digits(text, pos, 1, 2, a) || pos >= n) return std::nullopt;
  const char separator = text[pos++];
  if (separator == '-') {  // DD-MON-YYYY
    if (pos + 4 >= n || text[pos + 3] != '-') return std::nullopt;
    int month = MonthAbbreviation(text.substr(pos, 3));
    pos += 4;
    if (month == 0 || !Digits(text, pos, 4, 4, year) || pos != n) return std::nullopt;
    return Day(year, month, a);
  }
  if (separator != '/' && separator != '.') return std::nullopt;
  if (!Digits(text, pos, 1, 2, b) || pos >= n || text[pos++] != separator ||
      !Digits(text, pos, 4, 4, year) || pos != n) {
    return std::nullopt;
  }
  switch (order) {
    case DayMonthOrder::kMonthFirst:
      return Day(year, a, b);
    case DayMonthOrder::kDayFirst:
      return Day(year, b, a);
    case DayMonthOrder::kUnknown:
      break;
  }
  // Both readings must be decided here: a zero part is the core parser's business.
  if (a < 1 || b < 1) return std::nullopt;
  bool month_first = FullDay(year, a, b), day_first = FullDay(year, b, a);
  if (month_first && day_first && a != b) return std::nullopt;  // ambiguous
  if (month_first) return Day(year, a, b);
  if (day_first) return Day(year, b, a);
  return std::nullopt;
}

std::optional<int> QuickTimeOfDay(std::string_view text) {
  size_t pos = 0;
  int h = 0, m = 0, s = 0;
  if (!Digits(text, pos, 1, 2, h) || pos >= text.size() || text[pos++] != ':' ||
      !Digits(text, pos, 1, 2, m)) {
    return std::nullopt;
  }
  if (pos < text.size()) {
    if (text[pos++] != ':' || !Digits(text, pos, 1, 2, s) || pos != text.size()) {
      return std::nullopt;
    }
  }
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  return h * 3600 + m * 60 + s;
}

}  // namespace kinlink::ledger::detail
