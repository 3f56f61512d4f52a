// JSON forms of the domain model: events, persons, family units, relationships, facilities.
//
// The forms are documented in docs/data-model.md and are what the simulator's truth stream, the
// ledger's payload column and the HTTP API carry. An event is one flat object: the common fields
// (event_id, type, effective_at, recorded_at, source, actor) beside its payload's fields.
// Optional fields are omitted when unset. Reading validates every field and names the first bad
// one; it never throws.
//
//   nlohmann::json j = EventToJson(event);
//   KINLINK_ASSIGN_OR_RETURN(Event back, EventFromJson(j));   // back == event
//
// Thread safety: free functions; safe from any thread.
#ifndef KINLINK_CORE_JSON_CODEC_H_
#define KINLINK_CORE_JSON_CODEC_H_

#include <nlohmann/json.hpp>

#include "core/agency.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"
#include "core/status.h"

namespace kinlink {

nlohmann::json EventToJson(const Event& event);
Result<Event> EventFromJson(const nlohmann::json& json);

nlohmann::json PersonToJson(const Person& person);
Result<Person> PersonFromJson(const nlohmann::json& json);

nlohmann::json FamilyUnitToJson(const FamilyUnit& family);
Result<FamilyUnit> FamilyUnitFromJson(const nlohmann::json& json);

nlohmann::json AssociationToJson(const ParentChildAssociation& association);
Result<ParentChildAssociation> AssociationFromJson(const nlohmann::json& json);

nlohmann::json FacilityToJson(const Facility& facility);
Result<Facility> FacilityFromJson(const nlohmann::json& json);

}  // namespace kinlink

#endif  // KINLINK_CORE_JSON_CODEC_H_
