#include "linkage/prepared_record.h"

#include <fmt/format.h>

#include <thread>
#include <unordered_map>

#include "core/person.h"
#include "linkage/given_name_variants.h"
#include "linkage/phonetic.h"
#include "linkage/spanish_name.h"
#include "linkage/text_normalize.h"

namespace kinlink::linkage {
namespace {

std::string Fold(const std::string& raw) {
  if (raw.empty()) return {};
  return FoldForMatching(RepairMojibake(raw));
}

void FillNames(const LinkRecord& record, PreparedRecord& out) {
  if (!record.full_name.empty() && record.given_names.empty() && record.paternal_surname.empty()) {
    ParsedName parsed = ParseFullName(record.full_name);
    out.given_tokens = std::move(parsed.given);
    out.paternal = std::move(parsed.surnames.paternal);
    out.maternal = std::move(parsed.surnames.maternal);
  } else {
    out.given_tokens = Tokenize(Fold(record.given_names));
    if (!record.maternal_surname.empty()) {
      auto paternal_units = SurnameUnits(Tokenize(Fold(record.paternal_surname)));
      out.paternal = paternal_units.empty() ? "" : paternal_units.front();
      auto maternal_units = SurnameUnits(Tokenize(Fold(record.maternal_surname)));
      out.maternal = maternal_units.empty() ? "" : maternal_units.front();
    } else if (!record.paternal_surname.empty()) {
      SurnameParts parts = SplitSurnames(record.paternal_surname);
      out.paternal = std::move(parts.paternal);
      out.maternal = std::move(parts.maternal);
    }
  }
  for (const auto& token : out.given_tokens) {
    if (!out.given.empty()) out.given.push_back(' ');
    out.given += token;
  }
  out.surname = out.paternal;
  if (!out.maternal.empty()) out.surname += (out.surname.empty() ? "" : " ") + out.maternal;
  if (!out.given_tokens.empty()) {
    const std::string& first = out.given_tokens.front();
    out.given_canonical = GivenNameVariants::Default().Canonical(first);
    out.given_variants = GivenNameVariants::Default().ProfileOf(first);
    out.given_key = SpanishPhoneticKey(first);
  }
  if (!out.paternal.empty()) {
    out.surname_key = SpanishPhoneticKey(out.paternal);
    out.surname_metaphone = DoubleMetaphone(out.paternal).primary;
  }
}

}  // namespace

PreparedRecord PrepareRecord(const LinkRecord& record, const RecordSchema& schema) {
  PreparedRecord out;
  out.source = record.source;
  FillNames(record, out);
  out.birth_dates = record.birth_dates;
  if (record.birth_dates.size() == 1) {
    if (auto exact = record.birth_dates.front().ExactDate();
        exact && !record.birth_dates[0].estimated) {
      out.birth_day_number = static_cast<int32_t>(exact->time_since_epoch().count());
      const PartialDate& d = record.birth_dates.front();
      if (d.year >= 0 && d.year <= 9999 && d.month >= 0 && d.month <= 99 && d.day >= 0 &&
          d.day <= 99) {
        // "YYYYMMDD" written in place: fmt::format cost more than the rest of the date work.
        char digits[8];
        int year = d.year;
        for (int k = 3; k >= 0; --k, year /= 10) digits[k] = static_cast<char>('0' + year % 10);
        digits[4] = static_cast<char>('0' + d.month / 10);
        digits[5] = static_cast<char>('0' + d.month % 10);
        digits[6] = static_cast<char>('0' + d.day / 10);
        digits[7] = static_cast<char>('0' + d.day % 10);
        out.birth_digits.assign(digits, sizeof(digits));
      } else {
        out.birth_digits = fmt::format("{:04d}{:02d}{:02d}", d.year, d.month, d.day);
      }
    }
  }
  out.sex = record.sex == Sex::kFemale ? 'f' : record.sex == Sex::kMale ? 'm' : 0;
  out.a_number = record.a_number;
  if (!record.agency.empty()) {
    // FNV-1a; two agency labels of one run colliding is astronomically unlikely and would only
    // hide an event-date comparison.
    uint32_t h = 2166136261u;
    for (unsigned char c : record.agency) h = (h ^ c) * 16777619u;
    out.agency = h == 0 ? 1 : h;
  }
  out.fields.resize(schema.fields.size());
  for (size_t i = 0; i < schema.fields.size() && i < record.fields.size(); ++i) {
    if (schema.fields[i].kind == FieldKind::kEventDate) {
      out.fields[i] = record.fields[i];  // already "YYYYMMDD" (ColumnMapping) or empty
      continue;
    }
    out.fields[i] = Fold(record.fields[i]);
    if (schema.fields[i].kind == FieldKind::kCountry && !out.fields[i].empty()) {
      // "GUATEMALA", "Guatemala" and "GTM" are one value; an unknown country keeps its text.
      std::string_view code = CountryCodeOf(out.fields[i]);
      if (!code.empty()) out.fields[i] = std::string(code);
    }
  }
  return out;
}

std::vector<PreparedRecord> PrepareRecords(const RecordSet& set, int threads) {
  const size_t n = set.records.size();
  std::vector<PreparedRecord> prepared(n);
  size_t workers = static_cast<size_t>(std::max(1, threads));
  if (n < 10000) workers = 1;
  std::vector<std::thread> pool;
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (size_t i = w; i < n; i += workers)
        prepared[i] = PrepareRecord(set.records[i], set.schema);
    });
  }
  for (auto& t : pool) t.join();
  // Term frequencies: given names on one thread and surnames on another when there are two.
  const float total = static_cast<float>(std::max<size_t>(n, 1));
  auto fill_frequencies = [&](std::string PreparedRecord::*value, float PreparedRecord::*share) {
    std::unordered_map<std::string_view, uint32_t> counts;
    counts.reserve(n / 4 + 16);
    for (const auto& p : prepared) {
      if (!(p.*value).empty()) ++counts[p.*value];
    }
    for (auto& p : prepared) {
      if (!(p.*value).empty()) p.*share = static_cast<float>(counts[p.*value]) / total;
    }
  };
  if (workers > 1) {
    std::thread surnames(fill_frequencies, &PreparedRecord::surname,
                         &PreparedRecord::surname_frequency);
    fill_frequencies(&PreparedRecord::given, &PreparedRecord::given_frequency);
    surnames.join();
  } else {
    fill_frequencies(&PreparedRecord::given, &PreparedRecord::given_frequency);
    fill_frequencies(&PreparedRecord::surname, &PreparedRecord::surname_frequency);
  }
  return prepared;
}

}  // namespace kinlink::linkage
