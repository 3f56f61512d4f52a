// TruthBuilder: builds small truth streams in code for the synthesizer's tests, with the core
// types and the core JSON codec (the simulator's own writer is not needed).
//
//   TruthBuilder truth;
//   truth.AddPerson(MakePerson("P1", Sex::kMale, "1985-01-02", "GTM"));
//   truth.AddEvent(Apprehend("E1", "2018-05-10T03:00:00Z", "P1", std::nullopt));
//   std::istringstream in(truth.Finish());
#ifndef KINLINK_TESTS_SYNTH_TRUTH_BUILDER_H_
#define KINLINK_TESTS_SYNTH_TRUTH_BUILDER_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/json_codec.h"

namespace kinlink::synth::testing {

class TruthBuilder {
 public:
  TruthBuilder() {
    Line({{"record", "header"},
          {"format", "kinlink-truth"},
          {"version", 1},
          {"scenario", "unit-test"},
          {"seed", 5},
          {"replication", 0},
          {"start", "2018-05-01T00:00:00Z"},
          {"end", "2018-12-31T00:00:00Z"}});
  }
  void AddFacility(const Facility& f) { Line(With(FacilityToJson(f), "facility")); }
  void AddPerson(const Person& p) {
    Line(With(PersonToJson(p), "person"));
    ++persons_;
  }
  void AddFamily(const FamilyUnit& f) {
    Line(With(FamilyUnitToJson(f), "family_unit"));
    ++families_;
  }
  void AddRelationship(const ParentChildAssociation& a) {
    Line(With(AssociationToJson(a), "relationship"));
  }
  void AddEvent(const Event& e) {
    Line(With(EventToJson(e), "event"));
    ++events_;
  }
  void AddRawLine(const std::string& line) { text_ += line + "\n"; }
  std::string Finish() {
    Line({{"record", "footer"},
          {"persons", persons_},
          {"families", families_},
          {"events", events_}});
    return text_;
  }

 private:
  static nlohmann::json With(nlohmann::json j, const char* record) {
    j["record"] = record;
    return j;
  }
  void Line(const nlohmann::json& j) { text_ += j.dump() + "\n"; }
  std::string text_;
  int persons_ = 0, families_ = 0, events_ = 0;
};

inline Person MakePerson(std::string id, Sex sex, std::string birth, std::string citizenship,
                         std::string language = "spa") {
  Person p;
  p.person_id = std::move(id);
  p.sex = sex;
  p.birth_date = PartialDate::FromIso(birth).value();
  p.citizenship = std::move(citizenship);
  p.language = std::move(language);
  return p;
}

inline Timestamp At(const std::string& text) { return ParseTimestamp(text).value(); }

inline Event MakeEvent(std::string id, const std::string& time, EventPayload payload) {
  Event e;
  e.event_id = std::move(id);
  e.effective_at = At(time);
  e.payload = std::move(payload);
  return e;
}

inline Event Apprehend(std::string id, const std::string& time, std::string person,
                       std::optional<std::string> family,
                       Sector sector = Sector::kRioGrandeValley) {
  return MakeEvent(std::move(id), time,
                   Apprehension{std::move(person), std::move(family), sector, "station-1"});
}

}  // namespace kinlink::synth::testing

#endif  // KINLINK_TESTS_SYNTH_TRUTH_BUILDER_H_
