// Answers per person: the identities a link joins are one person, and status, family state,
// open separations and alerts answer for that person, whatever order the agencies' records and
// the links arrive in; undoing a link gives back the earlier answers; a date-only record sorts
// within its day in the pipeline's order; a custody nobody's record ends is "last seen".
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "ledger/alerts.h"
#include "ledger/identity.h"
#include "ledger/queries.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

Person Adult(std::string id, std::string_view born, std::string name) {
  Person p;
  p.person_id = std::move(id);
  p.birth_date = PartialDate::FromIso(born).value();
  p.name.given_names = {std::move(name)};
  return p;
}

Event Removed(std::string id, std::string person, std::string_view at) {
  Removal p;
  p.person_id = std::move(person);
  p.country = "MEX";
  Event e = MakeEvent(std::move(id), at, p);
  e.source = EventSource{Agency::kIce, "EARM", "", ""};
  return e;
}

Event WithSource(Event e, Agency agency) {
  e.source = EventSource{agency, "test", "", ""};
  return e;
}

Event FlaggedReferral(std::string id, std::string child, std::string_view at) {
  OrrReferral p;
  p.child_id = std::move(child);
  p.separated = true;
  return WithSource(MakeEvent(std::move(id), at, p), Agency::kOrr);
}

Event Placement(std::string id, std::string child, std::string_view at) {
  OrrPlacement p;
  p.child_id = std::move(child);
  p.facility_id = "ORR shelter, Arizona";
  return WithSource(MakeEvent(std::move(id), at, p), Agency::kOrr);
}

Event Claim(std::string id, std::string parent, std::string child, std::string_view at) {
  return WithSource(MakeEvent(std::move(id), at,
                              Relationship{{std::move(parent), std::move(child),
                                            RelationshipKind::kClaimedUnverified}}),
                    Agency::kCbp);
}

// One agency's records, written as one batch.
using Batch = std::function<void(Ledger&)>;

void RunBatch(Ledger& l, const Batch& batch) {
  ASSERT_TRUE(l.Begin().ok());
  batch(l);
  ASSERT_TRUE(l.Commit().ok());
}

void Link(Ledger& l, std::string a, std::string b, LinkState state = LinkState::kAccepted) {
  ASSERT_TRUE(
      RecordLinkDecision(
          l,
          {.left_id = std::move(a), .right_id = std::move(b), .state = state, .decided_by = "test"})
          .ok());
}

