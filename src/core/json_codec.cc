#include "core/json_codec.h"

#include "core/json_reader.h"

namespace kinlink {
namespace {

using nlohmann::json;

json CustodyToJson(const Custody& custody) {
  return {{"agency", ToString(custody.agency)}, {"facility_id", custody.facility_id}};
}

Result<Custody> CustodyFromJson(const json& j) {
  JsonReader r(j, "custody");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  Custody custody;
  KINLINK_ASSIGN_OR_RETURN(custody.agency, r.Enum("agency", ParseAgency));
  KINLINK_ASSIGN_OR_RETURN(custody.facility_id, r.String("facility_id"));
  return custody;
}

Result<std::optional<Custody>> OptionalCustody(const JsonReader& r, std::string_view key) {
  if (!r.HasValue(key)) return std::optional<Custody>();
  KINLINK_ASSIGN_OR_RETURN(const json* child, r.Child(key));
  auto custody = CustodyFromJson(*child);
  if (!custody.ok()) return r.FieldError(key, custody.status().message());
  return std::optional<Custody>(*custody);
}

Result<std::vector<std::string>> StringList(const JsonReader& r, const json& object,
                                            std::string_view key) {
  std::vector<std::string> out;
  if (!r.HasValue(key)) return out;
  const json& list = object.at(std::string(key));
  if (!list.is_array()) return r.FieldError(key, "must be a list of strings");
  for (const auto& item : list) {
    if (!item.is_string()) return r.FieldError(key, "must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

void PutOptional(json& j, const char* key, const std::optional<std::string>& value) {
  if (value) j[key] = *value;
}

// Writes the payload's own fields into `j`.
struct PayloadWriter {
  json& j;
  void operator()(const Apprehension& p) const {
    j["person_id"] = p.person_id;
    PutOptional(j, "family_unit_id", p.family_unit_id);
    j["sector"] = ToString(p.sector);
    j["station_id"] = p.station_id;
  }
  void operator()(const Referral& p) const {
    j["person_id"] = p.person_id;
    j["district"] = ToString(p.district);
    j["statute"] = ToString(p.statute);
  }
  void operator()(const ProsecutionDecision& p) const {
    j["person_id"] = p.person_id;
    j["district"] = ToString(p.district);
    j["prosecute"] = p.prosecute;
    if (p.declination_reason) j["declination_reason"] = ToString(*p.declination_reason);
  }
  void operator()(const Hearing& p) const {
    j["person_id"] = p.person_id;
    j["district"] = ToString(p.district);
    j["court_id"] = p.court_id;
    j["case_number"] = p.case_number;
    j["defendants"] = p.defendants;
  }
  void operator()(const Sentence& p) const {
    j["person_id"] = p.person_id;
    j["case_number"] = p.case_number;
    j["disposition"] = ToString(p.disposition);
    j["custody_days"] = p.custody_days;
  }
  void operator()(const CustodyTransfer& p) const {
    j["person_id"] = p.person_id;
    if (p.releasing) j["releasing"] = CustodyToJson(*p.releasing);
    if (p.receiving) j["receiving"] = CustodyToJson(*p.receiving);
    if (!p.official.empty()) j["official"] = p.official;
  }
  void operator()(const Separation& p) const {
    j["child_id"] = p.child_id;
    j["parent_id"] = p.parent_id;
    PutOptional(j, "family_unit_id", p.family_unit_id);
    j["reason"] = ToString(p.reason);
  }
  void operator()(const OrrReferral& p) const {
    j["child_id"] = p.child_id;
    j["referring_agency"] = ToString(p.referring_agency);
    j["separated"] = p.separated;
    PutOptional(j, "parent_id", p.parent_id);
  }
  void operator()(const OrrPlacement& p) const {
    j["child_id"] = p.child_id;
    j["facility_id"] = p.facility_id;
  }
  void operator()(const OrrRelease& p) const {
    j["child_id"] = p.child_id;
    j["sponsor"] = ToString(p.sponsor);
    PutOptional(j, "sponsor_id", p.sponsor_id);
  }
  void operator()(const Removal& p) const {
    j["person_id"] = p.person_id;
    j["country"] = p.country;
    j["accompanying_children"] = p.accompanying_children;
  }
  void operator()(const Contact& p) const {
    j["parent_id"] = p.parent_id;
    j["child_id"] = p.child_id;
    j["channel"] = ToString(p.channel);
  }
  void operator()(const Reunification& p) const {
    j["parent_id"] = p.parent_id;
    j["child_id"] = p.child_id;
    if (!p.facility_id.empty()) j["facility_id"] = p.facility_id;
  }
  void operator()(const Relationship& p) const {
    j["parent_id"] = p.association.parent_id;
    j["child_id"] = p.association.child_id;
    j["kind"] = ToString(p.association.kind);
  }
  void operator()(const Correction& p) const {
    j["supersedes_event_id"] = p.supersedes_event_id;
    j["reason"] = p.reason;
    if (p.replacement) j["replacement"] = EventToJson(*p.replacement);
  }
};

Result<EventPayload> PayloadFromJson(EventType type, const json& j, const JsonReader& r) {
  switch (type) {
    case EventType::kApprehension: {
      Apprehension p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.family_unit_id, r.OptionalString("family_unit_id"));
      KINLINK_ASSIGN_OR_RETURN(p.sector, r.Enum("sector", ParseSector));
      KINLINK_ASSIGN_OR_RETURN(p.station_id, r.String("station_id"));
      return EventPayload(p);
    }
    case EventType::kReferral: {
      Referral p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.district, r.Enum("district", ParseDistrict));
      KINLINK_ASSIGN_OR_RETURN(p.statute, r.Enum("statute", ParseStatute));
      return EventPayload(p);
    }
    case EventType::kProsecutionDecision: {
      ProsecutionDecision p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.district, r.Enum("district", ParseDistrict));
      KINLINK_ASSIGN_OR_RETURN(p.prosecute, r.Bool("prosecute"));
      if (r.HasValue("declination_reason")) {
        KINLINK_ASSIGN_OR_RETURN(p.declination_reason,
                                 r.Enum("declination_reason", ParseDeclinationReason));
      }
      if (p.prosecute == p.declination_reason.has_value()) {
        return r.FieldError("declination_reason",
                            "must be given exactly when the case is declined");
      }
      return EventPayload(p);
    }
    case EventType::kHearing: {
      Hearing p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.district, r.Enum("district", ParseDistrict));
      KINLINK_ASSIGN_OR_RETURN(p.court_id, r.String("court_id"));
      KINLINK_ASSIGN_OR_RETURN(p.case_number, r.String("case_number"));
      KINLINK_ASSIGN_OR_RETURN(int64_t defendants, r.Int("defendants"));
      if (defendants < 1) return r.FieldError("defendants", "must be at least 1");
      p.defendants = static_cast<int>(defendants);
      return EventPayload(p);
    }
    case EventType::kSentence: {
      Sentence p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.case_number, r.String("case_number"));
      KINLINK_ASSIGN_OR_RETURN(p.disposition, r.Enum("disposition", ParseDisposition));
      KINLINK_ASSIGN_OR_RETURN(int64_t days, r.Int("custody_days"));
      if (days < 0) return r.FieldError("custody_days", "must not be negative");
      p.custody_days = static_cast<int>(days);
      return EventPayload(p);
    }
    case EventType::kCustodyTransfer: {
      CustodyTransfer p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.releasing, OptionalCustody(r, "releasing"));
      KINLINK_ASSIGN_OR_RETURN(p.receiving, OptionalCustody(r, "receiving"));
      if (!p.releasing && !p.receiving) {
        return r.FieldError("receiving", "a transfer needs a releasing or a receiving custodian");
      }
      KINLINK_ASSIGN_OR_RETURN(auto official, r.OptionalString("official"));
      p.official = official.value_or("");
      return EventPayload(p);
    }
    case EventType::kSeparation: {
      Separation p;
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(p.parent_id, r.String("parent_id"));
      KINLINK_ASSIGN_OR_RETURN(p.family_unit_id, r.OptionalString("family_unit_id"));
      KINLINK_ASSIGN_OR_RETURN(p.reason, r.Enum("reason", ParseSeparationReason));
      return EventPayload(p);
    }
    case EventType::kOrrReferral: {
      OrrReferral p;
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(p.referring_agency, r.Enum("referring_agency", ParseAgency));
      KINLINK_ASSIGN_OR_RETURN(p.separated, r.Bool("separated"));
      KINLINK_ASSIGN_OR_RETURN(p.parent_id, r.OptionalString("parent_id"));
      return EventPayload(p);
    }
    case EventType::kOrrPlacement: {
      OrrPlacement p;
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(p.facility_id, r.String("facility_id"));
      return EventPayload(p);
    }
    case EventType::kOrrRelease: {
      OrrRelease p;
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(p.sponsor, r.Enum("sponsor", ParseSponsorCategory));
      KINLINK_ASSIGN_OR_RETURN(p.sponsor_id, r.OptionalString("sponsor_id"));
      return EventPayload(p);
    }
    case EventType::kRemoval: {
      Removal p;
      KINLINK_ASSIGN_OR_RETURN(p.person_id, r.String("person_id"));
      KINLINK_ASSIGN_OR_RETURN(p.country, r.String("country"));
      if (auto valid = ValidateCountryCode(p.country); !valid.ok()) {
        return r.FieldError("country", valid.message());
      }
      KINLINK_ASSIGN_OR_RETURN(p.accompanying_children, StringList(r, j, "accompanying_children"));
      return EventPayload(p);
    }
    case EventType::kContact: {
      Contact p;
      KINLINK_ASSIGN_OR_RETURN(p.parent_id, r.String("parent_id"));
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(p.channel, r.Enum("channel", ParseContactChannel));
      return EventPayload(p);
    }
    case EventType::kReunification: {
      Reunification p;
      KINLINK_ASSIGN_OR_RETURN(p.parent_id, r.String("parent_id"));
      KINLINK_ASSIGN_OR_RETURN(p.child_id, r.String("child_id"));
      KINLINK_ASSIGN_OR_RETURN(auto facility, r.OptionalString("facility_id"));
      p.facility_id = facility.value_or("");
      return EventPayload(p);
    }
    case EventType::kRelationship: {
      KINLINK_ASSIGN_OR_RETURN(ParentChildAssociation association, AssociationFromJson(j));
      return EventPayload(Relationship{association});
    }
    case EventType::kCorrection: {
      Correction p;
      KINLINK_ASSIGN_OR_RETURN(p.supersedes_event_id, r.String("supersedes_event_id"));
      KINLINK_ASSIGN_OR_RETURN(p.reason, r.String("reason"));
      if (r.HasValue("replacement")) {
        KINLINK_ASSIGN_OR_RETURN(const json* child, r.Child("replacement"));
        auto replacement = EventFromJson(*child);
        if (!replacement.ok()) return r.FieldError("replacement", replacement.status().message());
        if (replacement->type() == EventType::kCorrection) {
          return r.FieldError("replacement", "a correction cannot be replaced by a correction");
        }
        p.replacement = std::make_shared<const Event>(std::move(*replacement));
      }
      return EventPayload(p);
    }
  }
  return InvalidArgumentError("unknown event type");
}

}  // namespace

