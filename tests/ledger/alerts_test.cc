// Alerts: each rule fires where it should and stays quiet where it should, on the fixture
// tests/ledger/data/truth_small.jsonl (its stories are described in the test names).
#include "ledger/alerts.h"

#include <gtest/gtest.h>

#include <set>

#include "ledger/identity.h"
#include "ledger/ingest.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

using Fired = std::set<std::pair<std::string, std::string>>;  // (rule, person)

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = std::make_unique<TestLedger>(dir_.File("l.db"));
    Ingester ingester(***ledger_, Source("truth"));
    ASSERT_TRUE(ingester.IngestTruthFile(DataPath("truth_small.jsonl")).ok());
    rules_ = LoadAlertRules(std::string(KINLINK_SOURCE_DIR) + "/config/alert-rules.toml").value();
  }
  Fired At(std::string_view when, std::string_view rule) {
    auto alerts = EvaluateAlerts((*ledger_)->db(), rules_, T(when)).value();
    Fired out;
    for (const auto& a : alerts) {
      if (a.rule_id == rule) out.insert({a.rule_id, a.person_id});
    }
    return out;
  }
  Fired Expect(std::string_view rule, std::initializer_list<std::string> people) {
    Fired out;
    for (const auto& p : people) out.insert({std::string(rule), p});
    return out;
  }
  ScratchDir dir_;
  std::unique_ptr<TestLedger> ledger_;
  AlertRules rules_;
};

TEST_F(AlertsTest, ChildInCbpPast72HoursFiresOnlyWhileStillHeld) {
  const char* rule = "cbp_child_over_72h";
  EXPECT_EQ(At("2018-06-26T00:00:00Z", rule), Fired{});               // P7 held 40 hours
  EXPECT_EQ(At("2018-06-28T00:00:00Z", rule), Expect(rule, {"P7"}));  // 88 hours
  EXPECT_EQ(At("2018-06-29T00:00:00Z", rule), Fired{});  // transferred to ORR on the 28th
  // P8, an adult, is held by CBP for days without firing it.
  EXPECT_EQ(At("2018-06-14T00:00:00Z", rule), Fired{});
}

TEST_F(AlertsTest, CourtOrderDeadlinesDependOnAgeAndReunification) {
  const char* young = "ms_l_under_5_past_14_days";
  const char* older = "ms_l_5_and_older_past_30_days";
  EXPECT_EQ(At("2018-07-09T00:00:00Z", young), Fired{});
  EXPECT_EQ(At("2018-07-10T12:00:00Z", young), Expect(young, {"P2", "P6"}));
  // P3 (7) was reunified on 15 July; P4 (6) was separated on 21 June, due 26 July.
  EXPECT_EQ(At("2018-07-26T00:00:00Z", older), Fired{});
  EXPECT_EQ(At("2018-07-27T00:00:00Z", older), Expect(older, {"P4"}));
}

TEST_F(AlertsTest, ParentRemovedOrScheduledWhileChildInOrr) {
  const char* rule = "parent_removed_child_in_orr";
  EXPECT_EQ(At("2018-06-26T00:00:00Z", rule), Fired{});  // nothing known yet
  // The removal was recorded on 5 July for 20 July: scheduled.
  EXPECT_EQ(At("2018-07-10T00:00:00Z", rule), Expect(rule, {"P6"}));
  EXPECT_EQ(At("2018-07-26T00:00:00Z", rule), Expect(rule, {"P6"}));
  auto alerts = EvaluateAlerts((*ledger_)->db(), rules_, T("2018-07-10T00:00:00Z")).value();
  bool scheduled = false;
  for (const auto& a : alerts) scheduled |= a.message.find("scheduled") != std::string::npos;
  EXPECT_TRUE(scheduled);
}

TEST_F(AlertsTest, SeparatedChildWithoutParentLinkUntilALinkIsRecorded) {
  const char* rule = "separated_child_without_parent_link";
  EXPECT_EQ(At("2018-06-20T00:00:00Z", rule), Fired{});
  EXPECT_EQ(At("2018-06-26T00:00:00Z", rule), Expect(rule, {"P4"}));
  // Linking P4 to an identity whose record names a parent silences it.
  Ledger& l = ***ledger_;
  ASSERT_TRUE(l.Begin().ok());
  ASSERT_TRUE(l.AppendEvent(
                   MakeEvent("R-other", "2018-06-22T00:00:00Z",
                             Relationship{{"P9", "cbp:S44", RelationshipKind::kClaimedUnverified}}))
                  .ok());
  ASSERT_TRUE(RecordLinkDecision(l, {.left_id = "P4",
                                     .right_id = "cbp:S44",
                                     .state = LinkState::kAccepted,
                                     .decided_by = "test"})
                  .ok());
  ASSERT_TRUE(l.Commit().ok());
  EXPECT_EQ(At("2018-06-26T00:00:00Z", rule), Fired{});
}

TEST_F(AlertsTest, TwoCustodiesAtOnceOnlyWhenBothAgenciesRecordsHoldThePerson) {
  const char* rule = "person_in_two_custodies";
  EXPECT_EQ(At("2018-06-11T00:00:00Z", rule), Fired{});  // only CBP yet
  // ICE took P8 and CBP's record never released him: a person is in one place at a time, so
  // ICE's custody ended CBP's (PersonViewTest covers two agencies' records that both hold him).
  EXPECT_EQ(At("2018-06-13T00:00:00Z", rule), Fired{});
  EXPECT_EQ(At("2018-05-13T00:00:00Z", rule), Fired{});  // clean transfers never fire it
}

