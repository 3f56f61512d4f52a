#include "ledger/row_mapper.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json_codec.h"
#include "ledger/internal/json_text.h"
#include "ledger/internal/typed_mapper.h"

namespace kinlink::ledger {
namespace {

using nlohmann::json;

struct Failure {
  RowFailure failure;
};

class RowContext {
 public:
  RowContext(const Mapping& mapping, const RawRecord& record)
      : mapping_(mapping), record_(record) {}
  std::string person_id;
  std::string record_id;

  std::string Expand(const Template& t) const {
    std::string out;
    for (const auto& part : t.parts) {
      if (!part.column) {
        out += part.text;
        continue;
      }
      std::string_view value = part.text == "@person"   ? std::string_view(person_id)
                               : part.text == "@record" ? std::string_view(record_id)
                                                        : record_.Get(part.text);
      if (value.empty()) return {};
      out += value;
    }
    return out;
  }

  // The template value after the code map; "" when not recorded.
  Result<std::string> Raw(const FieldSpec& spec, std::string_view field) const {
    std::string value;
    for (const auto& t : spec.value) {
      value = Expand(t);
      if (!value.empty()) break;
    }
    if (!value.empty() && !spec.map.empty()) {
      auto map = mapping_.maps.find(spec.map);
      if (map == mapping_.maps.end()) {
        return InvalidArgumentError(fmt::format("mapping has no [maps.{}]", spec.map));
      }
      auto hit = map->second.find(value);
      if (hit == map->second.end()) {
        std::string upper = value;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        hit = map->second.find(upper);
      }
      if (hit == map->second.end()) {
        return InvalidArgumentError(fmt::format("unknown code '{}' (map '{}')", value, spec.map));
      }
      value = hit->second;
    }
    if (value.empty() && spec.required) {
      return InvalidArgumentError(fmt::format("{} is required", field));
    }
    return value;
  }

  Result<PartialDate> DateValue(std::string_view text) const {
    auto reading = ParseAgencyDate(text, mapping_.date_order);
    if (!reading.ok())
      return InvalidArgumentError(fmt::format("bad date: {}", reading.status().message()));
    auto date = reading->Unambiguous(text);
    if (!date.ok())
      return InvalidArgumentError(fmt::format("ambiguous date: {}", date.status().message()));
    return *date;
  }

  Result<Timestamp> TimestampValue(const FieldSpec& spec, std::string_view field) const {
    KINLINK_ASSIGN_OR_RETURN(std::string text, Raw(spec, field));
    if (text.empty()) return InvalidArgumentError(fmt::format("{} is required", field));
    std::string date_part = text, time_part;
    // A time follows a space ("2018-10-02 16:15") or an ISO "T" between digits; the T of
    // "02-OCT-2018" is part of the month.
    size_t split = text.find(' ');
    if (split == std::string::npos) {
      size_t t = text.find('T');
      if (t != std::string::npos && t > 0 && t + 1 < text.size() &&
          std::isdigit(static_cast<unsigned char>(text[t - 1])) &&
          std::isdigit(static_cast<unsigned char>(text[t + 1]))) {
        split = t;
      }
    }
    if (split != std::string::npos) {
      date_part = text.substr(0, split);
      time_part = text.substr(split + 1);
      if (!time_part.empty() && time_part.back() == 'Z') time_part.pop_back();
    }
    if (time_part.empty() && spec.time) time_part = Expand(*spec.time);
    KINLINK_ASSIGN_OR_RETURN(PartialDate date, DateValue(date_part));
    auto day = date.ExactDate();
    if (!day) return InvalidArgumentError(fmt::format("bad date: '{}' is not a full date", text));
    Timestamp at = StartOfDay(*day);
    if (!time_part.empty()) {
      int h = 0, m = 0, s = 0;
      char c1 = 0, c2 = 0;
      std::istringstream in(time_part);
      in >> h >> c1 >> m;
      if (in && in.peek() == ':') in >> c2 >> s;
      if (!in.eof() && in.fail()) h = -1;
      if (c1 != ':' || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
        return InvalidArgumentError(fmt::format("bad time '{}'", time_part));
      }
      at += std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s);
    }
    return at;
  }

