// Storage: migrations, the hash chain's canonical form, and verify catching rows changed behind
// the ledger's back.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "ledger/hash_chain.h"
#include "ledger/schema.h"
#include "ledger/sqlite_connection.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

TEST(SchemaTest, MigratesAnEmptyDatabaseOnceAndRefusesANewerOne) {
  auto db = SqliteConnection::Open({.path = ":memory:"}).value();
  ASSERT_TRUE(Migrate(*db, T("2026-01-01T00:00:00Z")).ok());
  EXPECT_EQ(SchemaVersion(*db).value(), LatestSchemaVersion());
  ASSERT_TRUE(Migrate(*db, T("2026-01-02T00:00:00Z")).ok());  // nothing to do the second time
  auto count = db->Prepare("SELECT COUNT(*) FROM schema_version").value();
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Int(0), LatestSchemaVersion());
  count->Reset();
  ASSERT_TRUE(db->Execute("INSERT INTO schema_version VALUES (999, 'future', 0)").ok());
  Status newer = Migrate(*db, T("2026-01-03T00:00:00Z"));
  EXPECT_EQ(newer.code(), StatusCode::kFailedPrecondition);
}

// A file that is not a ledger (not an SQLite database) is refused with an error naming it; the
// file is left as it was.
TEST(SchemaTest, AFileThatIsNotADatabaseIsRefusedByName) {
  ScratchDir dir;
  const std::string path = dir.File("notes.db");
  {
    std::ofstream out(path);
    out << "these are not the records you are looking for\n";
  }
  auto opened = SqliteConnection::Open({.path = path});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(opened.status().message().find(path), std::string::npos) << opened.status().message();
  EXPECT_EQ(opened.status().message().find("PRAGMA"), std::string::npos);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "these are not the records you are looking for\n");
}

TEST(HashChainTest, CanonicalFormIsLengthPrefixedAndHashIsStable) {
  ChainFields f{.seq = 1,
                .entry_id = "E1",
                .type = "apprehension",
                .effective_at = 10,
                .recorded_at = 20,
                .payload = "{}",
                .prev_hash = kGenesisHash};
  std::string form = CanonicalForm(f);
  EXPECT_EQ(form.substr(0, 21), "17:kinlink-ledger-v1,");
  EXPECT_NE(form.find("1:1,2:E1,12:apprehension,2:10,2:20,0:,0:,0:,0:,0:,2:{},64:"),
            std::string::npos);
  EXPECT_EQ(ChainHash(f), Sha256Hex(form));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ChainFields g = f;
  g.actor = "x";  // any field changes the hash
  EXPECT_NE(ChainHash(f), ChainHash(g));
}

// Progress: every kVerifyProgressEvery entries and once at the end, counting up to the head.
TEST(VerifyTest, ReportsProgressInStepsAndAtTheEnd) {
  ScratchDir dir;
  TestLedger l(dir.File("ledger.db"));
  const int64_t n = 2 * kVerifyProgressEvery + 7;
  ASSERT_TRUE(l->Begin().ok());
  for (int64_t i = 0; i < n; ++i) {
    ASSERT_TRUE(l->AppendEvent(Apprehend("E" + std::to_string(i), "P" + std::to_string(i % 50),
                                         "2018-05-10T10:00:00Z"))
                    .ok());
  }
  ASSERT_TRUE(l->Commit().ok());
  std::vector<int64_t> calls;
  auto report = VerifyChain(l->log(), std::nullopt, [&](int64_t checked) {
                  calls.push_back(checked);
                }).value();
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.entries, l->log().head_seq());
  EXPECT_EQ(calls, (std::vector<int64_t>{kVerifyProgressEvery, 2 * kVerifyProgressEvery,
                                         l->log().head_seq()}));
}

TEST(VerifyTest, CatchesARowChangedBehindTheLedgersBack) {
  ScratchDir dir;
  std::string path = dir.File("ledger.db");
  {
    TestLedger l(path);
    ASSERT_TRUE(l->Begin().ok());
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(l->AppendEvent(Apprehend("E" + std::to_string(i), "P" + std::to_string(i),
                                           "2018-05-10T10:00:00Z"))
                      .ok());
    }
    ASSERT_TRUE(l->Commit().ok());
    auto report = VerifyChain(l->log()).value();
    EXPECT_TRUE(report.ok);
    EXPECT_EQ(report.entries, 5);
  }
  // Someone edits a stored event with plain SQL.
  {
    auto raw = SqliteConnection::Open({.path = path}).value();
    ASSERT_TRUE(raw->Execute("UPDATE event SET payload = replace(payload, 'cbp-rgv-ursula', "
                             "'elsewhere') WHERE event_id = 'E2'")
                    .ok());
  }
  TestLedger again(path);
  auto report = VerifyChain(again->log()).value();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_EQ(report.first_bad_event_id, "E2");
  EXPECT_NE(report.problem.find("changed"), std::string::npos);
}

TEST(VerifyTest, CatchesADeletedRowAndACutOffHead) {
  ScratchDir dir;
  std::string path = dir.File("ledger.db");
  std::string head;
  {
    TestLedger l(path);
    ASSERT_TRUE(l->Begin().ok());
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(l->AppendEvent(Apprehend("E" + std::to_string(i), "P1",
                                           "2018-05-1" + std::to_string(i) + "T10:00:00Z"))
                      .ok());
    }
    ASSERT_TRUE(l->Commit().ok());
    head = VerifyChain(l->log()).value().head_hash;
  }
  {
    auto raw = SqliteConnection::Open({.path = path}).value();
    ASSERT_TRUE(raw->Execute("DELETE FROM event WHERE seq = 4").ok());
  }
  TestLedger cut(path);
  auto report = VerifyChain(cut->log(), head).value();
  EXPECT_FALSE(report.ok) << "truncation is caught only against a head kept elsewhere";
  EXPECT_NE(report.problem.find("cut off"), std::string::npos);
  {
    auto raw = SqliteConnection::Open({.path = path}).value();
    ASSERT_TRUE(raw->Execute("DELETE FROM event WHERE seq = 2").ok());
  }
  TestLedger gap(path);
  auto gap_report = VerifyChain(gap->log()).value();
  EXPECT_FALSE(gap_report.ok);
  EXPECT_EQ(gap_report.first_bad_seq, 3);
}

}  // namespace
}  // namespace kinlink::ledger::testing
