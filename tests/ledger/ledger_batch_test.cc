// Ledger batches: identity rows recorded in a batch are written at its commit (in person-id
// order) and must behave exactly as if written at once: a re-recorded identical person adds
// nothing, a changed one adds an entry and leaves the latest record in `person`, an aborted
// batch leaves no row behind.
#include <gtest/gtest.h>

#include "core/json_codec.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

std::optional<std::string> StoredRecord(Ledger& l, const std::string& person_id) {
  auto s = l.db().Prepare("SELECT record FROM person WHERE person_id = ?").value();
  s->BindText(1, person_id);
  std::optional<std::string> record;
  if (s->Step().value()) record = s->Text(0);
  s->Reset();
  return record;
}

TEST(LedgerBatchTest, PersonsRecordedInABatchAreStoredAtCommitWithTheLatestContent) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  EventSource source{Agency::kCbp, "e3", "f.csv", "R1"};
  Person first = Child("cbp:S2", "2015-03-01");
  Person revised = Child("cbp:S2", "2015-03-02");
  Person other = Child("cbp:S1", "2012-01-01");
  Timestamp at = T("2018-05-10T10:00:00Z");

  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->RecordPerson(first, at, source).ok());
  ASSERT_TRUE(l->RecordPerson(first, at, source).ok());  // identical: nothing new
  ASSERT_TRUE(l->RecordPerson(other, at, source).ok());
  ASSERT_TRUE(l->RecordPerson(revised, at, source).ok());  // changed: a new entry
  EXPECT_EQ(l->log().head_seq(), 3);
  ASSERT_TRUE(l->Commit().ok());
  EXPECT_EQ(StoredRecord(**l, "cbp:S2"), PersonToJson(revised).dump());
  EXPECT_EQ(StoredRecord(**l, "cbp:S1"), PersonToJson(other).dump());

  // The stored rows are what the next batch compares with.
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->RecordPerson(revised, at, source).ok());
  // Back to the first content: that entry is in the log already, so only the row changes.
  ASSERT_TRUE(l->RecordPerson(first, at, source).ok());
  ASSERT_TRUE(l->Commit().ok());
  EXPECT_EQ(l->log().Count().value(), 3);
  EXPECT_EQ(StoredRecord(**l, "cbp:S2"), PersonToJson(first).dump());

  // An aborted batch leaves neither the entry nor the row; recording again stores both.
  Person dropped = Child("cbp:S9", "2016-06-06");
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->RecordPerson(dropped, at, source).ok());
  l->Abort();
  EXPECT_EQ(StoredRecord(**l, "cbp:S9"), std::nullopt);
  EXPECT_EQ(l->log().Count().value(), 3);
  ASSERT_TRUE(l->Begin().ok());
  ASSERT_TRUE(l->RecordPerson(dropped, at, source).ok());
  ASSERT_TRUE(l->Commit().ok());
  EXPECT_EQ(StoredRecord(**l, "cbp:S9"), PersonToJson(dropped).dump());
  EXPECT_EQ(l->log().Count().value(), 4);
  EXPECT_TRUE(VerifyChain(l->log()).value().ok);
}

}  // namespace
}  // namespace kinlink::ledger::testing
