#include "evaluate/truth_model.h"

#include <gtest/gtest.h>

#include <sstream>

#include "truth_fixture.h"

namespace kinlink::evaluate {
namespace {

using testing::At;
using testing::RemovedMotherStory;
using testing::TruthBuilder;

TEST(TruthModelTest, CustodyFollowsTransfersAndRemoval) {
  TruthBuilder b;
  RemovedMotherStory(b);
  const TruthModel& truth = b.model();

  auto son_in_cbp = truth.CustodyAt("P2", At("2018-05-12T00:00:00Z"));
  ASSERT_TRUE(son_in_cbp);
  EXPECT_EQ(son_in_cbp->agency, Agency::kCbp);
  EXPECT_EQ(son_in_cbp->agency_since, At("2018-05-10T08:00:00Z"));

  auto son_in_orr = truth.CustodyAt("P2", At("2018-06-26T00:00:00Z"));
  ASSERT_TRUE(son_in_orr);
  EXPECT_EQ(son_in_orr->agency, Agency::kOrr);
  EXPECT_EQ(son_in_orr->facility_id, "orr-shelter-1");

  auto mother = truth.CustodyAt("P1", At("2018-05-15T00:00:00Z"));
  ASSERT_TRUE(mother);
  EXPECT_EQ(mother->agency, Agency::kUsms);
  EXPECT_FALSE(truth.CustodyAt("P1", At("2018-06-26T00:00:00Z")));
  EXPECT_TRUE(truth.RemovedBy("P1", At("2018-06-26T00:00:00Z")));
  EXPECT_FALSE(truth.RemovedBy("P1", At("2018-06-01T00:00:00Z")));
  EXPECT_EQ(truth.PersonsInCustodyAt(At("2018-06-26T00:00:00Z")), std::vector<std::string>{"P2"});
  EXPECT_EQ(truth.PersonsInCustodyAt(At("2018-05-15T00:00:00Z")),
            (std::vector<std::string>{"P1", "P2"}));
  EXPECT_TRUE(truth.PersonsInCustodyAt(At("2018-05-01T00:00:00Z")).empty());
}

TEST(TruthModelTest, UnbrokenStayContinuesAcrossFacilities) {
  TruthBuilder b;
  b.Person("P1", "2010-01-01");
  b.Enter("2018-05-10T08:00:00Z", "P1", Agency::kCbp, "cbp-station");
  b.Move("2018-05-11T08:00:00Z", "P1", Agency::kCbp, Agency::kCbp, "cbp-ursula");
  auto c = b.model().CustodyAt("P1", At("2018-05-12T00:00:00Z"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->facility_id, "cbp-ursula");
  EXPECT_EQ(c->start, At("2018-05-11T08:00:00Z"));
  EXPECT_EQ(c->agency_since, At("2018-05-10T08:00:00Z"));
}

TEST(TruthModelTest, SeparationOpenUntilRemovalOfParentAloneDoesNotCloseIt) {
  TruthBuilder b;
  RemovedMotherStory(b);
  const TruthModel& truth = b.model();
  EXPECT_TRUE(truth.OpenSeparationsAt(At("2018-05-11T09:00:00Z")).empty());
  auto open = truth.OpenSeparationsAt(At("2018-06-26T00:00:00Z"));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]->child_id, "P2");
  EXPECT_EQ(open[0]->parent_id, "P1");
  EXPECT_TRUE(truth.FamilySeparatedAt("F1", At("2018-06-26T00:00:00Z")));
  EXPECT_FALSE(truth.FamilySeparatedAt("F1", At("2018-05-10T12:00:00Z")));
  EXPECT_EQ(truth.SeparationParentsOf("P2"), std::set<std::string>{"P1"});
  EXPECT_TRUE(truth.IsParentOf("P1", "P2"));
  EXPECT_FALSE(truth.IsParentOf("P2", "P1"));
}

TEST(TruthModelTest, SeparationClosesOnReunificationReleaseToParentOrRemovalTogether) {
  for (int ending = 0; ending < 3; ++ending) {
    TruthBuilder b;
    b.Person("P1", "1990-01-01");
    b.Person("P2", "2012-01-01");
    b.Family("F1", {"P1", "P2"});
    b.Enter("2018-05-10T08:00:00Z", "P2", Agency::kCbp, "cbp-station");
    b.Separate("2018-05-11T10:00:00Z", "P2", "P1", "F1");
    b.Add("2018-05-13T12:00:00Z", OrrPlacement{"P2", "orr-shelter-1"});
    const char* when = "2018-07-01T12:00:00Z";
    if (ending == 0) b.Add(when, Reunification{"P1", "P2", ""});
    if (ending == 1) b.Add(when, OrrRelease{"P2", SponsorCategory::kParent, "P1"});
    if (ending == 2) b.Add(when, Removal{"P1", "GTM", {"P2"}});
    const TruthModel& truth = b.model();
    EXPECT_EQ(truth.OpenSeparationsAt(At("2018-06-30T00:00:00Z")).size(), 1u) << ending;
    EXPECT_TRUE(truth.OpenSeparationsAt(At("2018-07-02T00:00:00Z")).empty()) << ending;
    EXPECT_FALSE(truth.FamilySeparatedAt("F1", At("2018-07-02T00:00:00Z"))) << ending;
  }
}

TEST(TruthModelTest, ReleaseToAnotherSponsorEndsCustodyButNotTheSeparation) {
  TruthBuilder b;
  b.Person("P1", "1990-01-01");
  b.Person("P2", "2012-01-01");
  b.Separate("2018-05-11T10:00:00Z", "P2", "P1", "F1");
  b.Add("2018-05-13T12:00:00Z", OrrPlacement{"P2", "orr-shelter-1"});
  b.Add("2018-06-01T12:00:00Z", OrrRelease{"P2", SponsorCategory::kCloseRelative, "P9"});
  EXPECT_FALSE(b.model().CustodyAt("P2", At("2018-06-02T00:00:00Z")));
  EXPECT_EQ(b.model().OpenSeparationsAt(At("2018-06-02T00:00:00Z")).size(), 1u);
}

TEST(TruthModelTest, ReadsAStreamAndNamesTheLineOfAnUndeclaredPerson) {
  const std::string header =
      R"({"record":"header","format":"kinlink-truth","version":1,"scenario":"t","seed":1,)"
      R"("replication":0,"start":"2018-05-01T00:00:00Z","end":"2018-08-31T00:00:00Z"})"
      "\n";
  const std::string facility =
      R"({"record":"facility","facility_id":"orr-shelter-1","name":"Casa Uno","kind":"orr_shelter"})"
      "\n";
  const std::string person =
      R"({"record":"person","person_id":"P1","sex":"male","birth_date":"2012-01-01","citizenship":"GTM"})"
      "\n";
  const std::string placement =
      R"({"record":"event","event_id":"E1","type":"orr_placement","effective_at":"2018-05-13T12:00:00Z","child_id":"P1","facility_id":"orr-shelter-1"})"
      "\n";
  const std::string footer = R"({"record":"footer","persons":1,"families":0,"events":1})"
                             "\n";
  std::istringstream good(header + facility + person + placement + footer);
  auto truth = TruthModel::Read(good, "truth.jsonl");
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  EXPECT_EQ(truth->FacilityName("orr-shelter-1"), "Casa Uno");
  ASSERT_TRUE(truth->CustodyAt("P1", At("2018-05-14T00:00:00Z")));
  EXPECT_EQ(truth->EventTime("E1"), At("2018-05-13T12:00:00Z"));

  std::istringstream bad(header + facility + placement + footer);
  auto refused = TruthModel::Read(bad, "truth.jsonl");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("truth.jsonl:3"), std::string::npos)
      << refused.status().message();
}

}  // namespace
}  // namespace kinlink::evaluate
