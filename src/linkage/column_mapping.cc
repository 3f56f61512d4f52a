#include "linkage/column_mapping.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace kinlink::linkage {
namespace {

Status ReadString(const toml::table& table, std::string_view key, std::string& out,
                  std::string_view where) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return Status::Ok();
  auto value = node->value<std::string>();
  if (!value) return InvalidArgumentError(fmt::format("{}: '{}' must be a string", where, key));
  out = *value;
  return Status::Ok();
}

Result<FieldKind> ParseFieldKind(std::string_view text) {
  if (text == "identifier") return FieldKind::kIdentifier;
  if (text == "text") return FieldKind::kText;
  if (text == "code") return FieldKind::kCode;
  if (text == "category") return FieldKind::kCategory;
  if (text == "country") return FieldKind::kCountry;
  if (text == "event_date") return FieldKind::kEventDate;
  return InvalidArgumentError(fmt::format(
      "unknown field kind '{}' (expected identifier, text, code, category, country or event_date)",
      text));
}

Result<DayMonthOrder> ParseOrder(std::string_view text, std::string_view where) {
  if (text == "mdy") return DayMonthOrder::kMonthFirst;
  if (text == "dmy") return DayMonthOrder::kDayFirst;
  if (text == "unknown") return DayMonthOrder::kUnknown;
  return InvalidArgumentError(fmt::format("{}: order must be mdy, dmy or unknown", where));
}

}  // namespace

Result<ColumnMapping> ColumnMapping::Parse(std::string_view toml_text, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(
        fmt::format("{}:{}: {}", origin, error.source().begin.line, error.description()));
  }
  ColumnMapping m;
  std::string where(origin);
  std::string format = "csv";
  KINLINK_RETURN_IF_ERROR(ReadString(root, "format", format, where));
  if (format == "csv") {
    m.format = Format::kCsv;
  } else if (format == "jsonl" || format == "json-lines") {
    m.format = Format::kJsonLines;
  } else {
    return InvalidArgumentError(
        fmt::format("{}: format must be csv or jsonl, not '{}'", where, format));
  }
  std::string delimiter = ",";
  KINLINK_RETURN_IF_ERROR(ReadString(root, "delimiter", delimiter, where));
  if (delimiter == "\\t" || delimiter == "tab") delimiter.assign(1, '\t');
  if (delimiter.size() != 1)
    return InvalidArgumentError(fmt::format("{}: delimiter must be one character", where));
  m.delimiter = delimiter[0];
  m.skip_space_after_delimiter = root["skip_space_after_delimiter"].value_or(false);
  std::string encoding = "utf-8";
  KINLINK_RETURN_IF_ERROR(ReadString(root, "encoding", encoding, where));
  if (encoding == "latin1" || encoding == "iso-8859-1" || encoding == "ISO-8859-1") {
    m.latin1 = true;
  } else if (encoding != "utf-8" && encoding != "UTF-8") {
    return InvalidArgumentError(
        fmt::format("{}: encoding must be utf-8 or latin1, not '{}'", where, encoding));
  }
  KINLINK_RETURN_IF_ERROR(ReadString(root, "agency", m.agency, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "file", m.file_name, where));
  if (const toml::array* identity = root["identity"].as_array()) {
    for (const auto& node : *identity) {
      auto text = node.value<std::string>();
      if (!text) return InvalidArgumentError(fmt::format("{}: 'identity' must be strings", where));
      m.identity.push_back(*text);
    }
  } else {
    std::string single;
    KINLINK_RETURN_IF_ERROR(ReadString(root, "identity", single, where));
    if (!single.empty()) m.identity.push_back(single);
  }
  std::string date_order = "unknown";
  KINLINK_RETURN_IF_ERROR(ReadString(root, "date_order", date_order, where));
  KINLINK_ASSIGN_OR_RETURN(m.date_order, ParseOrder(date_order, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "record_id", m.record_id, where));
  if (m.record_id.empty())
    return InvalidArgumentError(fmt::format("{}: 'record_id' is required", where));
  m.revisions = root["revisions"].value_or(false);
  KINLINK_RETURN_IF_ERROR(ReadString(root, "truth", m.truth, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "truth_pattern", m.truth_pattern, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "sex", m.sex, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "a_number", m.a_number, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "source", m.source, where));
  if (const toml::table* names = root["names"].as_table()) {
    if (const toml::array* given = (*names)["given"].as_array()) {
      for (const auto& node : *given) {
        auto column = node.value<std::string>();
        if (!column) {
          return InvalidArgumentError(
              fmt::format("{} [names]: 'given' must be a string or a list of strings", where));
        }
        (m.given.empty() ? m.given : m.given_more.emplace_back()) = *column;
      }
    } else {
      KINLINK_RETURN_IF_ERROR(
          ReadString(*names, "given", m.given, fmt::format("{} [names]", where)));
    }
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "surname", m.surname, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "paternal", m.paternal, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "maternal", m.maternal, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "full", m.full_name, fmt::format("{} [names]", where)));
    m.full_hyphenated = (*names)["full_hyphenated"].value_or(false);
  }
  if (const toml::table* dob = root["birth_date"].as_table()) {
    KINLINK_RETURN_IF_ERROR(
        ReadString(*dob, "column", m.birth_date, fmt::format("{} [birth_date]", where)));
    std::string order = "unknown";
    KINLINK_RETURN_IF_ERROR(
        ReadString(*dob, "order", order, fmt::format("{} [birth_date]", where)));
    KINLINK_ASSIGN_OR_RETURN(m.birth_date_order,
                             ParseOrder(order, fmt::format("{} [birth_date]", where)));
    KINLINK_RETURN_IF_ERROR(ReadString(*dob, "age", m.age, fmt::format("{} [birth_date]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*dob, "age_on", m.age_on, fmt::format("{} [birth_date]", where)));
    m.january_first_is_placeholder = (*dob)["january_first_is_placeholder"].value_or(false);
  }
  if (const toml::array* fields = root["fields"].as_array()) {
    for (const auto& node : *fields) {
      const toml::table* field = node.as_table();
      if (field == nullptr)
        return InvalidArgumentError(fmt::format("{}: [[fields]] entries must be tables", where));
      FieldMapping f;
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "name", f.name, fmt::format("{} [[fields]]", where)));
      f.column = f.name;
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "column", f.column, fmt::format("{} [[fields]]", where)));
      if (f.name.empty())
        return InvalidArgumentError(fmt::format("{}: a [[fields]] entry has no name", where));
      std::string kind = "text";
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "kind", kind, fmt::format("{} [[fields]]", where)));
      auto parsed = ParseFieldKind(kind);
      if (!parsed.ok())
        return parsed.status().WithContext(fmt::format("{} field {}", where, f.name));
      f.kind = *parsed;
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "scope", f.scope, fmt::format("{} [[fields]]", where)));
      f.date_order = m.date_order;
      std::string order;
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "order", order, fmt::format("{} [[fields]]", where)));
      if (!order.empty()) {
        if (f.kind != FieldKind::kEventDate) {
          return InvalidArgumentError(
              fmt::format("{} field {}: 'order' applies to event_date fields only", where, f.name));
        }
        KINLINK_ASSIGN_OR_RETURN(f.date_order,
                                 ParseOrder(order, fmt::format("{} field {}", where, f.name)));
      }
      m.fields.push_back(std::move(f));
    }
  }
  if (const toml::table* family = root["family"].as_table()) {
    std::string w = fmt::format("{} [family]", where);
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "family_unit_id", m.family_unit_id, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "claim_other", m.claim_other, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "claim_role", m.claim_role, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "apprehension_place", m.apprehension_place, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "apprehended_at", m.apprehended_at, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "apprehended_time", m.apprehended_time, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "claim_by", m.claim_by, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "claimant_role", m.claimant_role, w));
    KINLINK_RETURN_IF_ERROR(ReadString(*family, "parent_text", m.parent_text, w));
  }
  if (const toml::array* blocking = root["blocking"].as_array()) {
    for (const auto& node : *blocking) {
      auto text = node.value<std::string>();
      if (!text)
        return InvalidArgumentError(fmt::format("{}: 'blocking' must be a list of strings", where));
      m.blocking.push_back(*text);
    }
  }
  if (m.given.empty() && m.surname.empty() && m.paternal.empty() && m.full_name.empty() &&
      m.birth_date.empty() && m.fields.empty()) {
    return InvalidArgumentError(fmt::format("{}: the mapping names no column to compare", where));
  }
  return m;
}

