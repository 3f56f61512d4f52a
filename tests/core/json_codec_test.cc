#include "core/json_codec.h"

#include <gtest/gtest.h>

namespace kinlink {
namespace {

Timestamp At(const char* text) { return *ParseTimestamp(text); }

// One event of every type in the vocabulary, with optional fields both set and unset.
std::vector<Event> EveryEventType() {
  std::vector<Event> events;
  auto add = [&](EventPayload payload) {
    Event e;
    e.event_id = "e-" + std::to_string(events.size() + 1);
    e.effective_at = At("2018-05-06T10:00:00Z");
    e.payload = std::move(payload);
    events.push_back(std::move(e));
  };
  add(Apprehension{"p-1", "fu-9", Sector::kYuma, "yum-station-1"});
  add(Apprehension{"p-3", std::nullopt, Sector::kElPaso, "elp-station-2"});
  add(Referral{"p-1", District::kDAriz, Statute::kIllegalEntry1325});
  add(ProsecutionDecision{"p-1", District::kDAriz, true, std::nullopt});
  add(ProsecutionDecision{"p-3", District::kWdTex, false, DeclinationReason::kChildAge});
  add(Hearing{"p-1", District::kDAriz, "court-yuma", "18-MJ-01234", 62});
  add(Sentence{"p-1", "18-MJ-01234", Disposition::kCustodyDays, 10});
  add(CustodyTransfer{"p-1", Custody{Agency::kCbp, "yum-station-1"},
                      Custody{Agency::kUsms, "usms-yuma-jail"}, "Officer Ruiz"});
  add(CustodyTransfer{"p-2", std::nullopt, Custody{Agency::kCbp, "yum-station-1"}, ""});
  add(CustodyTransfer{"p-2", Custody{Agency::kOrr, "orr-shelter-3"}, std::nullopt, ""});
  add(Separation{"p-2", "p-1", "fu-9", SeparationReason::kParentProsecution});
  add(OrrReferral{"p-2", Agency::kCbp, true, "p-1"});
  add(OrrPlacement{"p-2", "orr-shelter-3"});
  add(OrrRelease{"p-2", SponsorCategory::kParent, "p-1"});
  add(Removal{"p-1", "GTM", {}});
  add(Removal{"p-4", "HND", {"p-5", "p-6"}});
  add(Contact{"p-1", "p-2", ContactChannel::kPhone});
  add(Reunification{"p-1", "p-2", "ice-dilley"});
  add(Relationship{{"p-1", "p-2", RelationshipKind::kClaimedUnverified}});
  Event replacement = events[0];
  replacement.event_id = "e-1b";
  std::get<Apprehension>(replacement.payload).sector = Sector::kTucson;
  add(Correction{"e-1", "wrong sector", std::make_shared<const Event>(replacement)});
  add(Correction{"e-2", "entered twice", nullptr});

  events[0].recorded_at = At("2018-05-07T08:00:00Z");
  events[0].source = EventSource{Agency::kCbp, "e3", "cbp.csv", "SUBJ-1"};
  events[0].actor = "agent 4471";
  return events;
}

TEST(EventJsonTest, EveryTypeRoundTrips) {
  auto events = EveryEventType();
  std::set<EventType> covered;
  for (const Event& event : events) {
    nlohmann::json j = EventToJson(event);
    EXPECT_EQ(j["type"], ToString(event.type()));
    // Through text, as files and the database carry it.
    auto back = EventFromJson(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << j.dump() << ": " << back.status().ToString();
    EXPECT_EQ(*back, event) << j.dump();
    covered.insert(event.type());
  }
  EXPECT_EQ(covered.size(), AllEventTypes().size()) << "a type of the vocabulary is not tested";
}

TEST(EventJsonTest, TypeCodesRoundTrip) {
  for (EventType type : AllEventTypes()) {
    auto parsed = ParseEventType(ToString(type));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, type);
  }
}

TEST(EventJsonTest, ErrorsNameTheField) {
  auto bad_sector = EventFromJson(nlohmann::json::parse(
      R"({"event_id":"e","type":"apprehension","effective_at":"2018-05-06T00:00:00Z",)"
      R"("person_id":"p","sector":"rgv","station_id":"s"})"));
  ASSERT_FALSE(bad_sector.ok());
  EXPECT_NE(bad_sector.status().message().find("'sector'"), std::string::npos)
      << bad_sector.status().message();

  auto missing = EventFromJson(nlohmann::json::parse(
      R"({"event_id":"e","type":"separation","effective_at":"2018-05-06T00:00:00Z","child_id":"c"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("'parent_id'"), std::string::npos);

  auto bad_time = EventFromJson(nlohmann::json::parse(
      R"({"event_id":"e","type":"contact","effective_at":"06/05/2018","parent_id":"a",)"
      R"("child_id":"b","channel":"phone"})"));
  ASSERT_FALSE(bad_time.ok());
  EXPECT_NE(bad_time.status().message().find("'effective_at'"), std::string::npos);

  auto declined_without_reason = EventFromJson(nlohmann::json::parse(
      R"({"event_id":"e","type":"prosecution_decision","effective_at":"2018-05-06",)"
      R"("person_id":"p","district":"sd_tex","prosecute":false})"));
  EXPECT_FALSE(declined_without_reason.ok());

  EXPECT_FALSE(EventFromJson(nlohmann::json::array()).ok());
}

TEST(EventJsonTest, SubjectsListPrincipalFirst) {
  auto events = EveryEventType();
  Event separation;
  for (const auto& e : events) {
    if (e.type() == EventType::kSeparation) separation = e;
  }
  EXPECT_EQ(separation.Subjects(), (std::vector<PersonId>{"p-2", "p-1"}));
}

TEST(PersonJsonTest, RoundTrip) {
  Person person;
  person.person_id = "p-1";
  person.a_number = *ANumber::Parse("A12345678");
  person.identifiers = {{IdentifierKind::kCbpSubjectId, "SUBJ-1"},
                        {IdentifierKind::kUsmsNumber, "12345-298"}};
  person.name.given_names = {"María", "Guadalupe"};
  person.name.paternal_surname = "López";
  person.name.maternal_surname = "Hernández";
  person.name.aliases = {"Lupe López"};
  person.sex = Sex::kFemale;
  person.birth_date = *PartialDate::Make(1990, 4, 2);
  person.citizenship = "GTM";
  person.language = "mam";
  auto back = PersonFromJson(nlohmann::json::parse(PersonToJson(person).dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, person);
  EXPECT_EQ(person.name.FullName(), "María Guadalupe López Hernández");

  nlohmann::json bad = PersonToJson(person);
  bad["citizenship"] = "Guatemala";
  EXPECT_FALSE(PersonFromJson(bad).ok());
  bad = PersonToJson(person);
  bad["a_number"] = "A12";
  EXPECT_FALSE(PersonFromJson(bad).ok());
}

TEST(FamilyJsonTest, RoundTrip) {
  FamilyUnit family{"fu-9", {"p-1", "p-2"}};
  EXPECT_EQ(*FamilyUnitFromJson(FamilyUnitToJson(family)), family);
  ParentChildAssociation a{"p-1", "p-2", RelationshipKind::kBiological};
  EXPECT_EQ(*AssociationFromJson(AssociationToJson(a)), a);
  Facility f{"orr-1", "Casa Example", FacilityKind::kOrrShelter, std::nullopt, std::nullopt, 120};
  EXPECT_EQ(*FacilityFromJson(FacilityToJson(f)), f);
  EXPECT_EQ(f.agency(), Agency::kOrr);
}

TEST(AgencyTest, SectorsMapToDistrictsAsInPipeline) {
  EXPECT_EQ(DistrictsForSector(Sector::kElCentro)[0], District::kSdCal);
  EXPECT_EQ(DistrictsForSector(Sector::kTucson)[0], District::kDAriz);
  ASSERT_EQ(DistrictsForSector(Sector::kElPaso).size(), 2u);
  EXPECT_EQ(DistrictsForSector(Sector::kElPaso)[0], District::kDNm);
  EXPECT_EQ(DistrictsForSector(Sector::kElPaso)[1], District::kWdTex);
  EXPECT_EQ(DistrictsForSector(Sector::kDelRio)[0], District::kWdTex);
  EXPECT_EQ(DistrictsForSector(Sector::kRioGrandeValley)[0], District::kSdTex);
  for (Sector s : kAllSectors) EXPECT_EQ(*ParseSector(ToString(s)), s);
}

}  // namespace
}  // namespace kinlink
