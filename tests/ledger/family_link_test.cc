// Family links from the linker: an asserted link gives a separated child's open separation its
// parent when no record named one; a record's own word wins; proposed links change nothing;
// recording the same conclusion twice adds nothing; the chain still verifies.
#include <gtest/gtest.h>

#include "ledger/family_link_decision.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

// An ORR referral that flags the child separated without saying from whom (2018's usual case).
Event FlaggedReferral(std::string id, std::string child, std::string_view at) {
  OrrReferral p;
  p.child_id = std::move(child);
  p.separated = true;
  return MakeEvent(std::move(id), at, p);
}

FamilyLinkDecision InferredMother(bool asserted = true) {
  FamilyLinkDecision d;
  d.parent_id = "ice:E1";
  d.child_ids = {"orr:UAC1", "cbp:S2"};
  d.role = "mother";
  d.confidence = 0.97;
  d.asserted = asserted;
  d.evidence = nlohmann::json::array({{{"kind", "co_apprehension"}, {"weight", 2.0}}});
  d.decided_by = "kinlink link";
  d.effective_at = T("2018-05-10T10:00:00Z");
  return d;
}

Status Record(Ledger& l, const FamilyLinkDecision& d, FamilyLinkWrite* out = nullptr) {
  KINLINK_RETURN_IF_ERROR(l.Begin());
  auto written = RecordFamilyLinkDecision(l, d);
  if (!written.ok()) {
    l.Abort();
    return written.status();
  }
  if (out != nullptr) *out = *written;
  return l.Commit();
}

Status Append(Ledger& l, const Event& e) {
  KINLINK_RETURN_IF_ERROR(l.Begin());
  KINLINK_RETURN_IF_ERROR(l.AppendEvent(e));
  return l.Commit();
}

int64_t CountOfType(Ledger& l, std::string_view type) {
  auto s = l.db().Prepare("SELECT COUNT(*) FROM event WHERE type = ?").value();
  s->BindText(1, type);
  EXPECT_TRUE(s->Step().value());
  int64_t n = s->Int(0);
  s->Reset();
  return n;
}

std::vector<SeparationView> Open(Ledger& l) {
  return ListOpenSeparations(l.db(), T("2018-07-26T00:00:00Z"), l.deadlines()).value();
}

TEST(FamilyLinkTest, AnAssertedLinkNamesTheParentOfASeparationNoRecordNamed) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(Append(**l, FlaggedReferral("R1", "orr:UAC1", "2018-05-12T09:00:00Z")).ok());
  ASSERT_EQ(Open(**l).size(), 1u);
  EXPECT_EQ(Open(**l)[0].parent_id, "");

  FamilyLinkWrite written;
  ASSERT_TRUE(Record(**l, InferredMother(), &written).ok());
  EXPECT_TRUE(written.new_entry);
  EXPECT_EQ(written.relationships, 2);  // one per identity of the child
  auto open = Open(**l);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].child_id, "orr:UAC1");
  EXPECT_EQ(open[0].parent_id, "ice:E1");
  auto child = GetPersonStatus(l->db(), l->log(), "orr:UAC1", l->deadlines()).value();
  ASSERT_TRUE(child);
  EXPECT_EQ(child->parents, std::vector<std::string>{"ice:E1"});

  // The same conclusion again: nothing appended.
  int64_t head = l->log().head_seq();
  ASSERT_TRUE(Record(**l, InferredMother(), &written).ok());
  EXPECT_FALSE(written.new_entry);
  EXPECT_EQ(written.relationships, 0);
  EXPECT_EQ(l->log().head_seq(), head);
  auto report = VerifyChain(l->log()).value();
  EXPECT_TRUE(report.ok) << report.problem;
}

TEST(FamilyLinkTest, TheLinkMayArriveBeforeTheSeparationFlag) {
  ScratchDir dir;
  TestLedger before(dir.File("before.db"));
  ASSERT_TRUE(Record(**before, InferredMother()).ok());
  ASSERT_TRUE(Append(**before, FlaggedReferral("R1", "orr:UAC1", "2018-05-12T09:00:00Z")).ok());
  TestLedger after(dir.File("after.db"));
  ASSERT_TRUE(Append(**after, FlaggedReferral("R1", "orr:UAC1", "2018-05-12T09:00:00Z")).ok());
  ASSERT_TRUE(Record(**after, InferredMother()).ok());
  auto a = Open(**before);
  auto b = Open(**after);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].parent_id, "ice:E1");
  EXPECT_EQ(b[0].parent_id, "ice:E1");
}

TEST(FamilyLinkTest, AParentARecordNamesReplacesTheInferredOne) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(Append(**l, FlaggedReferral("R1", "orr:UAC1", "2018-05-12T09:00:00Z")).ok());
  ASSERT_TRUE(Record(**l, InferredMother()).ok());
  ASSERT_EQ(Open(**l)[0].parent_id, "ice:E1");
  // A later record names the father: one open separation, from him, not a second one.
  ASSERT_TRUE(Append(**l, Separate("S9", "orr:UAC1", "cbp:S1", "2018-05-13T08:00:00Z", "F1")).ok());
  auto open = Open(**l);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].parent_id, "cbp:S1");
  EXPECT_EQ(open[0].family_unit_id, "F1");
}

TEST(FamilyLinkTest, AProposedLinkIsRecordedButNamesNobody) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  ASSERT_TRUE(Append(**l, FlaggedReferral("R1", "orr:UAC1", "2018-05-12T09:00:00Z")).ok());
  FamilyLinkWrite written;
  ASSERT_TRUE(Record(**l, InferredMother(/*asserted=*/false), &written).ok());
  EXPECT_TRUE(written.new_entry);
  EXPECT_EQ(written.relationships, 0);
  EXPECT_EQ(Open(**l)[0].parent_id, "");
  EXPECT_EQ(CountOfType(**l, "family_link"), 1);
  EXPECT_EQ(CountOfType(**l, "relationship"), 0);
  // Asserting it later is a new decision, and now names the parent.
  ASSERT_TRUE(Record(**l, InferredMother(/*asserted=*/true), &written).ok());
  EXPECT_TRUE(written.new_entry);
  EXPECT_EQ(Open(**l)[0].parent_id, "ice:E1");
}

TEST(FamilyLinkTest, RejectsAParentAmongTheChildren) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  FamilyLinkDecision d = InferredMother();
  d.child_ids.push_back(d.parent_id);
  EXPECT_EQ(Record(**l, d).code(), StatusCode::kInvalidArgument);
  d = InferredMother();
  d.child_ids.clear();
  EXPECT_EQ(Record(**l, d).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace kinlink::ledger::testing
