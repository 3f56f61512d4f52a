// TruthRowSource: the simulator's truth stream (docs/truth-format.md) as PreparedRows, for tests
// and demos. Person lines become identity records, family-unit lines family-unit records,
// relationship lines relationship events (effective at the time of the last event read before
// them, or the header's start), event lines the events themselves. Facility, header and footer
// lines are read and checked but store nothing; a footer whose counts disagree is quarantined.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/json_codec.h"
#include "core/json_reader.h"
#include "ledger/hash_chain.h"
#include "ledger/internal/json_text.h"
#include "ledger/internal/prepared_row.h"

namespace kinlink::ledger::detail {

Result<std::unique_ptr<TruthRowSource>> TruthRowSource::Open(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot read '{}'", path));
  return std::unique_ptr<TruthRowSource>(
      new TruthRowSource(std::move(in), std::filesystem::path(path).filename().string()));
}

bool TruthRowSource::Next(std::vector<PreparedRow>& out, size_t max) {
  size_t added = 0;
  std::string line;
  while (added < max && std::getline(in_, line)) {
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    out.push_back(Prepare(std::move(line)));
    ++added;
  }
  return added > 0;
}

PreparedRow TruthRowSource::Prepare(std::string line) {
  auto quarantine = [&](std::string field, std::string reason) {
    return QuarantineRow(line_number_, IsValidUtf8(line) ? line : Latin1ToUtf8(line),
                         std::move(field), std::move(reason));
  };
  auto accepted = [&] {
    PreparedRow row;
    row.kind = PreparedRow::Kind::kAccepted;
    row.line = line_number_;
    return row;
  };
  if (!IsValidUtf8(line)) return quarantine("", "invalid UTF-8");
  nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("record") || !j["record"].is_string()) {
    return quarantine("record", "not a truth-stream object with a 'record' field");
  }
  const std::string kind = j["record"].get<std::string>();
  PreparedRow row;
  row.line = line_number_;
  row.revisable = false;
  row.kind_name = kind;
  const EventSource truth_source{Agency::kCbp, "truth", file_, ""};
  if (kind == "header") {
    JsonReader r(j, "header");
    auto start = r.Time("start");
    if (start.ok()) cursor_ = *start;
    return accepted();
  } else if (kind == "footer") {
    JsonReader r(j, "footer");
    auto p = r.Int("persons"), f = r.Int("families"), e = r.Int("events");
    if (!p.ok() || !f.ok() || !e.ok() || *p != persons_ || *f != families_ || *e != events_) {
      return quarantine("footer", fmt::format("footer counts do not match the file "
                                              "(read {} persons, {} families, {} events)",
                                              persons_, families_, events_));
    }
    return accepted();
  } else if (kind == "facility") {
    auto facility = FacilityFromJson(j);
    if (!facility.ok()) return quarantine("facility", facility.status().message());
    return accepted();
  } else if (kind == "person") {
    ++persons_;
    auto person = PersonFromJson(j);
    if (!person.ok()) return quarantine("person", person.status().message());
    row.record_id = "person:" + person->person_id;
    row.identity_at = cursor_;
    row.identity_source = truth_source;
    row.identity_source.record_id = person->person_id;
    row.person_record = SerializePerson(*person);
    row.person = std::move(*person);
  } else if (kind == "family_unit") {
    ++families_;
    auto family = FamilyUnitFromJson(j);
    if (!family.ok()) return quarantine("family_unit", family.status().message());
    row.record_id = "family:" + family->family_unit_id;
    row.identity_at = cursor_;
    row.identity_source = truth_source;
    row.identity_source.record_id = family->family_unit_id;
    row.family_json = FamilyUnitToJson(*family).dump();
    row.family = std::move(*family);
  } else if (kind == "relationship") {
    auto association = AssociationFromJson(j);
    if (!association.ok()) return quarantine("relationship", association.status().message());
    Event e;
    e.event_id =
        fmt::format("truth:relationship:{}:{}", association->parent_id, association->child_id);
    e.effective_at = cursor_;
    e.source = truth_source;
    e.source->record_id = e.event_id;
    e.payload = Relationship{*association};
    row.record_id = e.event_id;
    row.events.push_back(std::move(e));
  } else if (kind == "event") {
    ++events_;
    auto event = EventFromJson(j);
    if (!event.ok()) return quarantine("event", event.status().message());
    cursor_ = std::max(cursor_, event->effective_at);
    row.record_id = event->event_id;
    row.events.push_back(std::move(*event));
  } else {
    return quarantine("record", fmt::format("unknown record kind '{}'", kind));
  }
  row.content_hash = Sha256Hex(line);
  for (const Event& event : row.events) row.event_json.push_back(EventJsonText(event));
  row.text = std::move(line);  // quarantined if it turns out to revise a stored record
  return row;
}

}  // namespace kinlink::ledger::detail
