#include "evaluate/true_conditions.h"

#include <gtest/gtest.h>

#include "truth_fixture.h"

namespace kinlink::evaluate {
namespace {

using ledger::AlertKind;
using ledger::AlertRule;
using testing::At;
using testing::RemovedMotherStory;
using testing::TruthBuilder;

AlertRule Rule(AlertKind kind) {
  AlertRule rule;
  rule.id = "r";
  rule.kind = kind;
  return rule;
}

std::optional<Date> OrderDate() { return DateOf(At("2018-06-26T00:00:00Z")); }

TEST(TrueConditionsTest, CbpChildOverLimitFiresAfter72HoursForAChildOnly) {
  TruthBuilder b;
  b.Person("C", "2010-01-01");
  b.Person("A", "1980-01-01");
  b.Person("S", "2000-06-26");  // turns 18 on 2018-06-26
  for (const char* p : {"C", "A", "S"}) {
    b.Enter("2018-06-20T00:00:00Z", p, Agency::kCbp, "cbp-station");
  }
  b.Move("2018-06-21T00:00:00Z", "C", Agency::kCbp, Agency::kCbp, "cbp-ursula");  // still CBP
  AnswerKey key;
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  AlertRule rule = Rule(AlertKind::kCbpCustodyLimit);
  EXPECT_TRUE(conditions.Cases(rule, At("2018-06-23T00:00:00Z")).empty());  // exactly 72 h
  // S is 17 until 2018-06-26; the adult A never counts.
  EXPECT_EQ(conditions.Cases(rule, At("2018-06-23T00:00:01Z")), (std::set<std::string>{"C", "S"}));
  EXPECT_EQ(conditions.Cases(rule, At("2018-06-26T12:00:00Z")), std::set<std::string>{"C"});
  b.Move("2018-06-27T00:00:00Z", "C", Agency::kCbp, Agency::kOrr, "orr-shelter-1");
  EXPECT_TRUE(conditions.Cases(rule, At("2018-06-28T00:00:00Z")).empty());
}

TEST(TrueConditionsTest, CourtOrderRulesUseTheTrueAgeAndTheLaterStart) {
  TruthBuilder b;
  RemovedMotherStory(b);  // P2 born 2014-03-01: 4 on the order date
  AnswerKey key;
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  AlertRule young = Rule(AlertKind::kCourtOrderReunification);
  young.max_age = 5;
  young.days = 14;
  AlertRule older = Rule(AlertKind::kCourtOrderReunification);
  older.min_age = 5;
  older.days = 30;
  EXPECT_TRUE(conditions.Cases(young, At("2018-07-10T00:00:00Z")).empty());  // due, not past
  EXPECT_EQ(conditions.Cases(young, At("2018-07-10T00:00:01Z")), std::set<std::string>{"P2"});
  EXPECT_TRUE(conditions.Cases(older, At("2018-08-23T00:00:00Z")).empty());
  TrueConditions no_order(b.model(), key, std::nullopt, nullptr);
  EXPECT_TRUE(no_order.Cases(young, At("2018-08-23T00:00:00Z")).empty());
}

TEST(TrueConditionsTest, ParentRemovedWhileChildInOrr) {
  TruthBuilder b;
  RemovedMotherStory(b);
  AnswerKey key;
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  AlertRule rule = Rule(AlertKind::kParentRemovedChildInOrr);
  EXPECT_TRUE(conditions.Cases(rule, At("2018-06-06T14:00:00Z")).empty());  // not yet removed
  EXPECT_EQ(conditions.Cases(rule, At("2018-06-26T00:00:00Z")), std::set<std::string>{"P2"});
  b.Add("2018-07-01T00:00:00Z", Reunification{"P1", "P2", ""});
  EXPECT_TRUE(conditions.Cases(rule, At("2018-07-02T00:00:00Z")).empty());  // no longer apart
}

TEST(TrueConditionsTest, ParentRemovedWhileChildStillInCbpDoesNotCount) {
  TruthBuilder b;
  b.Person("P1", "1990-01-01");
  b.Person("P2", "2012-01-01");
  b.Enter("2018-05-10T08:00:00Z", "P2", Agency::kCbp, "cbp-station");
  b.Separate("2018-05-11T10:00:00Z", "P2", "P1", "F1");
  b.Add("2018-05-12T00:00:00Z", Removal{"P1", "GTM", {}});
  b.Move("2018-05-13T12:00:00Z", "P2", Agency::kCbp, Agency::kOrr, "orr-shelter-1");
  AnswerKey key;
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  EXPECT_TRUE(
      conditions.Cases(Rule(AlertKind::kParentRemovedChildInOrr), At("2018-06-26T00:00:00Z"))
          .empty());
}

TEST(TrueConditionsTest, SeparatedWithoutParentLinkIsQuietOnceTheLedgerLinksTheParent) {
  TruthBuilder b;
  RemovedMotherStory(b);
  AnswerKey key;
  AlertRule rule = Rule(AlertKind::kSeparatedWithoutParentLink);
  rule.hours = 0;
  std::set<std::pair<std::string, std::string>> links;
  TrueConditions unlinked(b.model(), key, OrderDate(), &links);
  EXPECT_EQ(unlinked.Cases(rule, At("2018-06-26T00:00:00Z")), std::set<std::string>{"P2"});
  links.insert({"P2", "P9"});  // a link to another adult does not count
  EXPECT_EQ(unlinked.Cases(rule, At("2018-06-26T00:00:00Z")), std::set<std::string>{"P2"});
  links.insert({"P2", "P1"});
  EXPECT_TRUE(unlinked.Cases(rule, At("2018-06-26T00:00:00Z")).empty());
  rule.hours = 24;
  links.clear();
  EXPECT_TRUE(unlinked.Cases(rule, At("2018-05-12T09:00:00Z")).empty());  // within the grace
}

TEST(TrueConditionsTest, NobodyIsTrulyInTwoCustodies) {
  TruthBuilder b;
  RemovedMotherStory(b);
  AnswerKey key;
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  EXPECT_TRUE(
      conditions.Cases(Rule(AlertKind::kConcurrentCustody), At("2018-05-15T00:00:00Z")).empty());
}

TEST(TrueConditionsTest, FamilyUnitDroppedComesFromTheKeyAfterTheReferral) {
  TruthBuilder b;
  RemovedMotherStory(b);  // P1 referred 2018-05-11T09:00
  AnswerKey key;
  key.Add({"cbp", "E3-1", "P2", {}, {std::string(kFamilyUnitDroppedError)}, 0});
  key.Add({"cbp", "E3-2", "P1", {}, {"typo"}, 0});
  key.Add({"orr", "UAC-1", "P1", {}, {std::string(kFamilyUnitDroppedError)}, 0});  // not CBP
  TrueConditions conditions(b.model(), key, OrderDate(), nullptr);
  AlertRule rule = Rule(AlertKind::kFamilyUnitDropped);
  EXPECT_TRUE(conditions.Cases(rule, At("2018-05-11T08:00:00Z")).empty());
  EXPECT_EQ(conditions.Cases(rule, At("2018-05-12T00:00:00Z")), std::set<std::string>{"P2"});
}

}  // namespace
}  // namespace kinlink::evaluate
