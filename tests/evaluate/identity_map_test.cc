#include "evaluate/identity_map.h"

#include <gtest/gtest.h>

#include <sstream>

#include "truth_fixture.h"

namespace kinlink::evaluate {
namespace {

using testing::TruthBuilder;

TEST(IdentityMapTest, MajorityOfRecordsDecidesAndMixedIdentitiesAreCounted) {
  AnswerKey key;
  key.Add({"cbp", "R1", "P1", {}, {}, 0});
  key.Add({"cbp", "R2", "P1", {}, {}, 0});
  key.Add({"cbp", "R3", "P2", {}, {}, 0});
  key.Add({"orr", "R4", "P2", {}, {}, 0});
  std::vector<RecordOfIdentity> rows = {{"cbp", "R1", "cbp:S1"},
                                        {"cbp", "R2", "cbp:S1"},
                                        {"cbp", "R3", "cbp:S1"},
                                        {"orr", "R4", "orr:U1"},
                                        {"orr", "R5", "orr:U9"}};  // not in the key
  IdentityMap map = IdentityMap::Build(rows, key, nullptr);
  ASSERT_NE(map.TruthOf("cbp:S1"), nullptr);
  EXPECT_EQ(*map.TruthOf("cbp:S1"), "P1");
  EXPECT_EQ(*map.TruthOf("orr:U1"), "P2");
  EXPECT_EQ(map.TruthOf("orr:U9"), nullptr);
  EXPECT_EQ(map.mixed_identities(), 1);
  EXPECT_EQ(map.records_not_in_key(), 1);
  EXPECT_EQ(map.identities(), 2);
  // P2's records: one under cbp:S1, one under orr:U1.
  EXPECT_EQ(map.IdentitiesOf("P2"), (std::vector<std::string>{"cbp:S1", "orr:U1"}));
  EXPECT_EQ(map.Representative("P1"), "cbp:S1");
  EXPECT_EQ(map.Representative("P7"), "");
}

TEST(IdentityMapTest, RepresentativeHoldsMostRecordsThenTheLatest) {
  TruthBuilder b;
  b.Person("P1", "2010-01-01");
  b.Enter("2018-05-10T08:00:00Z", "P1", Agency::kCbp, "cbp-station");                 // E1
  b.Move("2018-05-12T08:00:00Z", "P1", Agency::kCbp, Agency::kOrr, "orr-shelter-1");  // E2
  b.Leave("2018-06-12T08:00:00Z", "P1", Agency::kOrr);                                // E3
  AnswerKey key;
  key.Add({"cbp", "R1", "P1", {"E1"}, {}, 0});
  key.Add({"orr", "R2", "P1", {"E2", "E3"}, {}, 0});
  std::vector<RecordOfIdentity> tie = {{"cbp", "R1", "cbp:S1"}, {"orr", "R2", "orr:U1"}};
  const IdentityMap tied = IdentityMap::Build(tie, key, &b.model());
  EXPECT_EQ(tied.Representative("P1"), "orr:U1");
  // Before the ORR record began, a caseworker would have found the CBP identity.
  EXPECT_EQ(tied.Representative("P1", testing::At("2018-05-11T00:00:00Z")), "cbp:S1");
  EXPECT_EQ(tied.Representative("P1", testing::At("2018-05-12T08:00:00Z")), "orr:U1");
  key.Add({"cbp", "R3", "P1", {"E1"}, {}, 0});
  tie.push_back({"cbp", "R3", "cbp:S1"});
  EXPECT_EQ(IdentityMap::Build(tie, key, &b.model()).Representative("P1"), "cbp:S1");
}

TEST(AnswerKeyTest, ReadsRecordsAndRevisionsAndNamesABadLine) {
  std::istringstream in(
      R"({"kind":"header","format":"kinlink-synth-key","version":1})"
      "\n"
      R"({"kind":"record","agency":"cbp","file":"cbp.csv","record_id":"E3-1","person_id":"P2","family_unit_id":"F1","event_ids":["E1"],"duplicate_of":null,"late":false,"errors":[],"claimed_parent_id":null,"claim_true":null})"
      "\n"
      R"({"kind":"revision","agency":"cbp","record_id":"E3-1","person_id":"P2","event_ids":[],"errors":[{"kind":"family_unit_dropped_after_separation","field":"FAMILY_UNIT_ID"}]})"
      "\n"
      R"({"kind":"relationship","parent_id":"P1","child_id":"P2","relationship":"biological"})"
      "\n");
  auto key = AnswerKey::Read(in, "answer_key.jsonl");
  ASSERT_TRUE(key.ok()) << key.status().message();
  const KeyedRecord* r = key->Find("cbp", "E3-1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->person_id, "P2");
  EXPECT_EQ(r->revisions, 1);
  EXPECT_EQ(r->errors, std::vector<std::string>{"family_unit_dropped_after_separation"});

  std::istringstream bad(R"({"kind":"header"})"
                         "\n"
                         R"({"kind":"record","agency":"cbp","record_id":"E3-1"})"
                         "\n");
  auto refused = AnswerKey::Read(bad, "answer_key.jsonl");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("answer_key.jsonl:2"), std::string::npos);
  EXPECT_NE(refused.status().message().find("person_id"), std::string::npos);
}

}  // namespace
}  // namespace kinlink::evaluate
