#include "linkage/record_reader.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "core/a_number.h"
#include "core/civil_time.h"

namespace kinlink::linkage {
namespace {

// ISO-8859-1 bytes to UTF-8 (every byte is the code point of the same value).
void Latin1ToUtf8(std::string& text) {
  bool ascii = true;
  for (char c : text) ascii &= static_cast<unsigned char>(c) < 0x80;
  if (ascii) return;
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (byte >> 6)));
      out.push_back(static_cast<char>(0x80 | (byte & 0x3F)));
    }
  }
  text = std::move(out);
}

bool GetLine(std::istream& in, std::string& text, bool latin1) {
  if (!std::getline(in, text)) return false;
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (latin1) Latin1ToUtf8(text);
  return true;
}

// Reads one CSV record (possibly spanning lines). Returns false at end of input.
bool ReadCsvRow(std::istream& in, char delimiter, bool skip_space, bool latin1,
                std::vector<std::string>& row, size_t& line, std::string& error) {
  row.clear();
  error.clear();
  std::string text;
  if (!GetLine(in, text, latin1)) return false;
  ++line;
  std::string field;
  bool in_quotes = false;
  bool field_start = true;
  size_t i = 0;
  while (true) {
    if (i >= text.size()) {
      if (in_quotes) {
        std::string next;
        if (!GetLine(in, next, latin1)) {
          error = "unterminated quoted field";
          row.push_back(field);
          return true;
        }
        ++line;
        field.push_back('\n');
        text = std::move(next);
        i = 0;
        continue;
      }
      row.push_back(field);
      return true;
    }
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
      field_start = true;
      if (skip_space && i + 1 < text.size() && text[i + 1] == ' ') ++i;
      ++i;
      continue;
    } else if (c == '"' && field_start) {
      in_quotes = true;
    } else {
      field.push_back(c);
    }
    field_start = false;
    ++i;
  }
}

std::string Trim(std::string text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  return text.substr(begin, end - begin + 1);
}

// A point in time from an agency's columns: ISO 8601 ("2018-05-10T03:00:00Z"), or a date in any
// agency format (day/month order from the layout) with an optional "HH:MM" time, given in `time`
// or after a space ("2018-05-10 03:00").
Result<Timestamp> ParseWhen(std::string date, std::string time, DayMonthOrder order) {
  if (time.empty()) {
    if (auto iso = ParseTimestamp(date); iso.ok()) return *iso;
    if (size_t space = date.find(' '); space != std::string::npos) {
      time = Trim(date.substr(space + 1));
      date = date.substr(0, space);
    }
  }
  KINLINK_ASSIGN_OR_RETURN(DateReading reading, ParseAgencyDate(date, order));
  if (reading.candidates.size() != 1 || !reading.candidates[0].ExactDate()) {
    return InvalidArgumentError(fmt::format("'{}' is not one full date", date));
  }
  Timestamp at = StartOfDay(*reading.candidates[0].ExactDate());
  if (!time.empty()) {
    int hours = -1;
    int minutes = -1;
    if (std::sscanf(time.c_str(), "%d:%d", &hours, &minutes) != 2 || hours < 0 || hours > 23 ||
        minutes < 0 || minutes > 59) {
      return InvalidArgumentError(fmt::format("time '{}' is not HH:MM", time));
    }
    at += std::chrono::hours(hours) + std::chrono::minutes(minutes);
  }
  return at;
}

// "María Guadalupe De La Cruz-López": the last word holds the surnames joined by '-', preceded by
// any particles of the first surname (de, del, la, las, los, y, san, santa).
void SplitHyphenatedName(LinkRecord& r) {
  std::vector<std::string> words;
  size_t start = 0;
  const std::string& full = r.full_name;
  while (start < full.size()) {
    size_t end = full.find(' ', start);
    if (end == std::string::npos) end = full.size();
    if (end > start) words.push_back(full.substr(start, end - start));
    start = end + 1;
  }
  if (words.size() < 2) return;  // one word: let the name parser decide
  auto is_particle = [](std::string word) {
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return word == "de" || word == "del" || word == "la" || word == "las" || word == "los" ||
           word == "y" || word == "san" || word == "santa";
  };
  size_t first_surname = words.size() - 1;
  while (first_surname > 1 && is_particle(words[first_surname - 1])) --first_surname;
  std::string surnames;
  std::string given;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string& into = i < first_surname ? given : surnames;
    into += (into.empty() ? "" : " ") + words[i];
  }
  size_t hyphen = surnames.rfind('-');
  r.given_names = given;
  r.paternal_surname = hyphen == std::string::npos ? surnames : surnames.substr(0, hyphen);
  r.maternal_surname = hyphen == std::string::npos ? "" : surnames.substr(hyphen + 1);
  r.full_name.clear();
}

