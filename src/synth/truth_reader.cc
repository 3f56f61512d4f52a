#include "synth/truth_reader.h"

#include <fmt/format.h>

#include "core/json_codec.h"
#include "core/json_reader.h"

namespace kinlink::synth {

TruthReader::TruthReader(std::istream& in, std::string source_name)
    : in_(in), source_name_(std::move(source_name)) {}

Status TruthReader::Error(std::string_view message) const {
  return InvalidArgumentError(fmt::format("{}:{}: {}", source_name_, line_number_, message));
}

Result<bool> TruthReader::ReadLine(nlohmann::json* object, std::string* record_kind) {
  if (!std::getline(in_, line_)) return false;
  ++line_number_;
  bytes_read_ += static_cast<int64_t>(line_.size()) + 1;
  if (line_.empty()) return Error("empty line (the truth stream has one JSON object per line)");
  *object = nlohmann::json::parse(line_, nullptr, /*allow_exceptions=*/false);
  if (object->is_discarded()) return Error("not valid JSON");
  if (!object->is_object()) return Error("expected a JSON object");
  auto record = object->find("record");
  if (record == object->end() || !record->is_string()) {
    return Error("missing the 'record' field that says what the line is");
  }
  *record_kind = record->get<std::string>();
  return true;
}

Result<TruthHeader> TruthReader::ReadHeader() {
  nlohmann::json object;
  std::string kind;
  KINLINK_ASSIGN_OR_RETURN(bool has_line, ReadLine(&object, &kind));
  if (!has_line) return Error("empty truth stream: no header");
  if (kind != "header") return Error(fmt::format("expected a header first, got '{}'", kind));
  JsonReader r(object, "header");
  TruthHeader header;
  auto fail = [&](const Status& status) { return Error(status.message()); };
  auto format = r.String("format");
  if (!format.ok()) return fail(format.status());
  if (*format != "kinlink-truth") {
    return Error(fmt::format("format is '{}', expected 'kinlink-truth'", *format));
  }
  auto version = r.Int("version");
  if (!version.ok()) return fail(version.status());
  if (*version != 1) return Error(fmt::format("unsupported truth version {}", *version));
  auto scenario = r.OptionalString("scenario");
  if (!scenario.ok()) return fail(scenario.status());
  header.scenario = scenario->value_or("");
  auto seed = r.OptionalInt("seed");
  if (!seed.ok()) return fail(seed.status());
  header.seed = static_cast<uint64_t>(seed->value_or(0));
  auto replication = r.OptionalInt("replication");
  if (!replication.ok()) return fail(replication.status());
  header.replication = replication->value_or(0);
  auto start = r.OptionalTime("start");
  if (!start.ok()) return fail(start.status());
  auto end = r.OptionalTime("end");
  if (!end.ok()) return fail(end.status());
  if (*start) header.start = **start;
  if (*end) header.end = **end;
  header_read_ = true;
  return header;
}

Result<bool> TruthReader::Next(TruthItem* item) {
  if (!header_read_) return Error("ReadHeader must be called first");
  if (footer_read_) return false;
  nlohmann::json object;
  std::string kind;
  KINLINK_ASSIGN_OR_RETURN(bool has_line, ReadLine(&object, &kind));
  if (!has_line) return Error("the stream ended without a footer (truncated?)");
  auto wrap = [&](const Status& status) { return Error(status.message()); };
  if (kind == "facility") {
    auto facility = FacilityFromJson(object);
    if (!facility.ok()) return wrap(facility.status());
    *item = std::move(*facility);
  } else if (kind == "person") {
    auto person = PersonFromJson(object);
    if (!person.ok()) return wrap(person.status());
    if (person->person_id.empty()) return Error("person_id must not be empty");
    ++counts_.persons;
    *item = std::move(*person);
  } else if (kind == "family_unit") {
    auto family = FamilyUnitFromJson(object);
    if (!family.ok()) return wrap(family.status());
    if (family->members.empty()) return Error("a family unit needs members");
    ++counts_.families;
    *item = std::move(*family);
  } else if (kind == "relationship") {
    auto association = AssociationFromJson(object);
    if (!association.ok()) return wrap(association.status());
    *item = std::move(*association);
  } else if (kind == "event") {
    auto event = EventFromJson(object);
    if (!event.ok()) return wrap(event.status());
    if (last_event_time_ && event->effective_at < *last_event_time_) {
      return Error(fmt::format("event {} at {} is earlier than the event before it ({})",
                               event->event_id, FormatTimestamp(event->effective_at),
                               FormatTimestamp(*last_event_time_)));
    }
    last_event_time_ = event->effective_at;
    ++counts_.events;
    *item = std::move(*event);
  } else if (kind == "footer") {
    JsonReader r(object, "footer");
    const std::pair<const char*, int64_t> expected[] = {
        {"persons", counts_.persons}, {"families", counts_.families}, {"events", counts_.events}};
    for (const auto& [key, seen] : expected) {
      auto declared = r.Int(key);
      if (!declared.ok()) return wrap(declared.status());
      if (*declared != seen) {
        return Error(fmt::format("footer says {} {}, the stream has {}", *declared, key, seen));
      }
    }
    footer_read_ = true;
    std::string rest;
    while (std::getline(in_, rest)) {
      ++line_number_;
      if (!rest.empty()) return Error("data after the footer");
    }
    return false;
  } else if (kind == "header") {
    return Error("a second header");
  } else {
    return Error(fmt::format("unknown record kind '{}'", kind));
  }
  return true;
}

}  // namespace kinlink::synth
