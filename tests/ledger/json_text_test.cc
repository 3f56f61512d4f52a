// The ingest path's direct JSON writer must give exactly the core codec's text: the stored payload
// is hashed into the chain and parsed back by every query.
#include "ledger/internal/json_text.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/json_codec.h"

namespace kinlink::ledger {
namespace {

Timestamp At(std::string_view text) { return ParseTimestamp(text).value(); }

Event Base(std::string id, EventPayload payload, bool full) {
  Event e;
  e.event_id = std::move(id);
  e.effective_at = At("2018-06-01T10:20:30Z");
  if (full) {
    e.recorded_at = At("2018-06-03T00:00:00Z");
    e.source = EventSource{Agency::kCbp, "e3", "cbp_apprehensions.csv", "E3-1"};
    e.actor = "agent 7";
  }
  e.payload = std::move(payload);
  return e;
}

// Every event type, each with its optional fields set (full) and left out (!full).
std::vector<Event> AllKinds(bool full) {
  std::vector<Event> events;
  Apprehension apprehension{"cbp:S1", std::nullopt, Sector::kElPaso, "EPT-1"};
  if (full) apprehension.family_unit_id = "FU-9";
  events.push_back(Base("a", apprehension, full));
  events.push_back(
      Base("b", Referral{"cbp:S1", District::kWdTex, Statute::kIllegalReentry1326}, full));
  ProsecutionDecision decision{"cbp:S1", District::kDNm, !full, std::nullopt};
  if (full) decision.declination_reason = DeclinationReason::kChildAge;
  events.push_back(Base("c", decision, full));
  events.push_back(Base("d", Hearing{"cbp:S1", District::kSdCal, "court-1", "18-mj-1", 42}, full));
  events.push_back(Base("e", Sentence{"cbp:S1", "18-mj-1", Disposition::kCustodyDays, 30}, full));
  CustodyTransfer transfer{"cbp:S1", std::nullopt, Custody{Agency::kIce, "PIDC"}, ""};
  if (full) {
    transfer.releasing = Custody{Agency::kUsms, ""};
    transfer.official = "Officer \"Q\" \\ O'Neil";
  }
  events.push_back(Base("f", transfer, full));
  Separation separation{"cbp:C1", "cbp:S1", std::nullopt, SeparationReason::kParentMedical};
  if (full) separation.family_unit_id = "FU-9";
  events.push_back(Base("g", separation, full));
  OrrReferral referral{"cbp:C1", Agency::kCbp, full, std::nullopt};
  if (full) referral.parent_id = "cbp:S1";
  events.push_back(Base("h", referral, full));
  events.push_back(Base("i", OrrPlacement{"cbp:C1", "ORR-AZ-3"}, full));
  OrrRelease release{"cbp:C1", SponsorCategory::kDistantRelative, std::nullopt};
  if (full) release.sponsor_id = "SP-1";
  events.push_back(Base("j", release, full));
  Removal removal{"ice:A1", "GTM", {}};
  if (full) removal.accompanying_children = {"cbp:C1", "cbp:C2"};
  events.push_back(Base("k", removal, full));
  events.push_back(Base("l", Contact{"cbp:S1", "cbp:C1", ContactChannel::kInPerson}, full));
  events.push_back(Base("m", Reunification{"cbp:S1", "cbp:C1", full ? "ORR-AZ-3" : ""}, full));
  events.push_back(
      Base("n", Relationship{{"cbp:S1", "cbp:C1", RelationshipKind::kClaimedUnverified}}, full));
  Correction correction{"a", "the source record was revised", nullptr};
  if (full) {
    auto replacement = std::make_shared<Event>(events.front());
    replacement->event_id = "a~1/replacement";
    correction.replacement = replacement;
  }
  events.push_back(Base("o", correction, full));
  return events;
}

TEST(JsonTextTest, EveryEventTypeMatchesTheCoreCodec) {
  for (bool full : {false, true}) {
    std::vector<Event> events = AllKinds(full);
    ASSERT_EQ(events.size(), AllEventTypes().size());
    for (const Event& event : events) {
      EXPECT_EQ(detail::EventJsonText(event), EventToJson(event).dump())
          << ToString(event.type()) << (full ? " (full)" : " (minimal)");
    }
  }
}

TEST(JsonTextTest, StringsAreEscapedAsTheCodecEscapesThem) {
  Event event = AllKinds(true).front();
  std::string tricky = "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f";
  tricky += std::string("nul ") + '\0' + " unit \x1f del \x7f";
  tricky += " Mart\xc3\xadnez \xe2\x82\xac \xf0\x9f\x98\x80";  // í € 😀
  event.actor = tricky;
  std::get<Apprehension>(event.payload).station_id = tricky;
  EXPECT_EQ(detail::EventJsonText(event), EventToJson(event).dump());
}

TEST(JsonTextTest, InvalidUtf8FallsBackToTheCodecAndItsError) {
  Event event = AllKinds(false).front();
  event.actor = "bad \xc3( byte";
  EXPECT_THROW(detail::EventJsonText(event), nlohmann::json::exception);
  std::string out;
  EXPECT_FALSE(detail::AppendJsonString(out, "\xed\xa0\x80"));  // a surrogate
  EXPECT_TRUE(out.empty());
}

TEST(JsonTextTest, TimestampsMatchFormatTimestamp) {
  for (int64_t seconds : {int64_t{0}, int64_t{-1}, int64_t{59}, int64_t{86399}, int64_t{951782400},
                          int64_t{1527848430}, int64_t{-62135596800}, int64_t{253402300799},
                          int64_t{-2208988800}, int64_t{4102444799}}) {
    Timestamp at{std::chrono::seconds(seconds)};
    EXPECT_EQ(detail::TimestampText(at), FormatTimestamp(at)) << seconds;
  }
  for (int64_t seconds = -100'000'000; seconds < 2'000'000'000; seconds += 9'876'543) {
    Timestamp at{std::chrono::seconds(seconds)};
    ASSERT_EQ(detail::TimestampText(at), FormatTimestamp(at)) << seconds;
  }
}

TEST(JsonTextTest, PersonsMatchTheCoreCodec) {
  Person minimal;
  minimal.person_id = "cbp:S1";
  EXPECT_EQ(detail::PersonJsonText(minimal), PersonToJson(minimal).dump());

  Person full = minimal;
  full.a_number = ANumber::Parse("A200000001").value();
  full.identifiers = {{IdentifierKind::kCbpSubjectId, "S1"}, {IdentifierKind::kOther, "x\"y"}};
  full.name.given_names = {"José", "María"};
  full.name.paternal_surname = "Caliz";
  full.name.maternal_surname = "Martínez López";
  full.name.aliases = {"Pepe"};
  full.sex = Sex::kFemale;
  full.birth_date = PartialDate::Make(2011, 3).value();
  full.citizenship = "HND";
  full.language = "es";
  EXPECT_EQ(detail::PersonJsonText(full), PersonToJson(full).dump());
}

}  // namespace
}  // namespace kinlink::ledger
