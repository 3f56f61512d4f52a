#include "evaluate/ledger_answers.h"

#include <gtest/gtest.h>

#include "../ledger/ledger_test_util.h"

namespace kinlink::evaluate {
namespace {

using ledger::testing::Apprehend;
using ledger::testing::Child;
using ledger::testing::MakeEvent;
using ledger::testing::ScratchDir;
using ledger::testing::Separate;
using ledger::testing::T;
using ledger::testing::TestLedger;
using ledger::testing::Transfer;

EventSource From(Agency agency, std::string record_id) {
  return {agency, "test", "export.csv", std::move(record_id)};
}

Event Sourced(Event e, Agency agency, std::string record_id) {
  e.source = From(agency, std::move(record_id));
  return e;
}

// A son recorded by CBP (two apprehension rows, the second adding no new identity record) and by
// ORR, separated from his mother (a CBP identity) and placed in an ORR shelter.
class LedgerAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger::Ledger& l = *test_ledger_.ledger;
    ASSERT_TRUE(l.Begin().ok());
    Person son = Child("cbp:S2", "2014-03-01");
    Person mother = Child("cbp:S1", "1990-01-01");
    Person son_in_orr = Child("orr:U2", "2014-03-01");
    ASSERT_TRUE(l.RecordPerson(mother, T("2018-05-10T08:00:00Z"), From(Agency::kCbp, "R1")).ok());
    ASSERT_TRUE(l.RecordPerson(son, T("2018-05-10T08:00:00Z"), From(Agency::kCbp, "R2")).ok());
    ASSERT_TRUE(l.RecordPerson(son, T("2018-05-10T08:00:00Z"), From(Agency::kCbp, "R4")).ok());
    ASSERT_TRUE(
        l.RecordPerson(son_in_orr, T("2018-05-13T12:00:00Z"), From(Agency::kOrr, "R3")).ok());
    for (Event e : {
             Sourced(Apprehend("a1", "cbp:S1", "2018-05-10T08:00:00Z", "FMU-1"), Agency::kCbp,
                     "R1"),
             Sourced(Apprehend("a2", "cbp:S2", "2018-05-10T08:00:00Z", "FMU-1"), Agency::kCbp,
                     "R2"),
             Sourced(Apprehend("a4", "cbp:S2", "2018-05-10T08:05:00Z", "FMU-1"), Agency::kCbp,
                     "R4"),
             Sourced(Separate("s2", "cbp:S2", "cbp:S1", "2018-05-11T10:00:00Z", "FMU-1"),
                     Agency::kCbp, "R2"),
             Sourced(Transfer("t3", "orr:U2", "2018-05-13T12:00:00Z", std::nullopt,
                              Custody{Agency::kOrr, "ORR shelter, Texas"}),
                     Agency::kOrr, "R3"),
         }) {
      Status s = l.AppendEvent(e);
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    ASSERT_TRUE(l.Commit().ok());
  }

