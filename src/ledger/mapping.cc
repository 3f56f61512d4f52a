#include "ledger/mapping.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/event.h"

namespace kinlink::ledger {
namespace {

Result<ValueType> ParseValueType(std::string_view text) {
  static const std::pair<std::string_view, ValueType> kTypes[] = {
      {"string", ValueType::kString},
      {"int", ValueType::kInt},
      {"bool", ValueType::kBool},
      {"date", ValueType::kDate},
      {"timestamp", ValueType::kTimestamp},
      {"age", ValueType::kAge},
      {"list", ValueType::kList}};
  for (const auto& [name, type] : kTypes) {
    if (name == text) return type;
  }
  return InvalidArgumentError(fmt::format(
      "unknown type '{}' (expected string, int, bool, date, timestamp, age or list)", text));
}

Result<std::vector<Template>> Templates(const toml::node& node, std::string_view key) {
  std::vector<Template> out;
  if (auto s = node.value<std::string>()) {
    out.push_back(Template::Parse(*s));
  } else if (const toml::array* list = node.as_array()) {
    for (const auto& item : *list) {
      auto s2 = item.value<std::string>();
      if (!s2) return InvalidArgumentError(fmt::format("'{}': alternatives must be strings", key));
      out.push_back(Template::Parse(*s2));
    }
  } else {
    return InvalidArgumentError(fmt::format("'{}': expected a string or a list of strings", key));
  }
  if (out.empty()) return InvalidArgumentError(fmt::format("'{}': no value", key));
  return out;
}

Result<FieldSpec> ParseField(const toml::node& node, std::string_view key) {
  FieldSpec spec;
  if (const toml::table* table = node.as_table()) {
    const toml::node* value = table->get("value");
    if (value == nullptr) return InvalidArgumentError(fmt::format("'{}': needs 'value'", key));
    KINLINK_ASSIGN_OR_RETURN(spec.value, Templates(*value, key));
    spec.map = (*table)["map"].value_or(std::string());
    if (auto type = (*table)["type"].value<std::string>()) {
      auto parsed = ParseValueType(*type);
      if (!parsed.ok())
        return InvalidArgumentError(fmt::format("'{}': {}", key, parsed.status().message()));
      spec.type = *parsed;
    }
    if (auto time = (*table)["time"].value<std::string>()) spec.time = Template::Parse(*time);
    if (auto on = (*table)["on"].value<std::string>()) spec.on = Template::Parse(*on);
    spec.required = (*table)["required"].value_or(false);
  } else {
    KINLINK_ASSIGN_OR_RETURN(spec.value, Templates(node, key));
  }
  spec.literal = true;
  for (const auto& t : spec.value) spec.literal &= t.IsLiteral();
  return spec;
}

Result<std::optional<FieldSpec>> OptionalField(const toml::table& table, std::string_view key) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return std::optional<FieldSpec>();
  KINLINK_ASSIGN_OR_RETURN(FieldSpec spec, ParseField(*node, key));
  return std::optional<FieldSpec>(std::move(spec));
}

void CollectColumns(const FieldSpec& spec, std::set<std::string>& out) {
  auto add = [&out](const Template& t) {
    for (const auto& part : t.parts) {
      if (part.column && part.text[0] != '@') out.insert(part.text);
    }
  };
  for (const auto& t : spec.value) add(t);
  if (spec.time) add(*spec.time);
  if (spec.on) add(*spec.on);
}

}  // namespace

bool Template::IsLiteral() const {
  for (const auto& part : parts) {
    if (part.column) return false;
  }
  return true;
}

Template Template::Parse(std::string_view text) {
  Template t;
  if (!text.empty() && text[0] == '@') {
    t.parts.push_back({true, std::string(text)});
    return t;
  }
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) {
      t.parts.push_back({false, std::string(text.substr(i))});
      break;
    }
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      t.parts.push_back({false, std::string(text.substr(i))});
      break;
    }
    if (open > i) t.parts.push_back({false, std::string(text.substr(i, open - i))});
    t.parts.push_back({true, std::string(text.substr(open + 1, close - open - 1))});
    i = close + 1;
  }
  return t;
}

Status Mapping::CheckColumns(const std::vector<std::string>& columns) const {
  if (format.kind != FileKind::kDelimited) return Status::Ok();
  std::set<std::string> used;
  CollectColumns(record_id, used);
  if (entered) CollectColumns(*entered, used);
  if (person) {
    CollectColumns(person->id, used);
    for (const auto* f :
         {&person->name, &person->given_names, &person->surnames, &person->paternal_surname,
          &person->maternal_surname, &person->sex, &person->birth_date, &person->age,
          &person->a_number, &person->citizenship, &person->language}) {
      if (*f) CollectColumns(**f, used);
    }
    for (const auto& [kind, spec] : person->identifiers) CollectColumns(spec, used);
  }
  for (const auto& event : events) {
    CollectColumns(event.effective_at, used);
    for (const auto& [name, spec] : event.fields) CollectColumns(spec, used);
    for (const auto& c : event.conditions) CollectColumns(c.value, used);
  }
  std::set<std::string> have(columns.begin(), columns.end());
  for (const auto& column : used) {
    if (!have.count(column)) {
      return InvalidArgumentError(fmt::format(
          "mapping '{}' uses column '{}', which the file's header does not have", name, column));
    }
  }
  return Status::Ok();
}