// Maps a row (by column name) into a record. Returns a reason when the row is rejected.
class RowMapper {
 public:
  RowMapper(const ColumnMapping& mapping, const std::string& file, uint32_t source,
            std::vector<Reject>& rejects)
      : m_(mapping), file_(file), source_(source), rejects_(rejects) {
    if (!m_.truth_pattern.empty()) truth_regex_.emplace(m_.truth_pattern);
  }

  template <typename Get>
  std::optional<std::string> Map(Get get, size_t line, LinkRecord& r) {
    r.source = source_;
    r.line = line;
    r.record_id = Trim(get(m_.record_id));
    if (r.record_id.empty()) return "no record id";
    r.given_names = Trim(get(m_.given));
    for (const auto& column : m_.given_more) {
      std::string more = Trim(get(column));
      if (!more.empty()) r.given_names += (r.given_names.empty() ? "" : " ") + more;
    }
    r.agency = m_.agency;
    r.identity = Identity(get);
    r.paternal_surname = Trim(get(m_.paternal.empty() ? m_.surname : m_.paternal));
    r.maternal_surname = Trim(get(m_.maternal));
    r.full_name = Trim(get(m_.full_name));
    if (m_.full_hyphenated && !r.full_name.empty()) SplitHyphenatedName(r);
    ReadBirthDate(get, line, r);
    if (std::string sex = Trim(get(m_.sex)); !sex.empty()) {
      for (char& c : sex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto parsed = ParseSex(sex);
      if (parsed.ok()) {
        r.sex = *parsed;
      } else {
        Ignore(line, fmt::format("record {}: sex '{}' not understood", r.record_id, sex));
      }
    }
    if (std::string a = Trim(get(m_.a_number)); !a.empty()) {
      auto parsed = ANumber::Parse(a);
      if (parsed.ok()) {
        r.a_number = parsed->ToString();
      } else {
        Ignore(line, fmt::format("record {}: {}", r.record_id, parsed.status().message()));
      }
    }
    r.fields.reserve(m_.fields.size());
    for (const auto& f : m_.fields) {
      std::string value = Trim(get(f.column));
      if (!f.scope.empty() && !value.empty()) value = f.scope + ":" + value;
      r.fields.push_back(std::move(value));
    }
    r.family_unit_id = Trim(get(m_.family_unit_id));
    r.claim_key = Trim(get(m_.claim_by));
    if (std::string other = Trim(get(m_.claim_other)); !other.empty()) {
      std::string role = Trim(get(m_.claim_role));
      if (role.empty()) role = m_.claimant_role;
      r.claims.push_back({other, role, !m_.claim_by.empty()});
    }
    r.parent_text = Trim(get(m_.parent_text));
    r.apprehension_place = Trim(get(m_.apprehension_place));
    if (std::string when = Trim(get(m_.apprehended_at)); !when.empty()) {
      auto parsed = ParseWhen(when, Trim(get(m_.apprehended_time)), m_.date_order);
      if (parsed.ok()) {
        r.apprehended_at = *parsed;
      } else {
        Ignore(line, fmt::format("record {}: apprehension time: {}", r.record_id,
                                 parsed.status().message()));
      }
    }
    if (!m_.truth.empty()) {
      std::string truth = Trim(get(m_.truth));
      if (truth_regex_ && !truth.empty()) {
        std::smatch match;
        if (std::regex_search(truth, match, *truth_regex_) && match.size() > 1) truth = match[1];
      }
      r.truth_entity = truth;
    }
    return std::nullopt;
  }

 private:
  // The first identity template whose columns are all recorded, filled in.
  template <typename Get>
  std::string Identity(Get get) {
    for (const auto& text : m_.identity) {
      std::string out;
      bool complete = true;
      size_t at = 0;
      while (at < text.size()) {
        size_t open = text.find('{', at);
        size_t close = open == std::string::npos ? open : text.find('}', open);
        if (close == std::string::npos) {
          out += text.substr(at);
          break;
        }
        out += text.substr(at, open - at);
        std::string value = Trim(get(text.substr(open + 1, close - open - 1)));
        complete &= !value.empty();
        out += value;
        at = close + 1;
      }
      if (complete) return out;
    }
    return {};
  }

  template <typename Get>
  void ReadBirthDate(Get get, size_t line, LinkRecord& r) {
    std::string text = Trim(get(m_.birth_date));
    if (!text.empty()) {
      auto reading = ParseAgencyDate(text, m_.birth_date_order);
      if (!reading.ok()) {
        Ignore(line, fmt::format("record {}: {}", r.record_id, reading.status().message()));
      } else {
        r.birth_dates = reading->candidates;
      }
    }
    if (r.birth_dates.empty() && !m_.age.empty()) {
      std::string age = Trim(get(m_.age));
      std::string on = Trim(get(m_.age_on));
      if (!age.empty() && !on.empty()) {
        auto when = ParseWhen(on, "", m_.date_order);
        int years = std::atoi(age.c_str());
        if (when.ok() && years >= 0 && years < 130) {
          auto date = PartialDate::FromAge(years, DateOf(*when));
          if (date.ok()) r.birth_dates.push_back(*date);
        }
      }
    }
    if (m_.january_first_is_placeholder) {
      for (auto& d : r.birth_dates) {
        if (d.month == 1 && d.day == 1 && !d.age_derived) {
          d.month = 0;
          d.day = 0;
          d.estimated = true;
        }
      }
    }
  }

  void Ignore(size_t line, std::string reason) {
    rejects_.push_back({file_, line, std::move(reason), "field_ignored"});
  }

  const ColumnMapping& m_;
  const std::string& file_;
  uint32_t source_;
  std::vector<Reject>& rejects_;
  std::optional<std::regex> truth_regex_;
};

Status CheckColumns(const ColumnMapping& m, const std::unordered_map<std::string, size_t>& index,
                    const std::string& file) {
  for (const std::string& column : m.Columns()) {
    if (!index.count(column)) {
      return InvalidArgumentError(
          fmt::format("{}: the header has no column '{}' named by the mapping", file, column));
    }
  }
  return Status::Ok();
}

}  // namespace