// The mother and son of family FMU-DRT-1: CBP apprehends both (the son's record claims the
// mother), ICE removes the mother to Mexico, ORR takes the son. Four batches: each agency's
// records, and the linker's two links.
std::vector<Batch> FamilyRecords() {
  return {
      [](Ledger& l) {
        // This CBP export has no book-out, as its mapping's ingest declares.
        ASSERT_TRUE(l.DeclareCustodyEnds(Agency::kCbp, false).ok());
        ASSERT_TRUE(l.RecordPerson(Adult("cbp:S1", "1990-02-03", "Ana"), T("2018-05-10T14:00:00Z"),
                                   {Agency::kCbp, "e3", "", "E1"})
                        .ok());
        ASSERT_TRUE(l.RecordPerson(Child("cbp:S2", "2011-04-01"), T("2018-05-10T14:00:00Z"),
                                   {Agency::kCbp, "e3", "", "E2"})
                        .ok());
        ASSERT_TRUE(
            l.AppendEvent(WithSource(Apprehend("A1", "cbp:S1", "2018-05-10T14:00:00Z", "FMU-DRT-1"),
                                     Agency::kCbp))
                .ok());
        ASSERT_TRUE(
            l.AppendEvent(WithSource(Apprehend("A2", "cbp:S2", "2018-05-10T14:00:00Z", "FMU-DRT-1"),
                                     Agency::kCbp))
                .ok());
        ASSERT_TRUE(l.AppendEvent(Claim("C2", "cbp:S1", "cbp:S2", "2018-05-10T14:00:00Z")).ok());
      },
      [](Ledger& l) {
        ASSERT_TRUE(l.RecordPerson(Adult("ice:A212750963", "1990-02-03", "Ana"),
                                   T("2018-05-20T09:00:00Z"), {Agency::kIce, "EARM", "", "ST1"})
                        .ok());
        ASSERT_TRUE(
            l.AppendEvent(WithSource(Transfer("I1", "ice:A212750963", "2018-05-20T09:00:00Z",
                                              std::nullopt, Custody{Agency::kIce, "Port Isabel"}),
                                     Agency::kIce))
                .ok());
        ASSERT_TRUE(l.AppendEvent(Removed("I2", "ice:A212750963", "2018-06-06T00:00:00Z")).ok());
      },
      [](Ledger& l) {
        ASSERT_TRUE(l.RecordPerson(Child("orr:UAC1", "2011-04-01"), T("2018-05-12T00:00:00Z"),
                                   {Agency::kOrr, "UAC Portal", "", "PL1"})
                        .ok());
        ASSERT_TRUE(l.AppendEvent(FlaggedReferral("O1", "orr:UAC1", "2018-05-12T00:00:00Z")).ok());
        ASSERT_TRUE(l.AppendEvent(Placement("O2", "orr:UAC1", "2018-05-12T00:00:00Z")).ok());
      },
      [](Ledger& l) { Link(l, "cbp:S1", "ice:A212750963"); },
      [](Ledger& l) { Link(l, "cbp:S2", "orr:UAC1"); },
  };
}

struct Answers {
  std::string family_state;
  std::string mother_status, son_status, son_agency;
  std::string separation_parent;  // the parent person the open separation names
  std::string parent_status;
  bool parent_removed_alert = false;
};

Answers Ask(Ledger& l, Timestamp as_of) {
  Answers a;
  auto family = GetFamilyStatus(l.db(), l.log(), "FMU-DRT-1", l.deadlines()).value();
  EXPECT_TRUE(family.has_value());
  if (family) a.family_state = family->state;
  auto mother = GetPersonStatus(l.db(), l.log(), "cbp:S1", l.deadlines()).value();
  auto son = GetPersonStatus(l.db(), l.log(), "orr:UAC1", l.deadlines()).value();
  a.mother_status = mother->status;
  a.son_status = son->status;
  a.son_agency = son->current ? son->current->agency : "";
  auto open = ListOpenSeparations(l.db(), as_of, l.deadlines()).value();
  if (open.size() == 1) {
    a.separation_parent = open[0].parent_person_id;
    a.parent_status = open[0].parent_status;
  }
  auto rules = DefaultAlertRules();
  const std::vector<Alert> alerts = EvaluateAlerts(l.db(), rules, as_of).value();
  for (const auto& alert : alerts) {
    a.parent_removed_alert |= alert.rule_id == "parent_removed_child_in_orr";
  }
  return a;
}