json EventToJson(const Event& event) {
  json j = json::object();
  j["event_id"] = event.event_id;
  j["type"] = ToString(event.type());
  j["effective_at"] = FormatTimestamp(event.effective_at);
  if (event.recorded_at) j["recorded_at"] = FormatTimestamp(*event.recorded_at);
  if (event.source) {
    json source = {{"agency", ToString(event.source->agency)}, {"system", event.source->system}};
    if (!event.source->file.empty()) source["file"] = event.source->file;
    source["record_id"] = event.source->record_id;
    j["source"] = std::move(source);
  }
  if (!event.actor.empty()) j["actor"] = event.actor;
  std::visit(PayloadWriter{j}, event.payload);
  return j;
}

Result<Event> EventFromJson(const json& j) {
  JsonReader r(j, "event");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  Event event;
  KINLINK_ASSIGN_OR_RETURN(event.event_id, r.String("event_id"));
  if (event.event_id.empty()) return r.FieldError("event_id", "must not be empty");
  KINLINK_ASSIGN_OR_RETURN(EventType type, r.Enum("type", ParseEventType));
  KINLINK_ASSIGN_OR_RETURN(event.effective_at, r.Time("effective_at"));
  KINLINK_ASSIGN_OR_RETURN(event.recorded_at, r.OptionalTime("recorded_at"));
  if (r.HasValue("source")) {
    KINLINK_ASSIGN_OR_RETURN(const json* source_json, r.Child("source"));
    JsonReader s(*source_json, "event source");
    KINLINK_RETURN_IF_ERROR(s.ExpectObject());
    EventSource source;
    KINLINK_ASSIGN_OR_RETURN(source.agency, s.Enum("agency", ParseAgency));
    KINLINK_ASSIGN_OR_RETURN(source.system, s.String("system"));
    KINLINK_ASSIGN_OR_RETURN(auto file, s.OptionalString("file"));
    source.file = file.value_or("");
    KINLINK_ASSIGN_OR_RETURN(source.record_id, s.String("record_id"));
    event.source = std::move(source);
  }
  KINLINK_ASSIGN_OR_RETURN(auto actor, r.OptionalString("actor"));
  event.actor = actor.value_or("");
  KINLINK_ASSIGN_OR_RETURN(event.payload, PayloadFromJson(type, j, r));
  return event;
}