Status ReadRecords(std::istream& input, const std::string& file, const ColumnMapping& mapping,
                   uint32_t source, RecordSet& set, std::vector<Reject>& rejects) {
  RowMapper mapper(mapping, file, source, rejects);
  std::unordered_set<std::string> seen_ids;
  for (const auto& r : set.records) {
    if (r.source == source) seen_ids.insert(r.record_id);
  }
  auto add = [&](LinkRecord record, size_t line) {
    if (!seen_ids.insert(record.record_id).second) {
      rejects.push_back(
          {file, line, fmt::format("duplicate record id '{}'", record.record_id), "rejected"});
      return;
    }
    set.records.push_back(std::move(record));
  };
  if (mapping.format == ColumnMapping::Format::kCsv) {
    std::vector<std::string> header;
    size_t line = 0;
    std::string error;
    if (!ReadCsvRow(input, mapping.delimiter, mapping.skip_space_after_delimiter, mapping.latin1,
                    header, line, error)) {
      return InvalidArgumentError(file + ": empty file (no header)");
    }
    std::unordered_map<std::string, size_t> index;
    if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
    for (size_t i = 0; i < header.size(); ++i) index[Trim(header[i])] = i;
    KINLINK_RETURN_IF_ERROR(CheckColumns(mapping, index, file));
    std::vector<std::string> row;
    size_t start_line = line + 1;
    while (ReadCsvRow(input, mapping.delimiter, mapping.skip_space_after_delimiter, mapping.latin1,
                      row, line, error)) {
      size_t row_line = start_line;
      start_line = line + 1;
      if (row.size() == 1 && row[0].empty()) continue;  // blank line
      if (!error.empty()) {
        rejects.push_back({file, row_line, error, "rejected"});
        continue;
      }
      if (row.size() != header.size()) {
        rejects.push_back(
            {file, row_line,
             fmt::format("{} columns where the header has {}", row.size(), header.size()),
             "rejected"});
        continue;
      }
      auto get = [&](const std::string& column) -> std::string {
        if (column.empty()) return {};
        return row[index.at(column)];
      };
      LinkRecord record;
      if (auto reason = mapper.Map(get, row_line, record)) {
        rejects.push_back({file, row_line, *reason, "rejected"});
        continue;
      }
      add(std::move(record), row_line);
    }
    return Status::Ok();
  }
  std::string text;
  size_t line = 0;
  while (GetLine(input, text, mapping.latin1)) {
    ++line;
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object()) {
      rejects.push_back({file, line, "not a JSON object", "rejected"});
      continue;
    }
    auto get = [&](const std::string& key) -> std::string {
      if (key.empty()) return {};
      auto it = object.find(key);
      if (it == object.end() || it->is_null()) return {};
      if (it->is_string()) return it->get<std::string>();
      if (it->is_array() || it->is_object()) return {};
      return it->dump();
    };
    LinkRecord record;
    if (auto reason = mapper.Map(get, line, record)) {
      rejects.push_back({file, line, *reason, "rejected"});
      continue;
    }
    add(std::move(record), line);
  }
  return Status::Ok();
}

Status ReadRecordFile(const std::string& path, const ColumnMapping& mapping, uint32_t source,
                      RecordSet& set, std::vector<Reject>& rejects) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open input '{}'", path));
  return ReadRecords(in, path, mapping, source, set, rejects);
}

void WriteRejectsCsv(std::ostream& out, const std::vector<Reject>& rejects) {
  auto quote = [](const std::string& text) {
    std::string q = "\"";
    for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  out << "file,line,action,reason\n";
  for (const auto& r : rejects) {
    out << quote(r.file) << "," << r.line << "," << r.action << "," << quote(r.reason) << "\n";
  }
}

}  // namespace kinlink::linkage