Result<Mapping> LoadMapping(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFoundError(fmt::format("cannot read mapping file '{}'", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto mapping = ParseMapping(text, std::filesystem::path(path).stem().string());
  if (!mapping.ok()) return mapping.status().WithContext(path);
  return mapping;
}

Result<Mapping> ParseMapping(std::string_view toml_text, std::string name) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& error) {
    return InvalidArgumentError(
        fmt::format("TOML line {}: {}", error.source().begin.line, error.description()));
  }
  Mapping m;
  m.name = std::move(name);
  const toml::table* source = root["source"].as_table();
  if (source == nullptr) return InvalidArgumentError("missing [source]");
  KINLINK_ASSIGN_OR_RETURN(m.agency, ParseAgency((*source)["agency"].value_or(std::string())));
  m.system = (*source)["system"].value_or(std::string());

  if (const toml::table* format = root["format"].as_table()) {
    std::string kind = (*format)["kind"].value_or(std::string("delimited"));
    if (kind == "jsonl") {
      m.format.kind = FileKind::kJsonLines;
    } else if (kind != "delimited") {
      return InvalidArgumentError("[format] kind must be 'delimited' or 'jsonl'");
    }
    std::string encoding = (*format)["encoding"].value_or(std::string("utf-8"));
    if (encoding == "latin-1" || encoding == "iso-8859-1") {
      m.format.encoding = TextEncoding::kLatin1;
    } else if (encoding != "utf-8") {
      return InvalidArgumentError("[format] encoding must be 'utf-8' or 'latin-1'");
    }
    const std::string delimiter = (*format)["delimiter"].value_or(std::string(","));
    const bool tab = delimiter == "\\t" || delimiter == "tab";
    if (!tab && delimiter.size() != 1) {
      return InvalidArgumentError("[format] delimiter must be one byte");
    }
    m.format.delimiter = tab ? '\t' : delimiter[0];
    std::string quoting = (*format)["quoting"].value_or(std::string("rfc4180"));
    if (quoting == "none") {
      m.format.quoting = Quoting::kNone;
    } else if (quoting != "rfc4180") {
      return InvalidArgumentError("[format] quoting must be 'rfc4180' or 'none'");
    }
    std::string order = (*format)["date_order"].value_or(std::string("unknown"));
    if (order == "mdy") {
      m.date_order = DayMonthOrder::kMonthFirst;
    } else if (order == "dmy") {
      m.date_order = DayMonthOrder::kDayFirst;
    } else if (order != "unknown") {
      return InvalidArgumentError("[format] date_order must be 'mdy', 'dmy' or 'unknown'");
    }
  }

  const toml::table* record = root["record"].as_table();
  if (record == nullptr || record->get("id") == nullptr) {
    return InvalidArgumentError("missing [record] id");
  }
  KINLINK_ASSIGN_OR_RETURN(m.record_id, ParseField(*record->get("id"), "record.id"));
  KINLINK_ASSIGN_OR_RETURN(m.entered, OptionalField(*record, "entered"));
  if (m.entered && m.entered->type == ValueType::kString) m.entered->type = ValueType::kTimestamp;

  if (const toml::table* person = root["person"].as_table()) {
    PersonSpec p;
    if (person->get("id") == nullptr) return InvalidArgumentError("[person] needs 'id'");
    KINLINK_ASSIGN_OR_RETURN(p.id, ParseField(*person->get("id"), "person.id"));
    std::string format = (*person)["name_format"].value_or(std::string("parts"));
    if (format == "surnames_comma_given") {
      p.name_format = NameFormat::kSurnamesCommaGiven;
    } else if (format == "given_then_hyphenated_surnames") {
      p.name_format = NameFormat::kGivenThenHyphenatedSurnames;
    } else if (format != "parts") {
      return InvalidArgumentError(
          "[person] name_format must be parts, surnames_comma_given or "
          "given_then_hyphenated_surnames");
    }
    KINLINK_ASSIGN_OR_RETURN(p.name, OptionalField(*person, "name"));
    KINLINK_ASSIGN_OR_RETURN(p.given_names, OptionalField(*person, "given_names"));
    KINLINK_ASSIGN_OR_RETURN(p.surnames, OptionalField(*person, "surnames"));
    KINLINK_ASSIGN_OR_RETURN(p.paternal_surname, OptionalField(*person, "paternal_surname"));
    KINLINK_ASSIGN_OR_RETURN(p.maternal_surname, OptionalField(*person, "maternal_surname"));
    KINLINK_ASSIGN_OR_RETURN(p.sex, OptionalField(*person, "sex"));
    KINLINK_ASSIGN_OR_RETURN(p.birth_date, OptionalField(*person, "birth_date"));
    KINLINK_ASSIGN_OR_RETURN(p.age, OptionalField(*person, "age"));
    KINLINK_ASSIGN_OR_RETURN(p.a_number, OptionalField(*person, "a_number"));
    KINLINK_ASSIGN_OR_RETURN(p.citizenship, OptionalField(*person, "citizenship"));
    KINLINK_ASSIGN_OR_RETURN(p.language, OptionalField(*person, "language"));
    if (const toml::table* ids = (*person)["identifiers"].as_table()) {
      for (const auto& [kind, node] : *ids) {
        KINLINK_RETURN_IF_ERROR(ParseIdentifierKind(kind.str()).status());
        KINLINK_ASSIGN_OR_RETURN(FieldSpec spec, ParseField(node, kind.str()));
        p.identifiers.emplace_back(std::string(kind.str()), std::move(spec));
      }
    }
    m.person = std::move(p);
  }

  if (const toml::array* events = root["event"].as_array()) {
    for (const auto& node : *events) {
      const toml::table* table = node.as_table();
      if (table == nullptr) return InvalidArgumentError("[[event]] must be tables");
      EventSpec e;
      e.type = (*table)["type"].value_or(std::string());
      KINLINK_RETURN_IF_ERROR(ParseEventType(e.type).status().WithContext("[[event]] type"));
      e.name = (*table)["name"].value_or(e.type);
      if (auto when = (*table)["when"].value<std::string>()) e.when = Template::Parse(*when);
      if (const toml::array* conditions = (*table)["if"].as_array()) {
        for (const auto& c : *conditions) {
          const toml::table* ct = c.as_table();
          if (ct == nullptr || ct->get("value") == nullptr) {
            return InvalidArgumentError("[[event]] 'if' entries need 'value'");
          }
          Condition condition;
          KINLINK_ASSIGN_OR_RETURN(condition.value, ParseField(*ct->get("value"), "if.value"));
          for (const char* key : {"in", "not_in"}) {
            if (const toml::array* list = (*ct)[key].as_array()) {
              for (const auto& v : *list) {
                (std::string_view(key) == "in" ? condition.in : condition.not_in)
                    .push_back(v.value_or(std::string()));
              }
            }
          }
          e.conditions.push_back(std::move(condition));
        }
      }
      if (table->get("effective_at") == nullptr) {
        return InvalidArgumentError(fmt::format("[[event]] '{}' needs effective_at", e.name));
      }
      KINLINK_ASSIGN_OR_RETURN(e.effective_at,
                               ParseField(*table->get("effective_at"), "effective_at"));
      if (e.effective_at.type == ValueType::kString) e.effective_at.type = ValueType::kTimestamp;
      e.effective_at.required = true;
      if (const toml::table* fields = (*table)["fields"].as_table()) {
        for (const auto& [key, value] : *fields) {
          KINLINK_ASSIGN_OR_RETURN(FieldSpec spec, ParseField(value, key.str()));
          e.fields.emplace_back(std::string(key.str()), std::move(spec));
        }
      }
      m.events.push_back(std::move(e));
    }
  }

  if (const toml::table* maps = root["maps"].as_table()) {
    for (const auto& [map_name, node] : *maps) {
      const toml::table* table = node.as_table();
      if (table == nullptr) return InvalidArgumentError("[maps.*] must be tables");
      auto& target = m.maps[std::string(map_name.str())];
      for (const auto& [code, value] : *table) {
        target[std::string(code.str())] = value.value_or(std::string());
      }
    }
  }
  return m;
}

std::vector<Agency> Mapping::CustodyEndsRecorded() const {
  std::vector<Agency> out;
  auto add = [&](Agency a) {
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  };
  for (const EventSpec& e : events) {
    if (e.type == "orr_release" && agency == Agency::kOrr) add(Agency::kOrr);
    if (e.type != "custody_transfer") continue;
    for (const auto& [name, field] : e.fields) {
      if (name != "releasing.agency" || !field.literal || field.value.empty()) continue;
      std::string text;
      for (const auto& part : field.value.front().parts) text += part.text;
      auto releasing = ParseAgency(text);
      if (releasing.ok() && *releasing == agency) add(agency);
    }
  }
  return out;
}

}  // namespace kinlink::ledger
