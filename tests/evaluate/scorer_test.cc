#include "evaluate/scorer.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "evaluate/report.h"
#include "truth_fixture.h"

namespace kinlink::evaluate {
namespace {

using ledger::AlertKind;
using testing::At;
using testing::RemovedMotherStory;
using testing::TruthBuilder;

// Answers from tables, the same at every moment; nothing as of a moment of knowledge.
class TableAnswers : public LedgerAnswerSource {
 public:
  std::vector<RecordOfIdentity> records;
  std::map<std::string, std::vector<std::string>> units;
  std::vector<std::pair<std::string, std::string>> links;
  std::map<std::string, WhereAnswer> where;
  std::map<std::string, FamilyAnswer> families;
  std::vector<SeparationAnswer> separations;
  std::vector<AlertAnswer> alerts;
  int where_questions = 0;

  Result<std::vector<RecordOfIdentity>> RecordIdentities() override { return records; }
  Result<std::map<std::string, std::vector<std::string>>> FamilyUnits() override { return units; }
  Result<std::vector<std::pair<std::string, std::string>>> ParentLinks() override { return links; }
  Result<WhereAnswer> WhereIs(const std::string& identity, Timestamp,
                              std::optional<Timestamp> known_at) override {
    if (known_at) return NotAnswerableYet("where");
    ++where_questions;
    auto it = where.find(identity);
    return it == where.end() ? WhereAnswer{} : it->second;
  }
  Result<FamilyAnswer> FamilyOf(const std::string& unit, Timestamp,
                                std::optional<Timestamp> known_at) override {
    if (known_at) return NotAnswerableYet("family");
    auto it = families.find(unit);
    return it == families.end() ? FamilyAnswer{} : it->second;
  }
  Result<std::vector<SeparationAnswer>> OpenSeparations(
      Timestamp, std::optional<Timestamp> known_at) override {
    if (known_at) return NotAnswerableYet("separations");
    return separations;
  }
  Result<std::vector<AlertAnswer>> Alerts(Timestamp, std::optional<Timestamp> known_at) override {
    if (known_at) return NotAnswerableYet("alerts");
    return alerts;
  }
};

ledger::AlertRules Rules() {
  ledger::AlertRules rules;
  rules.court_order_date = DateOf(At("2018-06-26T00:00:00Z"));
  ledger::AlertRule removed;
  removed.id = "parent_removed";
  removed.kind = AlertKind::kParentRemovedChildInOrr;
  ledger::AlertRule cbp;
  cbp.id = "cbp72";
  cbp.kind = AlertKind::kCbpCustodyLimit;
  rules.rules = {removed, cbp};
  return rules;
}

struct Story {
  TruthBuilder truth;
  AnswerKey key;
  TableAnswers answers;