TEST_F(AlertsTest, ALinkedRecordOfAnotherAgencyEndsCustodyCbpNeverClosed) {
  // A child's CBP record (apprehended on the 1st, never released in CBP's export) and ORR record
  // (placed on the 5th, 96 hours later): two identities the linker joins.
  Ledger& l = ***ledger_;
  ASSERT_TRUE(l.Begin().ok());
  ASSERT_TRUE(l.RecordPerson(Child("cbp:S70", "2012-03-01"), T("2018-06-01T10:00:00Z"), {}).ok());
  ASSERT_TRUE(l.AppendEvent(Apprehend("A70", "cbp:S70", "2018-06-01T10:00:00Z")).ok());
  ASSERT_TRUE(l.AppendEvent(Transfer("T70", "orr:UAC70", "2018-06-05T10:00:00Z", std::nullopt,
                                     Custody{Agency::kOrr, "orr-shelter-1"}))
                  .ok());
  ASSERT_TRUE(l.Commit().ok());
  const char* two = "person_in_two_custodies";
  const char* cbp = "cbp_child_over_72h";
  auto fired = [&](std::string_view when, const char* rule, const std::string& person) {
    return At(when, rule).count({rule, person}) > 0;
  };
  // Unlinked, each identity is one agency's view: as far as CBP's record says, it still holds
  // the child on the 6th.
  EXPECT_TRUE(fired("2018-06-06T00:00:00Z", cbp, "cbp:S70"));
  ASSERT_TRUE(l.Begin().ok());
  ASSERT_TRUE(RecordLinkDecision(l, {.left_id = "cbp:S70",
                                     .right_id = "orr:UAC70",
                                     .state = LinkState::kAccepted,
                                     .decided_by = "test"})
                  .ok());
  ASSERT_TRUE(l.Commit().ok());
  // Linked: before ORR took the child, CBP's 72 hours count (86 hours on the 5th at midnight);
  // after, ORR's custody ended the CBP stay, and the child is not held twice.
  EXPECT_TRUE(fired("2018-06-05T00:00:00Z", cbp, "cbp:S70"));
  EXPECT_FALSE(fired("2018-06-06T00:00:00Z", cbp, "cbp:S70"));
  EXPECT_FALSE(fired("2018-06-06T00:00:00Z", two, "cbp:S70"));
  EXPECT_FALSE(fired("2018-06-06T00:00:00Z", two, "orr:UAC70"));
  // P8 (one identity: ICE took him, CBP never released) is not held twice either.
  EXPECT_EQ(At("2018-06-13T00:00:00Z", two), Fired{});
}

TEST_F(AlertsTest, FamilyUnitDroppedAfterSeparation) {
  const char* rule = "family_unit_dropped_after_separation";
  EXPECT_EQ(At("2018-05-10T12:00:00Z", rule), Fired{});
  // P3's separation was recorded without family unit F1; P2's kept it.
  EXPECT_EQ(At("2018-05-12T00:00:00Z", rule), Expect(rule, {"P1", "P3"}));
}

TEST_F(AlertsTest, RecordingKeepsTheFirstTimeRaised) {
  auto alerts = EvaluateAlerts((*ledger_)->db(), rules_, T("2018-07-26T00:00:00Z")).value();
  ASSERT_FALSE(alerts.empty());
  EXPECT_EQ(RecordAlerts((*ledger_)->db(), alerts, T("2026-01-01T00:00:00Z")).value(),
            static_cast<int64_t>(alerts.size()));
  EXPECT_EQ(RecordAlerts((*ledger_)->db(), alerts, T("2026-01-02T00:00:00Z")).value(), 0);
}

// Evaluation reads one snapshot and recording is one transaction: neither leaves a transaction
// open, both join the caller's (a rollback there takes the recorded alerts back), and what
// RecordAlerts commits on its own is visible to another connection.
TEST_F(AlertsTest, EvaluationAndRecordingJoinTheCallersTransactionOrUseTheirOwn) {
  SqlConnection& db = (*ledger_)->db();
  auto alerts = EvaluateAlerts(db, rules_, T("2018-07-26T00:00:00Z")).value();
  ASSERT_FALSE(alerts.empty());
  EXPECT_FALSE(db.InTransaction());

  ASSERT_TRUE(db.Begin().ok());
  auto inside = EvaluateAlerts(db, rules_, T("2018-07-26T00:00:00Z")).value();
  EXPECT_EQ(inside.size(), alerts.size());
  EXPECT_EQ(RecordAlerts(db, inside, T("2026-01-01T00:00:00Z")).value(),
            static_cast<int64_t>(alerts.size()));
  EXPECT_TRUE(db.InTransaction());  // still the caller's
  ASSERT_TRUE(db.Rollback().ok());

  auto count = [](SqlConnection& c) {
    auto s = c.Prepare("SELECT COUNT(*) FROM alert").value();
    EXPECT_TRUE(s->Step().value());
    int64_t n = s->Int(0);
    s->Reset();
    return n;
  };
  EXPECT_EQ(count(db), 0);
  EXPECT_EQ(RecordAlerts(db, alerts, T("2026-01-01T00:00:00Z")).value(),
            static_cast<int64_t>(alerts.size()));
  EXPECT_FALSE(db.InTransaction());
  TestLedger other(dir_.File("l.db"));
  EXPECT_EQ(count(other->db()), static_cast<int64_t>(alerts.size()));
}

}  // namespace
}  // namespace kinlink::ledger::testing