  // The JSON value of an event field; null when not recorded.
  Result<json> JsonValue(const FieldSpec& spec, std::string_view field) const {
    if (spec.type == ValueType::kTimestamp) {
      KINLINK_ASSIGN_OR_RETURN(std::string raw, Raw(spec, field));
      if (raw.empty()) return json();
      KINLINK_ASSIGN_OR_RETURN(Timestamp at, TimestampValue(spec, field));
      return json(detail::TimestampText(at));
    }
    KINLINK_ASSIGN_OR_RETURN(std::string raw, Raw(spec, field));
    if (spec.type == ValueType::kList) {
      json list = json::array();
      std::string item;
      std::istringstream in(raw);
      while (std::getline(in, item, ';')) {
        if (!item.empty()) list.push_back(item);
      }
      return list;
    }
    if (raw.empty()) return json();
    switch (spec.type) {
      case ValueType::kInt: {
        int64_t n = 0;
        auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), n);
        if (ec != std::errc() || end != raw.data() + raw.size()) {
          return InvalidArgumentError(fmt::format("'{}' is not a whole number", raw));
        }
        return json(n);
      }
      case ValueType::kBool:
        if (raw == "true" || raw == "1" || raw == "Y" || raw == "yes") return json(true);
        if (raw == "false" || raw == "0" || raw == "N" || raw == "no") return json(false);
        return InvalidArgumentError(fmt::format("'{}' is not true or false", raw));
      case ValueType::kDate: {
        KINLINK_ASSIGN_OR_RETURN(PartialDate date, DateValue(raw));
        return json(date.ToString());
      }
      default:
        return json(raw);
    }
  }

 private:
  const Mapping& mapping_;
  const RawRecord& record_;
};

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

void SetSurnames(PersonName& name, const std::vector<std::string>& surnames) {
  if (surnames.empty()) return;
  name.paternal_surname = surnames[0];
  for (size_t i = 1; i < surnames.size(); ++i) {
    if (!name.maternal_surname.empty()) name.maternal_surname += ' ';
    name.maternal_surname += surnames[i];
  }
}

Status FillName(const PersonSpec& spec, const RowContext& ctx, PersonName& name) {
  if (spec.name) {
    KINLINK_ASSIGN_OR_RETURN(std::string full, ctx.Raw(*spec.name, "person.name"));
    if (spec.name_format == NameFormat::kSurnamesCommaGiven) {
      size_t comma = full.find(',');
      if (comma == std::string::npos) {
        SetSurnames(name, Words(full));
      } else {
        SetSurnames(name, Words(std::string_view(full).substr(0, comma)));
        name.given_names = Words(std::string_view(full).substr(comma + 1));
      }
    } else if (spec.name_format == NameFormat::kGivenThenHyphenatedSurnames) {
      std::vector<std::string> words = Words(full);
      if (!words.empty()) {
        std::string surnames = words.back();
        words.pop_back();
        name.given_names = words;
        std::vector<std::string> parts;
        std::istringstream in(surnames);
        std::string part;
        while (std::getline(in, part, '-')) {
          if (!part.empty()) parts.push_back(part);
        }
        SetSurnames(name, parts);
      }
    } else {
      name.given_names = Words(full);
    }
  }
  if (spec.given_names) {
    KINLINK_ASSIGN_OR_RETURN(std::string given, ctx.Raw(*spec.given_names, "given_names"));
    if (!given.empty()) name.given_names = Words(given);
  }
  if (spec.surnames) {
    KINLINK_ASSIGN_OR_RETURN(std::string surnames, ctx.Raw(*spec.surnames, "surnames"));
    if (!surnames.empty()) SetSurnames(name, Words(surnames));
  }
  if (spec.paternal_surname) {
    KINLINK_ASSIGN_OR_RETURN(name.paternal_surname,
                             ctx.Raw(*spec.paternal_surname, "paternal_surname"));
  }
  if (spec.maternal_surname) {
    KINLINK_ASSIGN_OR_RETURN(name.maternal_surname,
                             ctx.Raw(*spec.maternal_surname, "maternal_surname"));
  }
  return Status::Ok();
}

