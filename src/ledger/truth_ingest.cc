// Ingester::IngestTruthFile: the simulator's truth stream (docs/truth-format.md) read straight
// into the ledger, for tests and demos. Person lines become identity records, family-unit lines
// family-unit records, relationship lines relationship events (effective at the time of the last
// event read before them, or the header's start), event lines the events themselves. Facility,
// header and footer lines are read and checked but store nothing.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/json_codec.h"
#include "core/json_reader.h"
#include "ledger/hash_chain.h"
#include "ledger/ingest.h"

namespace kinlink::ledger {

Status Ingester::IngestTruthFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(fmt::format("cannot read '{}'", path));
  const std::string file = std::filesystem::path(path).filename().string();
  ++summary_.files;
  Timestamp cursor{};
  EventSource truth_source{Agency::kCbp, "truth", file, ""};
  int64_t persons = 0, families = 0, events = 0;
  std::string line;
  int64_t line_number = 0;
  Status status;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    status = MaybeCommit(false);
    if (!status.ok()) break;
    ++summary_.rows;
    ++rows_in_batch_;
    auto quarantine = [&](const std::string& field, const std::string& reason) {
      return Quarantine(file, line_number, IsValidUtf8(line) ? line : Latin1ToUtf8(line), field,
                        reason);
    };
    if (!IsValidUtf8(line)) {
      status = quarantine("", "invalid UTF-8");
      if (!status.ok()) break;
      continue;
    }
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("record") || !j["record"].is_string()) {
      status = quarantine("record", "not a truth-stream object with a 'record' field");
      if (!status.ok()) break;
      continue;
    }
    const std::string kind = j["record"].get<std::string>();
    std::string record_id;
    std::function<Status()> store;
    Result<Event> event = InvalidArgumentError("");
    if (kind == "header") {
      JsonReader r(j, "header");
      auto start = r.Time("start");
      if (start.ok()) cursor = *start;
      ++summary_.accepted;
      continue;
    } else if (kind == "footer") {
      JsonReader r(j, "footer");
      auto p = r.Int("persons"), f = r.Int("families"), e = r.Int("events");
      if (!p.ok() || !f.ok() || !e.ok() || *p != persons || *f != families || *e != events) {
        status = quarantine("footer", fmt::format("footer counts do not match the file "
                                                  "(read {} persons, {} families, {} events)",
                                                  persons, families, events));
        if (!status.ok()) break;
      } else {
        ++summary_.accepted;
      }
      continue;
    } else if (kind == "facility") {
      auto facility = FacilityFromJson(j);
      if (!facility.ok()) {
        status = quarantine("facility", facility.status().message());
        if (!status.ok()) break;
        continue;
      }
      ++summary_.accepted;
      continue;
    } else if (kind == "person") {
      ++persons;
      auto person = PersonFromJson(j);
      if (!person.ok()) {
        status = quarantine("person", person.status().message());
        if (!status.ok()) break;
        continue;
      }
      record_id = "person:" + person->person_id;
      store = [this, person = *person, cursor, truth_source]() mutable {
        EventSource source = truth_source;
        source.record_id = person.person_id;
        return ledger_.RecordPerson(person, cursor, source);
      };
    } else if (kind == "family_unit") {
      ++families;
      auto family = FamilyUnitFromJson(j);
      if (!family.ok()) {
        status = quarantine("family_unit", family.status().message());
        if (!status.ok()) break;
        continue;
      }
      record_id = "family:" + family->family_unit_id;
      store = [this, family = *family, cursor, truth_source]() {
        EventSource source = truth_source;
        source.record_id = family.family_unit_id;
        return ledger_.RecordFamilyUnit(family, cursor, source);
      };
    } else if (kind == "relationship") {
      auto association = AssociationFromJson(j);
      if (!association.ok()) {
        status = quarantine("relationship", association.status().message());
        if (!status.ok()) break;
        continue;
      }
      Event e;
      e.event_id =
          fmt::format("truth:relationship:{}:{}", association->parent_id, association->child_id);
      e.effective_at = cursor;
      e.source = truth_source;
      e.source->record_id = e.event_id;
      e.payload = Relationship{*association};
      event = std::move(e);
      record_id = event->event_id;
    } else if (kind == "event") {
      ++events;
      event = EventFromJson(j);
      if (!event.ok()) {
        std::string message = event.status().message();
        status = quarantine("event", message);
        if (!status.ok()) break;
        continue;
      }
      cursor = std::max(cursor, event->effective_at);
      record_id = event->event_id;
    } else {
      status = quarantine("record", fmt::format("unknown record kind '{}'", kind));
      if (!status.ok()) break;
      continue;
    }
    std::string content_hash = Sha256Hex(line);
    auto prior = Lookup(record_id, content_hash);
    if (!prior.ok()) {
      status = prior.status();
      break;
    }
    if (prior->seen == Seen::kDuplicate) {
      ++summary_.duplicates;
      continue;
    }
    if (prior->seen == Seen::kRevision) {
      status = quarantine(kind, fmt::format("'{}' was already ingested with different content; "
                                            "the truth stream does not revise records",
                                            record_id));
      if (!status.ok()) break;
      continue;
    }
    if (store) {
      status = store();
      if (status.ok()) ++summary_.events;
    } else {
      status = AppendCounted(*event);
    }
    if (!status.ok()) break;
    status = RememberRecord(record_id, content_hash, file, line_number);
    if (!status.ok()) break;
    ++summary_.accepted;
  }
  if (status.ok()) status = MaybeCommit(true);
  if (!status.ok()) {
    if (in_batch_) ledger_.Abort();
    in_batch_ = false;
    return status.WithContext(file);
  }
  return Status::Ok();
}

}  // namespace kinlink::ledger