json PersonToJson(const Person& person) {
  json j = json::object();
  j["person_id"] = person.person_id;
  if (person.a_number) j["a_number"] = person.a_number->ToString();
  if (!person.identifiers.empty()) {
    json ids = json::array();
    for (const auto& id : person.identifiers) {
      ids.push_back({{"kind", ToString(id.kind)}, {"value", id.value}});
    }
    j["identifiers"] = std::move(ids);
  }
  if (!person.name.given_names.empty()) j["given_names"] = person.name.given_names;
  if (!person.name.paternal_surname.empty()) j["paternal_surname"] = person.name.paternal_surname;
  if (!person.name.maternal_surname.empty()) j["maternal_surname"] = person.name.maternal_surname;
  if (!person.name.aliases.empty()) j["aliases"] = person.name.aliases;
  j["sex"] = ToString(person.sex);
  if (person.birth_date) j["birth_date"] = person.birth_date->ToString();
  if (!person.citizenship.empty()) j["citizenship"] = person.citizenship;
  if (!person.language.empty()) j["language"] = person.language;
  return j;
}

Result<Person> PersonFromJson(const json& j) {
  JsonReader r(j, "person");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  Person person;
  KINLINK_ASSIGN_OR_RETURN(person.person_id, r.String("person_id"));
  if (r.HasValue("a_number")) {
    KINLINK_ASSIGN_OR_RETURN(ANumber a_number, r.Enum("a_number", ANumber::Parse));
    person.a_number = a_number;
  }
  if (r.HasValue("identifiers")) {
    const json& ids = j.at("identifiers");
    if (!ids.is_array()) return r.FieldError("identifiers", "must be a list");
    for (const auto& item : ids) {
      JsonReader id_reader(item, "identifier");
      KINLINK_RETURN_IF_ERROR(id_reader.ExpectObject());
      AgencyIdentifier id;
      KINLINK_ASSIGN_OR_RETURN(id.kind, id_reader.Enum("kind", ParseIdentifierKind));
      KINLINK_ASSIGN_OR_RETURN(id.value, id_reader.String("value"));
      person.identifiers.push_back(std::move(id));
    }
  }
  KINLINK_ASSIGN_OR_RETURN(person.name.given_names, StringList(r, j, "given_names"));
  KINLINK_ASSIGN_OR_RETURN(auto paternal, r.OptionalString("paternal_surname"));
  person.name.paternal_surname = paternal.value_or("");
  KINLINK_ASSIGN_OR_RETURN(auto maternal, r.OptionalString("maternal_surname"));
  person.name.maternal_surname = maternal.value_or("");
  KINLINK_ASSIGN_OR_RETURN(person.name.aliases, StringList(r, j, "aliases"));
  if (r.HasValue("sex")) {
    KINLINK_ASSIGN_OR_RETURN(person.sex, r.Enum("sex", ParseSex));
  }
  if (r.HasValue("birth_date")) {
    KINLINK_ASSIGN_OR_RETURN(DateReading reading, r.Enum("birth_date", [](std::string_view text) {
      return ParseAgencyDate(text, DayMonthOrder::kUnknown);
    }));
    auto date = reading.Unambiguous(j.at("birth_date").get<std::string>());
    if (!date.ok()) return r.FieldError("birth_date", date.status().message());
    person.birth_date = *date;
  }
  KINLINK_ASSIGN_OR_RETURN(auto citizenship, r.OptionalString("citizenship"));
  person.citizenship = citizenship.value_or("");
  if (!person.citizenship.empty()) {
    if (auto valid = ValidateCountryCode(person.citizenship); !valid.ok()) {
      return r.FieldError("citizenship", valid.message());
    }
  }
  KINLINK_ASSIGN_OR_RETURN(auto language, r.OptionalString("language"));
  person.language = language.value_or("");
  return person;
}