// Runs `step`; on failure records the field and reason.
#define KINLINK_ROW_STEP(field_name, expr)                                \
  do {                                                                    \
    ::kinlink::Status step_status_ = ::kinlink::internal::AsStatus(expr); \
    if (!step_status_.ok()) {                                             \
      out.failure = RowFailure{field_name, step_status_.message()};       \
      return out;                                                         \
    }                                                                     \
  } while (false)

std::string FieldOf(const std::string& message, const std::string& fallback) {
  size_t at = message.find("field '");
  if (at == std::string::npos) return fallback;
  size_t end = message.find('\'', at + 7);
  return end == std::string::npos ? fallback : message.substr(at + 7, end - at - 7);
}

}  // namespace

RowMapper::RowMapper(const Mapping& mapping, std::string file,
                     std::shared_ptr<const std::vector<std::string>> columns)
    : mapping_(mapping),
      file_(std::move(file)),
      typed_(detail::TypedMapper::Compile(mapping, file_, std::move(columns))) {}

RowMapper::~RowMapper() = default;

MapOutcome RowMapper::Map(const RawRecord& record) const {
  if (typed_) {
    if (std::optional<MappedRow> row = typed_->Map(record)) {
      MapOutcome out;
      out.record_id = row->record_id;
      out.row = std::move(row);
      return out;
    }
  }
  return MapReference(record);
}