TEST(PersonViewTest, AParentRemovedWhileTheChildIsInOrrIsSeparatedInAnyArrivalOrder) {
  std::vector<Batch> batches = FamilyRecords();
  std::vector<int> order(batches.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  int runs = 0;
  do {
    ScratchDir dir;
    TestLedger ledger(dir.File("l.db"));
    Ledger& l = **ledger;
    for (int i : order) RunBatch(l, batches[i]);
    SCOPED_TRACE(::testing::Message()
                 << "order " << order[0] << order[1] << order[2] << order[3] << order[4]);
    Answers a = Ask(l, T("2018-06-26T00:00:00Z"));
    EXPECT_EQ(a.family_state, "separated");
    EXPECT_EQ(a.mother_status, "removed");
    EXPECT_EQ(a.son_status, "in_custody");
    EXPECT_EQ(a.son_agency, "orr");
    // The son's ORR record names no parent; his linked CBP record claims the mother.
    EXPECT_EQ(a.separation_parent, "cbp:S1");
    EXPECT_EQ(a.parent_status, "removed");
    EXPECT_TRUE(a.parent_removed_alert);
    ++runs;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(runs, 120);
}

TEST(PersonViewTest, UndoingALinkGivesBackTheEarlierAnswers) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  std::vector<Batch> batches = FamilyRecords();
  for (size_t i = 0; i < 3; ++i) RunBatch(l, batches[i]);  // the records, unlinked
  const Timestamp as_of = T("2018-06-26T00:00:00Z");
  Answers before = Ask(l, as_of);
  // Unlinked, CBP's record of the mother is all that family unit knows of her: last seen in
  // CBP (CBP's records here never end a custody), and no parent for the ORR separation.
  EXPECT_EQ(before.mother_status, "last_seen");
  EXPECT_EQ(before.separation_parent, "");
  EXPECT_FALSE(before.parent_removed_alert);

  RunBatch(l, batches[3]);
  RunBatch(l, batches[4]);
  Answers linked = Ask(l, as_of);
  EXPECT_EQ(linked.mother_status, "removed");
  EXPECT_EQ(linked.separation_parent, "cbp:S1");

  RunBatch(l, [](Ledger& l) { Link(l, "cbp:S2", "orr:UAC1", LinkState::kUndone); });
  RunBatch(l, [](Ledger& l) { Link(l, "cbp:S1", "ice:A212750963", LinkState::kUndone); });
  Answers undone = Ask(l, as_of);
  EXPECT_EQ(undone.mother_status, before.mother_status);
  EXPECT_EQ(undone.son_status, before.son_status);
  EXPECT_EQ(undone.separation_parent, before.separation_parent);
  EXPECT_EQ(undone.parent_removed_alert, before.parent_removed_alert);
  EXPECT_EQ(undone.family_state, before.family_state);
  // Each identity is a person of its own again, with its own rows.
  auto ice = GetPersonStatus(l.db(), l.log(), "ice:A212750963", l.deadlines()).value();
  EXPECT_EQ(ice->person_key, "ice:A212750963");
  EXPECT_EQ(ice->status, "removed");
}

TEST(PersonViewTest, ADateOnlyRecordFollowsTheSameDaysTimedOneInPipelineOrder) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    // The Marshals' booking has a date only (00:00); the arrest that day was at 14:00.
    ASSERT_TRUE(l.AppendEvent(WithSource(Transfer("B1", "usms:1", "2018-05-10T00:00:00Z",
                                                  std::nullopt, Custody{Agency::kUsms, "Jail"}),
                                         Agency::kUsms))
                    .ok());
    ASSERT_TRUE(l.AppendEvent(WithSource(Transfer("R1", "usms:1", "2018-05-12T00:00:00Z",
                                                  Custody{Agency::kUsms, "Jail"}, std::nullopt),
                                         Agency::kUsms))
                    .ok());
  });
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Apprehend("A1", "cbp:S9", "2018-05-10T14:00:00Z"), Agency::kCbp))
            .ok());
    Link(l, "cbp:S9", "usms:1");
  });
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S9", l.deadlines()).value();
  ASSERT_EQ(st->custody.size(), 2u);
  EXPECT_EQ(st->custody[0].agency, "cbp");
  EXPECT_EQ(st->custody[1].agency, "usms");
  // The booking ended the CBP stay that day, after the arrest, at its place near the day's end
  // (as of the 10th at noon the man is in CBP's custody; as of the 11th, the Marshals').
  ASSERT_TRUE(st->custody[0].end.has_value());
  EXPECT_GT(*st->custody[0].end, T("2018-05-10T14:00:00Z"));
  EXPECT_LT(*st->custody[0].end, T("2018-05-11T00:00:00Z"));
  EXPECT_EQ(st->custody[1].start, *st->custody[0].end);
  EXPECT_EQ(st->status, "released");  // the Marshals' record ends their custody on the 12th
  EXPECT_LT(FoldTimeOf({.seq = 1, .effective_at = T("2018-05-10T00:00:00Z")}),
            T("2018-05-11T00:00:00Z"));
  EXPECT_GT(FoldTimeOf({.seq = 1, .effective_at = T("2018-05-10T00:00:00Z")}),
            T("2018-05-10T23:59:00Z"));
}

