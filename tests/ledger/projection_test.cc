// Projections: the same events in any arrival order give the same projection; corrections
// supersede; link decisions form clusters.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "ledger/identity.h"
#include "ledger/queries.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

const Custody kStation{Agency::kCbp, "cbp-rgv-ursula"};
const Custody kShelter{Agency::kOrr, "orr-shelter-1"};
const Custody kJail{Agency::kUsms, "usms-mcallen"};
const Custody kIce{Agency::kIce, "ice-port-isabel"};

std::vector<Event> FamilyStory() {
  return {Apprehend("A1", "P1", "2018-05-10T10:00:00Z", "F1"),
          Apprehend("A2", "P2", "2018-05-10T10:00:00Z", "F1"),
          Separate("S1", "P2", "P1", "2018-05-11T12:00:00Z", "F1"),
          Transfer("T1", "P1", "2018-05-11T13:00:00Z", kStation, kJail),
          Transfer("T2", "P2", "2018-05-12T10:00:00Z", kStation, kShelter),
          Transfer("T3", "P1", "2018-05-14T09:00:00Z", kJail, kIce)};
}

// Everything a person's projection exposes, as text, for comparison.
std::string Snapshot(Ledger& l, const std::string& person) {
  auto st = GetPersonStatus(l.db(), l.log(), person, l.deadlines()).value();
  EXPECT_TRUE(st.has_value());
  nlohmann::json j = PersonStatusToJson(*st);
  j.erase("timeline");  // seq numbers differ with arrival order
  return j.dump();
}

TEST(ProjectionTest, InOrderEventsGiveWhereEachPersonIsNow) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(l->Begin().ok());
  for (const auto& e : FamilyStory()) ASSERT_TRUE(l->AppendEvent(e).ok()) << e.event_id;
  ASSERT_TRUE(l->Commit().ok());
  auto parent = GetPersonStatus(l->db(), l->log(), "P1", l->deadlines()).value();
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->status, "in_custody");
  ASSERT_TRUE(parent->current);
  EXPECT_EQ(parent->current->agency, "ice");
  EXPECT_EQ(parent->current->start, T("2018-05-14T09:00:00Z"));
  EXPECT_EQ(parent->custody.size(), 3u);
  auto child = GetPersonStatus(l->db(), l->log(), "P2", l->deadlines()).value();
  ASSERT_TRUE(child && child->current);
  EXPECT_EQ(child->current->agency, "orr");
  ASSERT_EQ(child->separations.size(), 1u);
  EXPECT_EQ(child->separations[0].parent_id, "P1");
  EXPECT_FALSE(child->separations[0].reunified_at);
  auto family = GetFamilyStatus(l->db(), l->log(), "F1", l->deadlines()).value();
  ASSERT_TRUE(family);
  EXPECT_EQ(family->state, "separated");
  EXPECT_EQ(family->separated_since, T("2018-05-11T12:00:00Z"));
  EXPECT_EQ(family->members.size(), 2u);
}

// An open separation says where the child is: the custody they are in, or, once released (to a
// sponsor, say), the custody they left last and when.
TEST(ProjectionTest, AnOpenSeparationShowsTheCustodyAReleasedChildLeft) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(l->Begin().ok());
  for (const auto& e : FamilyStory()) ASSERT_TRUE(l->AppendEvent(e).ok()) << e.event_id;
  OrrRelease release;
  release.child_id = "P2";
  release.sponsor = SponsorCategory::kUnrelated;
  ASSERT_TRUE(l->AppendEvent(MakeEvent("R1", "2018-06-01T09:00:00Z", release)).ok());
  ASSERT_TRUE(l->Commit().ok());
  auto open_at = [&](std::string_view when) {
    auto open = ListOpenSeparations(l->db(), T(when), l->deadlines()).value();
    EXPECT_EQ(open.size(), 1u) << when;
    return open.empty() ? SeparationView{} : open.front();
  };
  SeparationView sheltered = open_at("2018-05-20T00:00:00Z");
  ASSERT_TRUE(sheltered.child_custody);
  EXPECT_EQ(sheltered.child_custody->agency, "orr");
  EXPECT_FALSE(sheltered.child_left_custody);  // in custody: nothing left yet worth showing

  SeparationView released = open_at("2018-06-10T00:00:00Z");
  EXPECT_FALSE(released.child_custody);
  ASSERT_TRUE(released.child_left_custody);
  EXPECT_EQ(released.child_left_custody->agency, "orr");
  EXPECT_EQ(released.child_left_custody->facility_id, "orr-shelter-1");
  EXPECT_EQ(released.child_left_custody->end, T("2018-06-01T09:00:00Z"));
  nlohmann::json j = SeparationToJson(released, T("2018-06-10T00:00:00Z"));
  EXPECT_EQ(j["child_left_custody"]["until"], "2018-06-01T09:00:00Z");
  EXPECT_FALSE(j.contains("child_custody"));
}