MapOutcome RowMapper::MapReference(const RawRecord& record) const {
  MapOutcome out;
  RowContext ctx(mapping_, record);
  auto record_id = ctx.Raw(mapping_.record_id, "record id");
  KINLINK_ROW_STEP("record.id", record_id);
  if (record_id->empty()) {
    out.failure = RowFailure{"record.id", "the record id is empty"};
    return out;
  }
  out.record_id = ctx.record_id = *record_id;
  MappedRow row;
  row.record_id = *record_id;
  if (mapping_.entered) {
    auto raw = ctx.Raw(*mapping_.entered, "entered");
    KINLINK_ROW_STEP("record.entered", raw);
    if (!raw->empty()) {
      auto entered = ctx.TimestampValue(*mapping_.entered, "entered");
      KINLINK_ROW_STEP("record.entered", entered);
      row.entered = *entered;
    }
  }
  if (mapping_.person) {
    const PersonSpec& spec = *mapping_.person;
    Person person;
    auto id = ctx.Raw(spec.id, "person id");
    KINLINK_ROW_STEP("person.id", id);
    if (id->empty()) {
      out.failure = RowFailure{"person.id", "no identity: every id column is empty"};
      return out;
    }
    person.person_id = ctx.person_id = *id;
    KINLINK_ROW_STEP("person.name", FillName(spec, ctx, person.name));
    if (spec.sex) {
      auto sex = ctx.Raw(*spec.sex, "sex");
      KINLINK_ROW_STEP("person.sex", sex);
      if (!sex->empty()) {
        auto parsed = ParseSex(*sex);
        KINLINK_ROW_STEP("person.sex", parsed);
        person.sex = *parsed;
      }
    }
    if (spec.birth_date) {
      auto raw = ctx.Raw(*spec.birth_date, "birth date");
      KINLINK_ROW_STEP("person.birth_date", raw);
      if (!raw->empty()) {
        auto date = ctx.DateValue(*raw);
        KINLINK_ROW_STEP("person.birth_date", date);
        person.birth_date = *date;
      }
    }
    if (!person.birth_date && spec.age) {
      auto age = ctx.Raw(*spec.age, "age");
      KINLINK_ROW_STEP("person.age", age);
      if (!age->empty() && spec.age->on) {
        int years = -1;
        auto [end, ec] = std::from_chars(age->data(), age->data() + age->size(), years);
        if (ec != std::errc() || end != age->data() + age->size() || years < 0 || years > 120) {
          out.failure = RowFailure{"person.age", fmt::format("'{}' is not an age", *age)};
          return out;
        }
        std::string on = ctx.Expand(*spec.age->on);
        auto day = ctx.DateValue(on);
        KINLINK_ROW_STEP("person.age", day);
        if (auto exact = day->ExactDate()) {
          auto date = PartialDate::FromAge(years, *exact);
          KINLINK_ROW_STEP("person.age", date);
          person.birth_date = *date;
        }
      }
    }
    if (spec.a_number) {
      auto raw = ctx.Raw(*spec.a_number, "A-number");
      KINLINK_ROW_STEP("person.a_number", raw);
      if (!raw->empty()) {
        auto a = ANumber::Parse(*raw);
        if (!a.ok()) {
          out.failure = RowFailure{"person.a_number",
                                   fmt::format("invalid A-number: {}", a.status().message())};
          return out;
        }
        person.a_number = *a;
      }
    }
    if (spec.citizenship) {
      auto raw = ctx.Raw(*spec.citizenship, "citizenship");
      KINLINK_ROW_STEP("person.citizenship", raw);
      if (!raw->empty()) KINLINK_ROW_STEP("person.citizenship", ValidateCountryCode(*raw));
      person.citizenship = *raw;
    }
    if (spec.language) {
      auto raw = ctx.Raw(*spec.language, "language");
      KINLINK_ROW_STEP("person.language", raw);
      person.language = *raw;
    }
    for (const auto& [kind, field] : spec.identifiers) {
      auto raw = ctx.Raw(field, kind);
      KINLINK_ROW_STEP("person.identifiers." + kind, raw);
      if (!raw->empty()) {
        person.identifiers.push_back({ParseIdentifierKind(kind).value(), *raw});
      }
    }
    row.person = std::move(person);
  }

  for (const EventSpec& spec : mapping_.events) {
    if (spec.when && ctx.Expand(*spec.when).empty()) continue;
    bool emit = true;
    for (const Condition& condition : spec.conditions) {
      auto value = ctx.Raw(condition.value, "condition");
      KINLINK_ROW_STEP(spec.name + ".if", value);
      auto in = [&](const std::vector<std::string>& list) {
        return std::find(list.begin(), list.end(), *value) != list.end();
      };
      if (!condition.in.empty() && !in(condition.in)) emit = false;
      if (!condition.not_in.empty() && in(condition.not_in)) emit = false;
    }
    if (!emit) continue;
    json j = json::object();
    j["event_id"] = fmt::format("{}:{}:{}", mapping_.name, *record_id, spec.name);
    j["type"] = spec.type;
    auto effective = ctx.TimestampValue(spec.effective_at, spec.name + ".effective_at");
    KINLINK_ROW_STEP(spec.name + ".effective_at", effective);
    j["effective_at"] = detail::TimestampText(*effective);
    if (row.entered) j["recorded_at"] = detail::TimestampText(*row.entered);
    j["source"] = {{"agency", ToString(mapping_.agency)},
                   {"system", mapping_.system},
                   {"file", file_},
                   {"record_id", *record_id}};
    std::map<std::string, bool> object_has_data;
    for (const auto& [name, field] : spec.fields) {
      auto value = ctx.JsonValue(field, name);
      KINLINK_ROW_STEP(spec.name + "." + name, value);
      size_t dot = name.find('.');
      if (dot == std::string::npos) {
        if (!value->is_null()) j[name] = *value;
        continue;
      }
      std::string object = name.substr(0, dot);
      bool& has = object_has_data[object];
      if (!value->is_null()) {
        j[object][name.substr(dot + 1)] = *value;
        if (!field.literal) has = true;
      }
    }
    for (const auto& [object, has] : object_has_data) {
      if (!has) j.erase(object);
    }
    auto event = EventFromJson(j);
    if (!event.ok()) {
      out.failure = RowFailure{spec.name + "." + FieldOf(event.status().message(), "event"),
                               event.status().message()};
      return out;
    }
    row.events.push_back(std::move(*event));
  }
  out.row = std::move(row);
  return out;
}

}  // namespace kinlink::ledger