TEST(PersonViewTest, TheYoungestPlausibleAgeAcrossRecordsSetsChildProtections) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    Person stated;
    stated.person_id = "orr:UAC5";
    // "age 4 on 2018-04-26": born between 2013-04-27 and 2014-04-26, so 4 on 2018-06-26.
    stated.birth_date = PartialDate::FromAge(4, *ParseIsoDate("2018-04-26")).value();
    ASSERT_TRUE(l.RecordPerson(Child("cbp:S5", "2012-01-01"), T("2018-04-26T10:00:00Z"), {}).ok());
    ASSERT_TRUE(l.RecordPerson(stated, T("2018-04-28T00:00:00Z"), {}).ok());
    ASSERT_TRUE(l.AppendEvent(Apprehend("A5", "cbp:S5", "2018-04-26T10:00:00Z")).ok());
    Link(l, "cbp:S5", "orr:UAC5");
  });
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S5", l.deadlines()).value();
  ASSERT_TRUE(st->birth_date.has_value());
  EXPECT_EQ(st->birth_date_source, "orr:UAC5");
  EXPECT_EQ(AgeOn(PartialDate::FromAge(4, *ParseIsoDate("2018-04-26")).value(),
                  *ParseIsoDate("2018-06-26")),
            4);
}

TEST(PersonViewTest, ACustodyNobodysRecordEndsIsLastSeenAndRaisesNoSeventyTwoHourAlert) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(l.DeclareCustodyEnds(Agency::kCbp, false).ok());  // an export without book-out
    ASSERT_TRUE(l.RecordPerson(Child("cbp:S7", "2012-01-01"), T("2018-06-01T10:00:00Z"), {}).ok());
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Apprehend("A7", "cbp:S7", "2018-06-01T10:00:00Z"), Agency::kCbp))
            .ok());
  });
  auto rules = DefaultAlertRules();
  auto fired = [&](std::string_view rule, std::string_view when) {
    const std::vector<Alert> alerts = EvaluateAlerts(l.db(), rules, T(when)).value();
    for (const auto& a : alerts) {
      if (a.rule_id == rule && a.person_id == "cbp:S7") return true;
    }
    return false;
  };
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S7", l.deadlines()).value();
  EXPECT_EQ(st->status, "last_seen");
  EXPECT_FALSE(fired("cbp_child_over_72h", "2018-06-06T00:00:00Z"));
  EXPECT_TRUE(fired("child_last_seen_custody_end_unrecorded", "2018-06-06T00:00:00Z"));
  EXPECT_FALSE(fired("child_last_seen_custody_end_unrecorded", "2018-06-03T00:00:00Z"));

  // Once CBP's records book people out (another child's book-out), an open CBP custody means
  // "still held": the 72-hour rule applies and the data-quality rule is quiet.
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Apprehend("A8", "cbp:S8", "2018-06-01T10:00:00Z"), Agency::kCbp))
            .ok());
    ASSERT_TRUE(l.AppendEvent(WithSource(Transfer("X8", "cbp:S8", "2018-06-02T10:00:00Z",
                                                  Custody{Agency::kCbp, "cbp-rgv-ursula"},
                                                  Custody{Agency::kOrr, "ORR shelter"}),
                                         Agency::kCbp))
                    .ok());
  });
  st = GetPersonStatus(l.db(), l.log(), "cbp:S7", l.deadlines()).value();
  EXPECT_EQ(st->status, "in_custody");
  EXPECT_TRUE(fired("cbp_child_over_72h", "2018-06-06T00:00:00Z"));
  EXPECT_FALSE(fired("child_last_seen_custody_end_unrecorded", "2018-06-06T00:00:00Z"));
}

