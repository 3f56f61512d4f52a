#include "linkage/column_mapping.h"

#include <fmt/format.h>
#include <toml++/toml.h>

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
  return InvalidArgumentError(
      fmt::format("unknown field kind '{}' (expected identifier, text, code or category)", text));
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
  KINLINK_RETURN_IF_ERROR(ReadString(root, "record_id", m.record_id, where));
  if (m.record_id.empty())
    return InvalidArgumentError(fmt::format("{}: 'record_id' is required", where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "truth", m.truth, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "truth_pattern", m.truth_pattern, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "sex", m.sex, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "a_number", m.a_number, where));
  KINLINK_RETURN_IF_ERROR(ReadString(root, "source", m.source, where));
  if (const toml::table* names = root["names"].as_table()) {
    KINLINK_RETURN_IF_ERROR(ReadString(*names, "given", m.given, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "surname", m.surname, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "paternal", m.paternal, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "maternal", m.maternal, fmt::format("{} [names]", where)));
    KINLINK_RETURN_IF_ERROR(
        ReadString(*names, "full", m.full_name, fmt::format("{} [names]", where)));
  }
  if (const toml::table* dob = root["birth_date"].as_table()) {
    KINLINK_RETURN_IF_ERROR(
        ReadString(*dob, "column", m.birth_date, fmt::format("{} [birth_date]", where)));
    std::string order = "unknown";
    KINLINK_RETURN_IF_ERROR(
        ReadString(*dob, "order", order, fmt::format("{} [birth_date]", where)));
    if (order == "mdy") {
      m.birth_date_order = DayMonthOrder::kMonthFirst;
    } else if (order == "dmy") {
      m.birth_date_order = DayMonthOrder::kDayFirst;
    } else if (order != "unknown") {
      return InvalidArgumentError(
          fmt::format("{} [birth_date]: order must be mdy, dmy or unknown", where));
    }
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
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "column", f.column, fmt::format("{} [[fields]]", where)));
      if (f.column.empty()) f.column = f.name;
      if (f.name.empty())
        return InvalidArgumentError(fmt::format("{}: a [[fields]] entry has no name", where));
      std::string kind = "text";
      KINLINK_RETURN_IF_ERROR(
          ReadString(*field, "kind", kind, fmt::format("{} [[fields]]", where)));
      auto parsed = ParseFieldKind(kind);
      if (!parsed.ok())
        return parsed.status().WithContext(fmt::format("{} field {}", where, f.name));
      f.kind = *parsed;
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

Result<ColumnMapping> ColumnMapping::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot open mapping '{}'", path));
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

RecordSchema ColumnMapping::Schema() const {
  RecordSchema schema;
  for (const auto& f : fields) schema.fields.push_back({f.name, f.kind, false});
  return schema;
}

}  // namespace kinlink::linkage