  Story() {
    RemovedMotherStory(truth);
    key.Add({"cbp", "R1", "P1", {"E1"}, {}, 0});
    key.Add({"cbp", "R2", "P2", {"E3"}, {}, 0});
    key.Add({"orr", "R3", "P2", {"E10"}, {}, 0});  // later than R2: the son's identity to ask
    answers.records = {{"cbp", "R1", "cbp:S1"}, {"cbp", "R2", "cbp:S2"}, {"orr", "R3", "orr:U2"}};
    answers.units = {{"cbp:S1", {"FMU-1"}}, {"cbp:S2", {"FMU-1"}}};
  }
};

TEST(ScorerTest, DetectionArithmetic) {
  DetectionScore score;
  std::set<std::string> flagged = {"A", "B", "C", "D"};
  std::set<std::string> cases = {"A", "B", "X", "Y", "Z"};
  ScoreDetection(
      flagged, cases, [](const std::string& p) { return p != "Z"; }, score);
  EXPECT_EQ(score.precision.hits, 2);
  EXPECT_EQ(score.precision.total, 4);
  EXPECT_EQ(score.recall.hits, 2);
  EXPECT_EQ(score.recall.total, 4);  // Z: no record, not knowable
  EXPECT_EQ(score.true_cases, 5);
  EXPECT_DOUBLE_EQ(*score.precision.value(), 0.5);
  DetectionScore none;
  ScoreDetection(
      flagged, std::set<std::string>{}, [](const std::string&) { return true; }, none);
  EXPECT_FALSE(none.recall.value());  // no true case: no recall
  EXPECT_EQ(*none.precision.value(), 0.0);
}

TEST(ScorerTest, ScoresEachQuestionAgainstTheTruth) {
  Story s;
  s.answers.where["orr:U2"] = {true, true, "orr", "ORR Shelter 1"};
  s.answers.where["cbp:S2"] = {true, true, "cbp", "cbp-drt-station"};  // stale: never asked
  s.answers.families["FMU-1"] = {true, true};
  s.answers.alerts = {{"parent_removed", "orr:U2", "cbp:S1"},
                      {"parent_removed", "cbp:S2", "cbp:S1"},  // the same child again
                      {"cbp72", "cbp:S2", ""},
                      {"cbp72", "unknown:1", ""}};
  s.answers.separations = {{"orr:U2", "cbp:S1"}, {"cbp:S2", ""}};
  auto report = Evaluate(s.truth.model(), s.key, s.answers, Rules(), {At("2018-06-26T00:00:00Z")});
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->dates.size(), 1u);
  const DateScore& d = report->dates[0];
  EXPECT_EQ(d.persons_in_custody, 1);
  EXPECT_EQ(d.families_in_custody, 1);
  ASSERT_EQ(d.modes.size(), 2u);
  const ModeScore& all = d.modes[0];
  ASSERT_TRUE(all.available);
  EXPECT_EQ(all.where_now.hits, 1);
  EXPECT_EQ(all.where_now.total, 1);
  EXPECT_EQ(all.where_facility.hits, 1);
  EXPECT_EQ(all.family_state.hits, 1);
  EXPECT_EQ(all.family_state.total, 1);
  ASSERT_EQ(all.rules.size(), 2u);
  EXPECT_EQ(all.rules[0].id, "parent_removed");
  EXPECT_EQ(all.rules[0].answers, 2);
  EXPECT_EQ(all.rules[0].precision.hits, 1);
  EXPECT_EQ(all.rules[0].precision.total, 1);
  EXPECT_EQ(all.rules[0].recall.hits, 1);
  EXPECT_EQ(all.rules[0].recall.total, 1);
  EXPECT_EQ(all.rules[1].precision.hits, 0);
  EXPECT_EQ(all.rules[1].precision.total, 2);
  EXPECT_FALSE(all.rules[1].recall.value());
  EXPECT_EQ(all.separations.precision.hits, 1);
  EXPECT_EQ(all.separations.precision.total, 1);
  EXPECT_EQ(all.separations.recall.hits, 1);
  EXPECT_EQ(all.parent_named.true_parent, 1);
  EXPECT_EQ(all.parent_named.missing, 1);
  EXPECT_EQ(all.parent_named.wrong_adult, 0);
  const ModeScore& known = d.modes[1];
  EXPECT_EQ(known.mode, "known");
  EXPECT_FALSE(known.available);
  EXPECT_NE(known.unavailable_reason.find("unimplemented"), std::string::npos);