Result<std::string> FieldMapping::Normalize(std::string cell) const {
  if (cell.empty()) return cell;
  if (kind == FieldKind::kEventDate) {
    // "2018-10-02 16:15", "2018-10-02T16:15:00Z": the day is what is compared.
    size_t end = cell.find(' ');
    if (end == std::string::npos && cell.size() > 10 && cell[10] == 'T') end = 10;
    std::string_view day = std::string_view(cell).substr(0, end);
    auto reading = ParseAgencyDate(day, date_order);
    if (!reading.ok()) return reading.status();
    if (reading->candidates.size() != 1 || !reading->candidates[0].ExactDate()) {
      return InvalidArgumentError(fmt::format("'{}' is not one full date", cell));
    }
    const PartialDate& d = reading->candidates[0];
    return fmt::format("{:04d}{:02d}{:02d}", d.year, d.month, d.day);
  }
  if (!scope.empty()) return scope + ":" + cell;
  return cell;
}

Result<ColumnMapping> ColumnMapping::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open mapping '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

RecordSchema ColumnMapping::Schema() const {
  RecordSchema schema;
  for (const auto& f : fields) schema.fields.push_back({f.name, f.kind, false, !f.scope.empty()});
  return schema;
}

std::vector<std::string> ColumnMapping::Columns() const {
  std::vector<std::string> named = {record_id,
                                    truth,
                                    sex,
                                    a_number,
                                    given,
                                    surname,
                                    paternal,
                                    maternal,
                                    full_name,
                                    birth_date,
                                    age,
                                    age_on,
                                    family_unit_id,
                                    claim_other,
                                    claim_role,
                                    claim_by,
                                    parent_text,
                                    apprehension_place,
                                    apprehended_at,
                                    apprehended_time,
                                    source};
  named.insert(named.end(), given_more.begin(), given_more.end());
  for (const auto& text : identity) {
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
      size_t close = text.find('}', open);
      if (close != std::string::npos) named.push_back(text.substr(open + 1, close - open - 1));
    }
  }
  for (const auto& f : fields) named.push_back(f.column);
  std::vector<std::string> columns;
  for (auto& column : named) {
    if (!column.empty() && std::find(columns.begin(), columns.end(), column) == columns.end()) {
      columns.push_back(std::move(column));
    }
  }
  return columns;
}

}  // namespace kinlink::linkage
