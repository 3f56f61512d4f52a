#include "linkage/record_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <istream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/a_number.h"
#include "core/civil_time.h"
#include "linkage/internal/delimited_text.h"
#include "linkage/internal/parallel_for.h"

namespace kinlink::linkage {
namespace {

std::string Trim(std::string text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  size_t end = text.find_last_not_of(" \t");
  text.erase(end + 1);  // in place: most values have nothing to trim
  text.erase(0, begin);
  return text;
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
      auto value = f.Normalize(Trim(get(f.column)));
      if (value.ok()) {
        r.fields.push_back(std::move(*value));
      } else {
        Ignore(line,
               fmt::format("record {}: {}: {}", r.record_id, f.name, value.status().message()));
        r.fields.emplace_back();
      }
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

// The rows of one part of the input, read on one thread.
struct ParsedPart {
  std::vector<LinkRecord> records;  // each with its line
  std::vector<Reject> rejects;      // in line order
};

// Reads a whole stream into memory.
std::string ReadAll(std::istream& input) {
  std::string text;
  std::vector<char> buffer(1 << 20);
  while (input.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) ||
         input.gcount() > 0) {
    text.append(buffer.data(), static_cast<size_t>(input.gcount()));
  }
  return text;
}

int WorkersFor(int threads) {
  if (threads > 0) return threads;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

// Rows of CSV text after the header, mapped into records.
void ParseCsvPart(std::string_view text, const detail::TextPart& part,
                  const detail::CsvDialect& dialect, const std::vector<std::string>& header,
                  const std::unordered_map<std::string, size_t>& index,
                  const ColumnMapping& mapping, const std::string& file, uint32_t source,
                  ParsedPart& out) {
  RowMapper mapper(mapping, file, source, out.rejects);
  detail::CsvCursor cursor(text.substr(0, part.end), part.begin, part.lines_before, dialect);
  std::vector<std::string> row;
  std::string error;
  // The columns the mapping asks for are few and asked for on every row, mostly by the same
  // strings of the mapping: remember where each is, found first by the string's address (one
  // comparison of text to confirm it, since a template's column names are temporaries).
  struct Resolved {
    const std::string* asked_by;
    std::string name;
    size_t at;
  };
  std::vector<Resolved> resolved;
  auto column_of = [&](const std::string& column) {
    for (const auto& r : resolved) {
      if (r.asked_by == &column && r.name == column) return r.at;
    }
    for (const auto& r : resolved) {
      if (r.name == column) return r.at;
    }
    const size_t at = index.at(column);
    resolved.push_back({&column, column, at});
    return at;
  };
  while (cursor.Next(row, error)) {
    const size_t row_line = cursor.row_line();
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    if (!error.empty()) {
      out.rejects.push_back({file, row_line, error, "rejected"});
      continue;
    }
    if (row.size() != header.size()) {
      out.rejects.push_back(
          {file, row_line,
           fmt::format("{} columns where the header has {}", row.size(), header.size()),
           "rejected"});
      continue;
    }
    auto get = [&](const std::string& column) -> std::string {
      if (column.empty()) return {};
      return row[column_of(column)];
    };
    LinkRecord record;
    if (auto reason = mapper.Map(get, row_line, record)) {
      out.rejects.push_back({file, row_line, *reason, "rejected"});
      continue;
    }
    out.records.push_back(std::move(record));
  }
}

// JSON lines of one part, mapped into records.
void ParseJsonLinesPart(std::string_view text, const detail::TextPart& part,
                        const ColumnMapping& mapping, const std::string& file, uint32_t source,
                        ParsedPart& out) {
  RowMapper mapper(mapping, file, source, out.rejects);
  const std::string_view range = text.substr(0, part.end);
  size_t at = part.begin;
  size_t line = part.lines_before;
  std::string_view physical;
  std::string converted;
  while (detail::NextPhysicalLine(range, at, physical)) {
    ++line;
    std::string_view text_line = physical;
    if (mapping.latin1) {
      detail::Latin1ToUtf8(physical, converted);
      text_line = converted;
    }
    if (text_line.find_first_not_of(" \t") == std::string_view::npos) continue;
    nlohmann::json object = nlohmann::json::parse(text_line, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded() || !object.is_object()) {
      out.rejects.push_back({file, line, "not a JSON object", "rejected"});
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
      out.rejects.push_back({file, line, *reason, "rejected"});
      continue;
    }
    out.records.push_back(std::move(record));
  }
}

// Appends the parts' records to `set` in input order, rejecting duplicate record ids (the first
// record with an id is kept, as are records already in `set`), and their rejects in line order (a
// record's own rejects before the rejection of its id as a duplicate). With `revisions` a repeated
// id is a later version of the record and is dropped without a reject. Record ids are checked in
// parallel, each thread taking the ids whose hash falls in its shard, in input order.
void MergeParts(std::vector<ParsedPart>& parts, const std::string& file, uint32_t source,
                bool revisions, RecordSet& set, std::vector<Reject>& rejects, int workers) {
  std::vector<size_t> offset(parts.size() + 1, 0);
  for (size_t k = 0; k < parts.size(); ++k) offset[k + 1] = offset[k] + parts[k].records.size();
  const size_t incoming = offset.back();
  std::vector<uint64_t> hashes(incoming);
  detail::ParallelForEach(parts.size(), workers, [&](size_t k) {
    for (size_t j = 0; j < parts[k].records.size(); ++j) {
      hashes[offset[k] + j] = std::hash<std::string_view>{}(parts[k].records[j].record_id);
    }
  });
  std::vector<uint8_t> duplicate(incoming, 0);
  const size_t shards = static_cast<size_t>(std::max(1, workers));
  detail::ParallelForEach(shards, workers, [&](size_t shard) {
    std::unordered_set<std::string_view> seen;
    seen.reserve((set.records.size() + incoming) / shards + 16);
    for (const auto& r : set.records) {
      if (r.source == source && std::hash<std::string_view>{}(r.record_id) % shards == shard) {
        seen.insert(r.record_id);
      }
    }
    for (size_t k = 0; k < parts.size(); ++k) {
      for (size_t j = 0; j < parts[k].records.size(); ++j) {
        const size_t i = offset[k] + j;
        if (hashes[i] % shards != shard) continue;
        if (!seen.insert(parts[k].records[j].record_id).second) duplicate[i] = 1;
      }
    }
  });
  // Rejects, in order; where each part's kept records go.
  std::vector<size_t> kept_offset(parts.size() + 1, set.records.size());
  for (size_t k = 0; k < parts.size(); ++k) {
    auto& part = parts[k];
    size_t next_reject = 0;
    auto rejects_up_to = [&](size_t line) {
      while (next_reject < part.rejects.size() && part.rejects[next_reject].line <= line) {
        rejects.push_back(std::move(part.rejects[next_reject++]));
      }
    };
    size_t kept = 0;
    for (size_t j = 0; j < part.records.size(); ++j) {
      const LinkRecord& record = part.records[j];
      rejects_up_to(record.line);
      if (duplicate[offset[k] + j]) {
        if (!revisions) {
          rejects.push_back({file, record.line,
                             fmt::format("duplicate record id '{}'", record.record_id),
                             "rejected"});
        }
      } else {
        ++kept;
      }
    }
    rejects_up_to(SIZE_MAX);
    kept_offset[k + 1] = kept_offset[k] + kept;
  }
  set.records.resize(kept_offset.back());
  detail::ParallelForEach(parts.size(), workers, [&](size_t k) {
    size_t at = kept_offset[k];
    for (size_t j = 0; j < parts[k].records.size(); ++j) {
      if (!duplicate[offset[k] + j]) set.records[at++] = std::move(parts[k].records[j]);
    }
    parts[k] = ParsedPart();
  });
}

Status ReadText(std::string_view text, const std::string& file, const ColumnMapping& mapping,
                uint32_t source, RecordSet& set, std::vector<Reject>& rejects, int threads) {
  const int workers = WorkersFor(threads);
  const size_t wanted_parts = static_cast<size_t>(workers) * 4;
  std::vector<ParsedPart> parsed;
  if (mapping.format == ColumnMapping::Format::kCsv) {
    const detail::CsvDialect dialect{mapping.delimiter, mapping.skip_space_after_delimiter,
                                     mapping.latin1};
    detail::CsvCursor header_cursor(text, 0, 0, dialect);
    std::vector<std::string> header;
    std::string error;
    if (!header_cursor.Next(header, error)) {
      return InvalidArgumentError(file + ": empty file (no header)");
    }
    std::unordered_map<std::string, size_t> index;
    if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
    for (size_t i = 0; i < header.size(); ++i) index[Trim(header[i])] = i;
    KINLINK_RETURN_IF_ERROR(CheckColumns(mapping, index, file));
    const auto parts = detail::SplitCsvRows(text, header_cursor.offset(), header_cursor.line(),
                                            dialect, wanted_parts);
    parsed.resize(parts.size());
    detail::ParallelForEach(parts.size(), workers, [&](size_t k) {
      ParseCsvPart(text, parts[k], dialect, header, index, mapping, file, source, parsed[k]);
    });
  } else {
    const auto parts = detail::SplitLines(text, 0, 0, wanted_parts);
    parsed.resize(parts.size());
    detail::ParallelForEach(parts.size(), workers, [&](size_t k) {
      ParseJsonLinesPart(text, parts[k], mapping, file, source, parsed[k]);
    });
  }
  MergeParts(parsed, file, source, mapping.revisions, set, rejects, workers);
  return Status::Ok();
}

}  // namespace

Status ReadRecords(std::istream& input, const std::string& file, const ColumnMapping& mapping,
                   uint32_t source, RecordSet& set, std::vector<Reject>& rejects, int threads) {
  const std::string text = ReadAll(input);
  return ReadText(text, file, mapping, source, set, rejects, threads);
}

Status ReadRecordFile(const std::string& path, const ColumnMapping& mapping, uint32_t source,
                      RecordSet& set, std::vector<Reject>& rejects, int threads) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot open input '{}'", path));
  std::string text;
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  if (!size_error && size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
    text += ReadAll(in);  // a file that grew while it was read
  } else {
    text = ReadAll(in);  // a pipe or a special file
  }
  return ReadText(text, path, mapping, source, set, rejects, threads);
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
