#include "linkage/comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "linkage/given_name_variants.h"
#include "linkage/string_similarity.h"

namespace kinlink::linkage {
namespace {

std::vector<std::string> LabelsFor(ComparisonKind kind, FieldKind field_kind, bool scoped) {
  switch (kind) {
    case ComparisonKind::kGivenName:
      return {"exact",
              "variant, nickname or same sound",
              "Jaro-Winkler >= 0.92 or truncated",
              "Jaro-Winkler >= 0.80 or token set >= 0.85",
              "swapped with surname",
              "else"};
    case ComparisonKind::kSurname:
      return {"exact",
              "paternal surname shared",
              "paternal and maternal swapped",
              "Jaro-Winkler >= 0.92 or same sound",
              "Jaro-Winkler >= 0.80 or one surname shared",
              "swapped with given name",
              "else"};
    case ComparisonKind::kBirthDate:
      return {"exact",
              "day/month swapped",
              "one digit differs",
              "within 31 days",
              "partial dates compatible",
              "same year",
              "else"};
    case ComparisonKind::kANumber:
      return {"exact", "one edit", "else"};
    case ComparisonKind::kSex:
      return {"exact", "else"};
    case ComparisonKind::kField:
      switch (field_kind) {
        case FieldKind::kIdentifier:
          if (scoped) return {"exact", "else"};
          return {"exact", "one edit", "else"};
        case FieldKind::kCode:
          return {"exact", "one edit", "else"};
        case FieldKind::kText:
          return {"exact", "Jaro-Winkler >= 0.92", "Jaro-Winkler >= 0.80 or token set >= 0.85",
                  "else"};
        case FieldKind::kCategory:
        case FieldKind::kCountry:
          return {"exact", "else"};
        case FieldKind::kEventDate:
          return {"same day", fmt::format("within {} days", Comparison::kEventDateNearDays),
                  fmt::format("within {} days", Comparison::kEventDateFarDays), "else"};
      }
  }
  return {"exact", "else"};
}

bool SplitTokens(const std::string& text, std::vector<std::string>& out) {
  out.clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return !out.empty();
}

int GivenLevel(const PreparedRecord& a, const PreparedRecord& b) {
  if (a.given.empty() || b.given.empty()) return kNullLevel;
  if (a.given == b.given) return 0;
  const std::string& fa = a.given_tokens.front();
  const std::string& fb = b.given_tokens.front();
  if (GivenNameVariants::Default().AreVariants(fa, a.given_variants, fb, b.given_variants) ||
      (!a.given_key.empty() && a.given_key == b.given_key && fa.size() > 1 && fb.size() > 1)) {
    return 1;
  }
  // The whole given names, or the first names alone ("Ssntiago" / "Santiago Jesús"), or one
  // first name cut short of the other ("Mar" / "María").
  double jw = JaroWinklerFrom(a.given, b.given, 0.80);  // only compared with 0.92 and 0.80
  if (a.given_tokens.size() > 1 || b.given_tokens.size() > 1)
    jw = std::max(jw, JaroWinklerFrom(fa, fb, 0.80));
  bool truncated = (fa.size() >= 3 && fb.size() > fa.size() && fb.compare(0, fa.size(), fa) == 0) ||
                   (fb.size() >= 3 && fa.size() > fb.size() && fa.compare(0, fb.size(), fb) == 0);
  if (jw >= 0.92 || truncated) return 2;
  if (jw >= 0.80) return 3;
  // With one token on each side the token-set score is their Jaro-Winkler, which is jw < 0.80.
  if ((a.given_tokens.size() > 1 || b.given_tokens.size() > 1) &&
      TokenSetSimilarity(a.given_tokens, b.given_tokens) >= 0.85) {
    return 3;
  }
  if (!a.surname.empty() && !b.surname.empty() &&
      JaroWinklerFrom(a.given, b.paternal, 0.92) >= 0.92 &&
      JaroWinklerFrom(a.paternal, b.given, 0.92) >= 0.92) {
    return 4;
  }
  return 5;
}

int SurnameLevel(const PreparedRecord& a, const PreparedRecord& b) {
  if (a.surname.empty() || b.surname.empty()) return kNullLevel;
  if (a.surname == b.surname) return 0;
  if (a.paternal == b.paternal) return 1;
  if (!a.maternal.empty() && !b.maternal.empty() &&
      JaroWinklerFrom(a.paternal, b.maternal, 0.92) >= 0.92 &&
      JaroWinklerFrom(a.maternal, b.paternal, 0.92) >= 0.92) {
    return 2;  // "López Castillo" / "Castillo López"
  }
  double jw = JaroWinklerFrom(a.surname, b.surname, 0.80);  // only compared with 0.92, 0.80
  const bool same_sound = !a.surname_key.empty() && a.surname_key == b.surname_key;
  if (jw >= 0.92 || (same_sound && a.maternal.empty() == b.maternal.empty())) return 3;
  if (a.maternal.empty() != b.maternal.empty()) {
    // One record dropped the maternal surname and the paternal ones differ by a spelling
    // ("Crus" / "Cruz Hernández") or a typo ("Sanchrz" / "Sánchez Moreno"): as alike as level 3.
    if (same_sound || (a.paternal.size() >= 4 && b.paternal.size() >= 4 &&
                       DamerauLevenshtein(a.paternal, b.paternal, 1) <= 1)) {
      return 3;
    }
  }
  bool shares_one =
      (!a.maternal.empty() && (a.maternal == b.paternal || a.maternal == b.maternal)) ||
      (!b.maternal.empty() && b.maternal == a.paternal);
  if (jw >= 0.80 || shares_one) return 4;
  if (!a.given.empty() && !b.given.empty() && JaroWinklerFrom(a.paternal, b.given, 0.92) >= 0.92 &&
      JaroWinklerFrom(a.given, b.paternal, 0.92) >= 0.92) {
    return 5;
  }
  return 6;
}

int BirthDateLevel(const PreparedRecord& a, const PreparedRecord& b) {
  if (a.birth_dates.empty() || b.birth_dates.empty()) return kNullLevel;
  const bool both_exact = a.birth_day_number != INT32_MIN && b.birth_day_number != INT32_MIN;
  if (both_exact) {
    if (a.birth_day_number == b.birth_day_number) return 0;
    const PartialDate& da = a.birth_dates.front();
    const PartialDate& db = b.birth_dates.front();
    if (da.year == db.year && da.month == db.day && da.day == db.month) return 1;
    if (DamerauLevenshtein(a.birth_digits, b.birth_digits, 1) <= 1) return 2;
    if (std::abs(a.birth_day_number - b.birth_day_number) <= Comparison::kBirthDateWindowDays) {
      return 3;
    }
    if (da.year == db.year) return 5;
    return 6;
  }
  // Partial, estimated, age-derived or ambiguous dates: compatible when some candidates' ranges
  // overlap; an ambiguous reading whose swap equals the other date is the "swapped" level.
  bool overlap = false;
  bool same_year = false;
  for (const auto& da : a.birth_dates) {
    for (const auto& db : b.birth_dates) {
      if (da.Earliest() <= db.Latest() && db.Earliest() <= da.Latest()) overlap = true;
      if (da.year == db.year) same_year = true;
    }
  }
  if (overlap) {
    bool ambiguous = a.birth_dates.size() > 1 || b.birth_dates.size() > 1;
    bool all_days = true;
    for (const auto& d : a.birth_dates) all_days = all_days && d.precision() == DatePrecision::kDay;
    for (const auto& d : b.birth_dates) all_days = all_days && d.precision() == DatePrecision::kDay;
    if (ambiguous && all_days) return 1;
    return 4;
  }
  return same_year ? 5 : 6;
}

int EditLevel(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return kNullLevel;
  if (a == b) return 0;
  return DamerauLevenshtein(a, b, 1) <= 1 ? 1 : 2;
}

// Days since 1970 of a "YYYYMMDD" value (ColumnMapping writes event dates so).
int32_t DayNumberOf(const std::string& digits) {
  auto number = [&](size_t at, size_t count) {
    int value = 0;
    for (size_t i = at; i < at + count; ++i) value = value * 10 + (digits[i] - '0');
    return value;
  };
  const std::chrono::year_month_day day{std::chrono::year(number(0, 4)),
                                        std::chrono::month(static_cast<unsigned>(number(4, 2))),
                                        std::chrono::day(static_cast<unsigned>(number(6, 2)))};
  return static_cast<int32_t>(std::chrono::sys_days(day).time_since_epoch().count());
}

// Two agencies' dates of the custody events they record: one person's apprehension, book-in,
// booking, hearing and referral follow each other within days. Within one agency the dates say
// nothing (a person's two apprehensions are months apart, a family is apprehended on one day).
int EventDateLevel(const PreparedRecord& a, const PreparedRecord& b, const std::string& va,
                   const std::string& vb) {
  if (va.size() != 8 || vb.size() != 8) return kNullLevel;
  if (a.agency == b.agency && a.agency != 0) return kNullLevel;
  if (va == vb) return 0;
  const int32_t apart = std::abs(DayNumberOf(va) - DayNumberOf(vb));
  if (apart <= Comparison::kEventDateNearDays) return 1;
  if (apart <= Comparison::kEventDateFarDays) return 2;
  return 3;
}

int TextLevel(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return kNullLevel;
  if (a == b) return 0;
  double jw = JaroWinklerFrom(a, b, 0.80);  // only compared with 0.92 and 0.80
  if (jw >= 0.92) return 1;
  if (jw >= 0.80) return 2;
  if (a.find(' ') != std::string::npos || b.find(' ') != std::string::npos) {
    std::vector<std::string> ta;
    std::vector<std::string> tb;
    SplitTokens(a, ta);
    SplitTokens(b, tb);
    if (TokenSetSimilarity(ta, tb) >= 0.85) return 2;
  }
  return 3;
}

}  // namespace

Comparison::Comparison(std::string name, ComparisonKind kind, int field_index, FieldKind field_kind,
                       bool term_frequency, bool scoped)
    : name_(std::move(name)),
      kind_(kind),
      field_index_(field_index),
      field_kind_(field_kind),
      term_frequency_(term_frequency),
      scoped_(scoped),
      labels_(LabelsFor(kind, field_kind, scoped)) {}

int Comparison::Level(const PreparedRecord& a, const PreparedRecord& b) const {
  switch (kind_) {
    case ComparisonKind::kGivenName:
      return GivenLevel(a, b);
    case ComparisonKind::kSurname:
      return SurnameLevel(a, b);
    case ComparisonKind::kBirthDate:
      return BirthDateLevel(a, b);
    case ComparisonKind::kANumber:
      return EditLevel(a.a_number, b.a_number);
    case ComparisonKind::kSex:
      if (a.sex == 0 || b.sex == 0) return kNullLevel;
      return a.sex == b.sex ? 0 : 1;
    case ComparisonKind::kField: {
      const std::string& va = a.fields[static_cast<size_t>(field_index_)];
      const std::string& vb = b.fields[static_cast<size_t>(field_index_)];
      if (scoped_ && !va.empty() && !vb.empty()) {
        // Folding turned "cbp:S000000001" into "cbp s000000001": the scope is the first word.
        size_t scope_a = va.find(' ');
        if (scope_a != vb.find(' ') || va.compare(0, scope_a, vb, 0, scope_a) != 0) {
          return kNullLevel;  // two agencies' own numberings say nothing about each other
        }
      }
      switch (field_kind_) {
        case FieldKind::kIdentifier:
          if (scoped_) {
            // An agency's own numbers are issued in sequence: one person's two records carry
            // the same number, and a number one digit off is the next person in the queue
            // (often the same family), not a typo.
            if (va.empty() || vb.empty()) return kNullLevel;
            return va == vb ? 0 : 1;
          }
          return EditLevel(va, vb);
        case FieldKind::kCode:
          return EditLevel(va, vb);
        case FieldKind::kText:
          return TextLevel(va, vb);
        case FieldKind::kCategory:
        case FieldKind::kCountry:
          if (va.empty() || vb.empty()) return kNullLevel;
          return va == vb ? 0 : 1;
        case FieldKind::kEventDate:
          return EventDateLevel(a, b, va, vb);
      }
    }
  }
  return kNullLevel;
}

std::string Comparison::ValueOf(const PreparedRecord& r) const {
  switch (kind_) {
    case ComparisonKind::kGivenName:
      return r.given;
    case ComparisonKind::kSurname:
      return r.surname;
    case ComparisonKind::kBirthDate: {
      std::string text;
      for (const auto& d : r.birth_dates) text += (text.empty() ? "" : " or ") + d.ToString();
      return text;
    }
    case ComparisonKind::kANumber:
      return r.a_number;
    case ComparisonKind::kSex:
      return r.sex == 'f' ? "female" : r.sex == 'm' ? "male" : "";
    case ComparisonKind::kField: {
      const std::string& value = r.fields[static_cast<size_t>(field_index_)];
      if (field_kind_ == FieldKind::kEventDate && value.size() == 8) {
        return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
      }
      return value;
    }
  }
  return {};
}

double Comparison::Frequency(const PreparedRecord& r) const {
  if (kind_ == ComparisonKind::kGivenName) return r.given_frequency;
  if (kind_ == ComparisonKind::kSurname) return r.surname_frequency;
  return 0.0;
}

std::vector<Comparison> DefaultComparisons(const RecordSchema& schema,
                                           const std::vector<std::string>& skip) {
  std::vector<Comparison> comparisons;
  comparisons.emplace_back("given_name", ComparisonKind::kGivenName, -1, FieldKind::kText, true);
  comparisons.emplace_back("surname", ComparisonKind::kSurname, -1, FieldKind::kText, true);
  comparisons.emplace_back("birth_date", ComparisonKind::kBirthDate);
  comparisons.emplace_back("sex", ComparisonKind::kSex);
  comparisons.emplace_back("a_number", ComparisonKind::kANumber);
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    const SchemaField& field = schema.fields[i];
    if (std::find(skip.begin(), skip.end(), field.name) != skip.end()) continue;
    if (comparisons.size() >= static_cast<size_t>(kMaxComparisons)) break;
    comparisons.emplace_back(field.name, ComparisonKind::kField, static_cast<int>(i), field.kind,
                             field.term_frequency, field.scoped);
  }
  return comparisons;
}

Pattern ComparePair(const std::vector<Comparison>& comparisons, const PreparedRecord& a,
                    const PreparedRecord& b) {
  Pattern pattern = 0;
  for (size_t i = 0; i < comparisons.size(); ++i) {
    pattern |= static_cast<Pattern>(comparisons[i].Level(a, b)) << (4 * i);
  }
  return pattern;
}

}  // namespace kinlink::linkage