TEST(PersonViewTest, TwoAgenciesWhoseOwnRecordsHoldOnePersonAtOnceRaiseTheTwoCustodiesAlert) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Apprehend("A1", "cbp:S1", "2018-06-01T10:00:00Z"), Agency::kCbp))
            .ok());
    // ICE books him in on the 3rd; CBP's own record releases him only on the 5th.
    ASSERT_TRUE(l.AppendEvent(WithSource(Transfer("I1", "cbp:S1", "2018-06-03T10:00:00Z",
                                                  std::nullopt, Custody{Agency::kIce, "Otay"}),
                                         Agency::kIce))
                    .ok());
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Transfer("R1", "cbp:S1", "2018-06-05T10:00:00Z",
                                          Custody{Agency::kCbp, "cbp-rgv-ursula"}, std::nullopt),
                                 Agency::kCbp))
            .ok());
  });
  auto rules = DefaultAlertRules();
  auto fired = [&](std::string_view when) {
    const std::vector<Alert> alerts = EvaluateAlerts(l.db(), rules, T(when)).value();
    for (const auto& a : alerts) {
      if (a.rule_id == "person_in_two_custodies") return true;
    }
    return false;
  };
  EXPECT_FALSE(fired("2018-06-02T00:00:00Z"));
  EXPECT_TRUE(fired("2018-06-04T00:00:00Z"));
  EXPECT_FALSE(fired("2018-06-06T00:00:00Z"));
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S1", l.deadlines()).value();
  EXPECT_EQ(st->current->agency, "ice");
}

TEST(PersonViewTest, AFamilyUnitARevisedRecordDropsStaysKnownAndIsReportedDropped) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(
        l.AppendEvent(WithSource(Apprehend("A1", "cbp:S1", "2018-05-10T14:00:00Z", "FMU-RGV-1"),
                                 Agency::kCbp))
            .ok());
  });
  // e3 overwrote the record after the parent's referral: the same apprehension, no unit.
  RunBatch(l, [](Ledger& l) {
    Event replacement =
        WithSource(Apprehend("A1~v2/replacement", "cbp:S1", "2018-05-10T14:00:00Z"), Agency::kCbp);
    Event correction = WithSource(MakeEvent("A1~v2", "2018-05-10T14:00:00Z",
                                            Correction{"A1", "the source record was revised",
                                                       std::make_shared<Event>(replacement)}),
                                  Agency::kCbp);
    correction.recorded_at = T("2018-05-12T00:00:00Z");
    ASSERT_TRUE(l.AppendEvent(correction).ok());
  });
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S1", l.deadlines()).value();
  EXPECT_EQ(st->family_units, std::vector<std::string>{"FMU-RGV-1"});
  auto family = GetFamilyStatus(l.db(), l.log(), "FMU-RGV-1", l.deadlines()).value();
  ASSERT_TRUE(family.has_value());
  ASSERT_EQ(family->members.size(), 1u);
  EXPECT_EQ(family->members[0].person_id, "cbp:S1");
  auto rules = DefaultAlertRules();
  auto dropped = [&](std::string_view when) {
    const std::vector<Alert> alerts = EvaluateAlerts(l.db(), rules, T(when)).value();
    for (const auto& a : alerts) {
      if (a.rule_id == "family_unit_dropped_after_separation" && a.related_id == "FMU-RGV-1") {
        return true;
      }
    }
    return false;
  };
  EXPECT_FALSE(dropped("2018-05-11T00:00:00Z"));
  EXPECT_TRUE(dropped("2018-05-13T00:00:00Z"));
}