  ScratchDir dir_;
  TestLedger test_ledger_{dir_.File("answers.db")};
  ledger::AlertRules rules_ = ledger::DefaultAlertRules();
};

TEST_F(LedgerAnswersTest, EachSourceRecordNamesItsIdentity) {
  LedgerAnswers answers(*test_ledger_.ledger, rules_);
  auto rows = answers.RecordIdentities();
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::map<std::pair<std::string, std::string>, std::string> got;
  for (const auto& r : *rows) got[{r.agency, r.record_id}] = r.identity;
  EXPECT_EQ(got.size(), 4u);
  EXPECT_EQ((got[{"cbp", "R1"}]), "cbp:S1");
  // R2 names the mother too (its separation), but its identity record is the son's.
  EXPECT_EQ((got[{"cbp", "R2"}]), "cbp:S2");
  EXPECT_EQ((got[{"orr", "R3"}]), "orr:U2");
  // R4 added no identity record (same content): its entries name the son.
  EXPECT_EQ((got[{"cbp", "R4"}]), "cbp:S2");
}

TEST_F(LedgerAnswersTest, WhereIsReadsTheCustodyHoldingTheMoment) {
  LedgerAnswers answers(*test_ledger_.ledger, rules_);
  auto in_orr = answers.WhereIs("orr:U2", T("2018-06-26T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(in_orr.ok()) << in_orr.status().ToString();
  EXPECT_TRUE(in_orr->found);
  EXPECT_TRUE(in_orr->in_custody);
  EXPECT_EQ(in_orr->agency, "orr");
  EXPECT_EQ(in_orr->facility_id, "ORR shelter, Texas");
  auto before = answers.WhereIs("orr:U2", T("2018-05-12T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->in_custody);
  auto nobody = answers.WhereIs("cbp:S999", T("2018-06-26T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->found);
  // As known at a moment: the ORR record (known from its effective time: it gives no entry
  // time) is known on 26 June, and not yet on 12 May.
  auto known = answers.WhereIs("orr:U2", T("2018-06-26T00:00:00Z"), T("2018-06-26T00:00:00Z"));
  ASSERT_TRUE(known.ok()) << known.status().ToString();
  EXPECT_TRUE(known->in_custody);
  EXPECT_EQ(known->agency, "orr");
  auto unknown = answers.WhereIs("orr:U2", T("2018-06-26T00:00:00Z"), T("2018-05-12T00:00:00Z"));
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_FALSE(unknown->in_custody);
}

TEST_F(LedgerAnswersTest, FamiliesSeparationsAndAlertsComeFromTheLedger) {
  LedgerAnswers answers(*test_ledger_.ledger, rules_);
  auto units = answers.FamilyUnits();
  ASSERT_TRUE(units.ok());
  EXPECT_EQ((*units)["cbp:S2"], std::vector<std::string>{"FMU-1"});
  auto before = answers.FamilyOf("FMU-1", T("2018-05-10T12:00:00Z"), std::nullopt);
  ASSERT_TRUE(before.ok());
  EXPECT_TRUE(before->found);
  EXPECT_FALSE(before->separated);
  auto after = answers.FamilyOf("FMU-1", T("2018-06-26T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->separated);
  auto open = answers.OpenSeparations(T("2018-06-26T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].child_id, "cbp:S2");
  EXPECT_EQ((*open)[0].parent_id, "cbp:S1");
  auto links = answers.ParentLinks();
  ASSERT_TRUE(links.ok());
  EXPECT_NE(std::find(links->begin(), links->end(),
                      std::pair<std::string, std::string>{"cbp:S2", "cbp:S1"}),
            links->end());
  auto alerts = answers.Alerts(T("2018-06-26T00:00:00Z"), std::nullopt);
  ASSERT_TRUE(alerts.ok());
  bool cbp_limit = false;
  for (const auto& a : *alerts) cbp_limit |= a.rule_id == "cbp_child_over_72h";
  EXPECT_TRUE(cbp_limit);  // CBP recorded no hand-over of the son's CBP identity
  // The separation (11 May, 10:00) is known on the 12th, not at midnight on the 11th.
  auto known = answers.OpenSeparations(T("2018-06-26T00:00:00Z"), T("2018-05-12T00:00:00Z"));
  ASSERT_TRUE(known.ok()) << known.status().ToString();
  EXPECT_EQ(known->size(), 1u);
  auto unknown = answers.OpenSeparations(T("2018-06-26T00:00:00Z"), T("2018-05-11T00:00:00Z"));
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  EXPECT_TRUE(unknown->empty());
  auto known_alerts = answers.Alerts(T("2018-06-26T00:00:00Z"), T("2018-05-11T00:00:00Z"));
  ASSERT_TRUE(known_alerts.ok()) << known_alerts.status().ToString();
}

}  // namespace
}  // namespace kinlink::evaluate