TEST(ProjectionTest, AFamilyTimelineListsEachEntryOnceInEffectiveTimeOrder) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  std::vector<Event> story = FamilyStory();
  std::swap(story[3], story[5]);  // T3 arrives before T1: seq order differs from time order
  ASSERT_TRUE(l->Begin().ok());
  for (const auto& e : story) ASSERT_TRUE(l->AppendEvent(e).ok()) << e.event_id;
  ASSERT_TRUE(l->Commit().ok());
  Event fixed = Transfer("T2-fixed", "P2", "2018-05-12T11:00:00Z", kStation, kShelter);
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->AppendEvent(
                   MakeEvent("C2", "2018-05-20T00:00:00Z",
                             Correction{"T2", "wrong time", std::make_shared<const Event>(fixed)}))
                  .ok());
  ASSERT_TRUE(l->Commit().ok());
  auto family = GetFamilyStatus(l->db(), l->log(), "F1", l->deadlines()).value();
  ASSERT_TRUE(family);
  std::vector<std::string> ids, owners;
  for (const auto& item : family->timeline) {
    ids.push_back(item.entry_id);
    owners.push_back(item.person_id);
    EXPECT_EQ(item.superseded_by, item.entry_id == "T2" ? "C2" : "") << item.entry_id;
    EXPECT_FALSE(item.summary.empty()) << item.entry_id;
  }
  // S1 concerns both members (indexed under each) but is listed once, under the first member.
  EXPECT_EQ(ids, (std::vector<std::string>{"A1", "A2", "S1", "T1", "T2", "T3", "C2"}));
  EXPECT_EQ(owners, (std::vector<std::string>{"P1", "P2", "P1", "P1", "P2", "P1", "P2"}));
  for (size_t i = 1; i < family->timeline.size(); ++i) {
    EXPECT_LE(family->timeline[i - 1].effective_at, family->timeline[i].effective_at);
  }
  EXPECT_NE(family->timeline[2].summary.find("child_id=P2"), std::string::npos);
}

TEST(ProjectionTest, OutOfOrderArrivalGivesTheSameProjection) {
  ScratchDir dir;
  TestLedger ordered(dir.File("ordered.db"));
  ASSERT_TRUE(ordered->Begin().ok());
  for (const auto& e : FamilyStory()) ASSERT_TRUE(ordered->AppendEvent(e).ok());
  ASSERT_TRUE(ordered->Commit().ok());

  std::vector<Event> events = FamilyStory();
  std::mt19937 rng(7);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(events.begin(), events.end(), rng);
    TestLedger shuffled(dir.File("shuffled" + std::to_string(trial) + ".db"));
    // One batch per event, so late events meet projections already written.
    for (const auto& e : events) {
      ASSERT_TRUE(shuffled->Begin().ok());
      ASSERT_TRUE(shuffled->AppendEvent(e).ok());
      ASSERT_TRUE(shuffled->Commit().ok());
    }
    EXPECT_EQ(Snapshot(**shuffled, "P1"), Snapshot(**ordered, "P1")) << "trial " << trial;
    EXPECT_EQ(Snapshot(**shuffled, "P2"), Snapshot(**ordered, "P2")) << "trial " << trial;
  }
}

TEST(ProjectionTest, ALateTransferIsPlacedInTimeNotAtTheEnd) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->AppendEvent(Apprehend("A1", "P1", "2018-05-10T10:00:00Z")).ok());
  ASSERT_TRUE(l->AppendEvent(Transfer("T3", "P1", "2018-05-14T09:00:00Z", kJail, kIce)).ok());
  ASSERT_TRUE(l->Commit().ok());
  // The Marshals' booking arrives weeks late.
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->AppendEvent(Transfer("T1", "P1", "2018-05-11T13:00:00Z", kStation, kJail)).ok());
  ASSERT_TRUE(l->Commit().ok());
  auto st = GetPersonStatus(l->db(), l->log(), "P1", l->deadlines()).value();
  ASSERT_TRUE(st && st->current);
  EXPECT_EQ(st->current->agency, "ice");
  ASSERT_EQ(st->custody.size(), 3u);
  EXPECT_EQ(st->custody[0].agency, "cbp");
  EXPECT_EQ(st->custody[0].end, T("2018-05-11T13:00:00Z"));
  EXPECT_EQ(st->custody[1].agency, "usms");
  EXPECT_EQ(st->custody[1].end, T("2018-05-14T09:00:00Z"));
}