TEST(PersonViewTest, AStayLongerThanAnyTheAgencyEverClosedIsLastSeenNotHeld) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    // CBP's records book 99 children out within two days (enough for the bound)...
    for (int i = 0; i < kMinClosedStays; ++i) {
      const std::string id = "cbp:B" + std::to_string(i);
      ASSERT_TRUE(
          l.AppendEvent(WithSource(Apprehend("A" + std::to_string(i), id, "2018-06-01T10:00:00Z"),
                                   Agency::kCbp))
              .ok());
      ASSERT_TRUE(
          l.AppendEvent(WithSource(Transfer("X" + std::to_string(i), id, "2018-06-03T10:00:00Z",
                                            Custody{Agency::kCbp, "cbp-rgv-ursula"},
                                            Custody{Agency::kOrr, "ORR shelter"}),
                                   Agency::kCbp))
              .ok());
    }
    // ...and this child's book-out was never recorded.
    ASSERT_TRUE(l.RecordPerson(Child("cbp:S9", "2012-01-01"), T("2018-06-01T10:00:00Z"), {}).ok());
    ASSERT_TRUE(l.AppendEvent(WithSource(Apprehend("A-held", "cbp:S9", "2018-06-01T10:00:00Z"),
                                         Agency::kCbp))
                    .ok());
  });
  auto rules = DefaultAlertRules();
  auto fired = [&](std::string_view rule, std::string_view when) {
    const std::vector<Alert> alerts = EvaluateAlerts(l.db(), rules, T(when)).value();
    for (const auto& a : alerts) {
      if (a.rule_id == rule && a.person_id == "cbp:S9") return true;
    }
    return false;
  };
  // Within the longest stay CBP closed (48 hours), the child is held; past it, last seen.
  // (With one closed stay fewer the bound is not used: AlertsTest and the test above.)
  auto open = ListOpenSeparations(l.db(), T("2018-06-02T00:00:00Z"), l.deadlines()).value();
  EXPECT_TRUE(open.empty());
  EXPECT_FALSE(fired("cbp_child_over_72h", "2018-06-04T00:00:00Z"));
  EXPECT_FALSE(fired("child_last_seen_custody_end_unrecorded", "2018-06-02T00:00:00Z"));
  EXPECT_TRUE(fired("child_last_seen_custody_end_unrecorded", "2018-06-05T00:00:00Z"));
  auto st = GetPersonStatus(l.db(), l.log(), "cbp:S9", l.deadlines()).value();
  ASSERT_TRUE(st->current.has_value());
  EXPECT_EQ(WhereStatus(*st->current, T("2018-06-02T00:00:00Z")), "in_custody");
  EXPECT_EQ(WhereStatus(*st->current, T("2018-06-05T00:00:00Z")), "last_seen");
}

TEST(PersonViewTest, ARemovalDatedADayHasNotHappenedAtThatDaysStart) {
  ScratchDir dir;
  TestLedger ledger(dir.File("l.db"));
  Ledger& l = **ledger;
  RunBatch(l, [](Ledger& l) {
    ASSERT_TRUE(l.AppendEvent(WithSource(Transfer("I1", "ice:A1", "2018-06-01T09:00:00Z",
                                                  std::nullopt, Custody{Agency::kIce, "Otay"}),
                                         Agency::kIce))
                    .ok());
    ASSERT_TRUE(l.AppendEvent(Removed("I2", "ice:A1", "2018-06-26T00:00:00Z")).ok());
  });
  auto st = GetPersonStatus(l.db(), l.log(), "ice:A1", l.deadlines()).value();
  EXPECT_EQ(st->status, "removed");
  ASSERT_EQ(st->custody.size(), 1u);
  EXPECT_EQ(WhereStatus(st->custody[0], T("2018-06-26T00:00:00Z")), "in_custody");
  EXPECT_EQ(WhereStatus(st->custody[0], T("2018-06-27T00:00:00Z")), "released");
}

}  // namespace
}  // namespace kinlink::ledger::testing
