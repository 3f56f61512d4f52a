#include "sim/pipeline/truth_writer.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/json_codec.h"

namespace kinlink::sim {

TruthWriter::TruthWriter(std::ostream& out, const TruthHeader& header) : out_(out) {
  nlohmann::json j = {{"record", "header"},
                      {"format", "kinlink-truth"},
                      {"version", 1},
                      {"scenario", header.scenario},
                      {"seed", header.seed},
                      {"replication", header.replication},
                      {"start", FormatTimestamp(header.start)},
                      {"end", FormatTimestamp(header.end)}};
  WriteLine(j);
  last_event_at_ = header.start;
}

void TruthWriter::WriteLine(const nlohmann::json& json) {
  if (finished_) throw std::logic_error("truth stream written after its footer");
  out_ << json.dump() << '\n';
}

void TruthWriter::RequireDeclared(const std::string& id) const {
  if (!declared_.count(id)) throw std::logic_error("truth event names undeclared id '" + id + "'");
}

void TruthWriter::DeclareFacility(const Facility& facility) {
  nlohmann::json j = FacilityToJson(facility);
  j["record"] = "facility";
  declared_.insert(facility.facility_id);
  WriteLine(j);
}

void TruthWriter::DeclarePerson(const Person& person) {
  nlohmann::json j = PersonToJson(person);
  j["record"] = "person";
  if (!declared_.insert(person.person_id).second) {
    throw std::logic_error("person '" + person.person_id + "' declared twice");
  }
  ++persons_;
  WriteLine(j);
}

void TruthWriter::DeclareFamily(const FamilyUnit& family,
                                const std::vector<ParentChildAssociation>& relationships) {
  for (const auto& member : family.members) RequireDeclared(member);
  nlohmann::json j = FamilyUnitToJson(family);
  j["record"] = "family_unit";
  declared_.insert(family.family_unit_id);
  ++families_;
  WriteLine(j);
  for (const auto& relationship : relationships) {
    nlohmann::json r = AssociationToJson(relationship);
    r["record"] = "relationship";
    WriteLine(r);
  }
}

void TruthWriter::Emit(const kinlink::Event& event) {
  if (event.effective_at < last_event_at_) {
    throw std::logic_error("truth event " + event.event_id + " is earlier than the previous one");
  }
  for (const auto& subject : event.Subjects()) RequireDeclared(subject);
  if (const auto* transfer = std::get_if<CustodyTransfer>(&event.payload)) {
    if (transfer->releasing) RequireDeclared(transfer->releasing->facility_id);
    if (transfer->receiving) RequireDeclared(transfer->receiving->facility_id);
  }
  last_event_at_ = event.effective_at;
  nlohmann::json j = EventToJson(event);
  j["record"] = "event";
  ++events_;
  WriteLine(j);
}

void TruthWriter::Finish() {
  WriteLine(
      {{"record", "footer"}, {"persons", persons_}, {"families", families_}, {"events", events_}});
  finished_ = true;
  out_.flush();
}

}  // namespace kinlink::sim