TEST(ProjectionTest, ACorrectionSupersedesWithoutChangingTheOriginal) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->AppendEvent(Apprehend("A1", "P1", "2018-05-10T10:00:00Z")).ok());
  ASSERT_TRUE(l->AppendEvent(Transfer("T1", "P1", "2018-05-11T13:00:00Z", kStation, kIce)).ok());
  ASSERT_TRUE(l->Commit().ok());
  // The transfer went to the Marshals, not ICE.
  Event fixed = Transfer("T1-fixed", "P1", "2018-05-11T13:00:00Z", kStation, kJail);
  Event correction =
      MakeEvent("C1", "2018-05-20T00:00:00Z",
                Correction{"T1", "wrong receiving agency", std::make_shared<const Event>(fixed)});
  correction.actor = "reviewer";
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->AppendEvent(correction).ok());
  ASSERT_TRUE(l->Commit().ok());
  auto st = GetPersonStatus(l->db(), l->log(), "P1", l->deadlines()).value();
  ASSERT_TRUE(st && st->current);
  EXPECT_EQ(st->current->agency, "usms");
  auto original = l->log().Find("T1").value();
  ASSERT_TRUE(original);  // still there, unchanged
  EXPECT_NE(original->payload.find("\"ice\""), std::string::npos);
  bool marked = false;
  for (const auto& item : st->timeline)
    marked |= (item.entry_id == "T1" && item.superseded_by == "C1");
  EXPECT_TRUE(marked);
}

TEST(IdentityTest, AcceptedLinksFormClustersAndUndoSplitsThem) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(RecordLinkDecision(**l, {.left_id = "cbp:S1",
                                       .right_id = "orr:U1",
                                       .state = LinkState::kAccepted,
                                       .score = 12.5,
                                       .evidence = {{"name", 6.0}},
                                       .decided_by = "linker"})
                  .ok());
  ASSERT_TRUE(RecordLinkDecision(**l, {.left_id = "orr:U1",
                                       .right_id = "ice:A1",
                                       .state = LinkState::kAccepted,
                                       .decided_by = "linker"})
                  .ok());
  ASSERT_TRUE(RecordLinkDecision(**l, {.left_id = "cbp:S1",
                                       .right_id = "cbp:S9",
                                       .state = LinkState::kRejected,
                                       .decided_by = "reviewer"})
                  .ok());
  ASSERT_TRUE(l->Commit().ok());
  EXPECT_EQ(ClusterOf(l->db(), "ice:A1").value(),
            (std::vector<PersonId>{"cbp:S1", "ice:A1", "orr:U1"}));
  EXPECT_EQ(ClusterOf(l->db(), "cbp:S9").value(), (std::vector<PersonId>{"cbp:S9"}));
  int64_t entries = l->log().Count().value();
  ASSERT_TRUE(l->Begin().ok());
  // The same decision again adds nothing; an undo is a new decision.
  ASSERT_TRUE(RecordLinkDecision(**l, {.left_id = "cbp:S1",
                                       .right_id = "orr:U1",
                                       .state = LinkState::kAccepted,
                                       .score = 12.5,
                                       .evidence = {{"name", 6.0}},
                                       .decided_by = "linker",
                                       .decided_at = T("2026-01-01T00:00:00Z")})
                  .ok());
  ASSERT_TRUE(RecordLinkDecision(**l, {.left_id = "orr:U1",
                                       .right_id = "ice:A1",
                                       .state = LinkState::kUndone,
                                       .decided_by = "reviewer"})
                  .ok());
  ASSERT_TRUE(l->Commit().ok());
  EXPECT_EQ(l->log().Count().value(), entries + 1);
  EXPECT_EQ(ClusterOf(l->db(), "orr:U1").value(), (std::vector<PersonId>{"cbp:S1", "orr:U1"}));
  EXPECT_EQ(ClusterOf(l->db(), "ice:A1").value(), (std::vector<PersonId>{"ice:A1"}));
  EXPECT_EQ(DecisionsFor(l->db(), "orr:U1").value().size(), 2u);
}

}  // namespace
}  // namespace kinlink::ledger::testing