  const std::string table = ReportTable(*report);
  EXPECT_NE(table.find("2018-06-26"), std::string::npos) << table;
  EXPECT_NE(table.find("n/a"), std::string::npos) << table;
  EXPECT_NE(table.find("cbp72 P/R"), std::string::npos) << table;
  EXPECT_NE(table.find("0.00/–"), std::string::npos) << table;
}

TEST(ScorerTest, ALastSeenAlertIsRightWhenTheTruthNoLongerHoldsTheChildThere) {
  Story s;
  ledger::AlertRules rules = Rules();
  ledger::AlertRule last_seen;
  last_seen.id = "last_seen";
  last_seen.kind = AlertKind::kCustodyEndUnrecorded;
  rules.rules.push_back(last_seen);
  // On 26 June the son is in ORR care: "last seen in CBP" is right, "last seen in ORR" wrong.
  s.answers.alerts = {{"last_seen", "cbp:S2", "cbp"}, {"last_seen", "orr:U2", "orr"}};
  auto report = Evaluate(s.truth.model(), s.key, s.answers, rules, {At("2018-06-26T00:00:00Z")});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const ModeScore& all = report->dates[0].modes[0];
  ASSERT_EQ(all.rules.size(), 3u);
  EXPECT_EQ(all.rules[2].id, "last_seen");
  EXPECT_EQ(all.rules[2].answers, 2);
  // Both alerts name the same truth person: counted once, the first alert's agency.
  EXPECT_EQ(all.rules[2].precision.total, 1);
  EXPECT_EQ(all.rules[2].precision.hits, 1);
  EXPECT_FALSE(all.rules[2].recall.value());
  s.answers.alerts = {{"last_seen", "orr:U2", "orr"}};
  report = Evaluate(s.truth.model(), s.key, s.answers, rules, {At("2018-06-26T00:00:00Z")});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->dates[0].modes[0].rules[2].precision.hits, 0);
}

TEST(ScorerTest, WrongAnswersCountAgainstTheLedger) {
  Story s;
  s.answers.where["orr:U2"] = {true, true, "cbp", "cbp-drt-station"};  // the 2018 failure
  s.answers.families["FMU-1"] = {true, false};                         // "together"
  s.answers.separations = {{"orr:U2", "unknown:adult"}, {"cbp:S1", "cbp:S2"}};
  auto report = Evaluate(s.truth.model(), s.key, s.answers, Rules(), {At("2018-06-26T00:00:00Z")});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const ModeScore& all = report->dates[0].modes[0];
  EXPECT_EQ(all.where_now.hits, 0);
  EXPECT_EQ(all.where_now.total, 1);
  EXPECT_EQ(all.where_now_errors, (std::map<std::string, int64_t>{{"orr -> cbp", 1}}));
  EXPECT_EQ(all.family_state.hits, 0);
  EXPECT_EQ(all.family_state_errors,
            (std::map<std::string, int64_t>{{"separated -> not separated", 1}}));
  // The mother listed as a separated child is a false positive; the son's parent is wrong.
  EXPECT_EQ(all.separations.precision.hits, 1);
  EXPECT_EQ(all.separations.precision.total, 2);
  EXPECT_EQ(all.parent_named.wrong_adult, 1);
  EXPECT_EQ(all.parent_named.true_parent, 0);
  EXPECT_EQ(all.rules[0].recall.hits, 0);  // parent_removed: missed
  EXPECT_EQ(all.rules[0].recall.total, 1);
}

TEST(ScorerTest, PersonsWithoutAnyLedgerIdentityAreCountedWrongAndNotAsked) {
  Story s;
  s.answers.records = {{"cbp", "R1", "cbp:S1"}};  // nothing of the son reached the ledger
  auto report = Evaluate(s.truth.model(), s.key, s.answers, Rules(), {At("2018-06-26T00:00:00Z")});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const ModeScore& all = report->dates[0].modes[0];
  EXPECT_EQ(all.where_now.total, 1);
  EXPECT_EQ(all.where_now.hits, 0);
  EXPECT_EQ(all.in_custody_without_identity, 1);
  EXPECT_EQ(s.answers.where_questions, 0);
  EXPECT_EQ(all.rules[0].recall.total, 0);  // the ledger could not know of the son
  EXPECT_EQ(all.rules[0].true_cases, 1);
}

}  // namespace
}  // namespace kinlink::evaluate