json FamilyUnitToJson(const FamilyUnit& family) {
  return {{"family_unit_id", family.family_unit_id}, {"members", family.members}};
}

Result<FamilyUnit> FamilyUnitFromJson(const json& j) {
  JsonReader r(j, "family unit");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  FamilyUnit family;
  KINLINK_ASSIGN_OR_RETURN(family.family_unit_id, r.String("family_unit_id"));
  KINLINK_ASSIGN_OR_RETURN(family.members, StringList(r, j, "members"));
  return family;
}

json AssociationToJson(const ParentChildAssociation& a) {
  return {{"parent_id", a.parent_id}, {"child_id", a.child_id}, {"kind", ToString(a.kind)}};
}

Result<ParentChildAssociation> AssociationFromJson(const json& j) {
  JsonReader r(j, "relationship");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  ParentChildAssociation a;
  KINLINK_ASSIGN_OR_RETURN(a.parent_id, r.String("parent_id"));
  KINLINK_ASSIGN_OR_RETURN(a.child_id, r.String("child_id"));
  KINLINK_ASSIGN_OR_RETURN(a.kind, r.Enum("kind", ParseRelationshipKind));
  return a;
}

json FacilityToJson(const Facility& f) {
  json j = {{"facility_id", f.facility_id}, {"name", f.name}, {"kind", ToString(f.kind)}};
  if (f.sector) j["sector"] = ToString(*f.sector);
  if (f.district) j["district"] = ToString(*f.district);
  if (f.capacity) j["capacity"] = *f.capacity;
  return j;
}

Result<Facility> FacilityFromJson(const json& j) {
  JsonReader r(j, "facility");
  KINLINK_RETURN_IF_ERROR(r.ExpectObject());
  Facility f;
  KINLINK_ASSIGN_OR_RETURN(f.facility_id, r.String("facility_id"));
  KINLINK_ASSIGN_OR_RETURN(f.name, r.String("name"));
  KINLINK_ASSIGN_OR_RETURN(f.kind, r.Enum("kind", ParseFacilityKind));
  if (r.HasValue("sector")) {
    KINLINK_ASSIGN_OR_RETURN(f.sector, r.Enum("sector", ParseSector));
  }
  if (r.HasValue("district")) {
    KINLINK_ASSIGN_OR_RETURN(f.district, r.Enum("district", ParseDistrict));
  }
  KINLINK_ASSIGN_OR_RETURN(auto capacity, r.OptionalInt("capacity"));
  if (capacity) f.capacity = static_cast<int>(*capacity);
  return f;
}

}  // namespace kinlink
