// A `kill -9` in the middle of an ingest leaves a consistent ledger, and running the same ingest
// again finishes it with no duplicates.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "ledger/ingest.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

constexpr int kRows = 24000;  // enough that the kill lands long before the end

int64_t Count(Ledger& l, std::string_view sql) {
  auto s = l.db().Prepare(sql).value();
  EXPECT_TRUE(s->Step().value());
  int64_t n = s->Int(0);
  s->Reset();
  return n;
}

void WriteExport(const std::string& path) {
  std::ofstream out(path);
  out << kBorderLogHeader;
  for (int i = 0; i < kRows; ++i) {
    out << "R" << i << ",S" << i << ",,\"PÉREZ, Juan " << i << "\",M,01/01/2000,HONDURAS,05/"
        << (10 + i % 15) << "/2018,10:00,RGV,Ursula,FMU-" << i / 3 << ",,,05/10/2018\n";
  }
}

TEST(IngestKillTest, KilledMidwayThenRerunFinishesWithoutDuplicates) {
  ScratchDir dir;
  std::string db = dir.File("l.db");
  std::string csv = dir.File("export.csv");
  WriteExport(csv);
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    ManualClock clock(T("2026-01-01T00:00:00Z"));
    auto ledger = Ledger::Open(LedgerAt(db, clock));
    if (!ledger.ok()) _exit(3);
    IngestOptions options = Source("test-log", 100);
    options.progress = [&](const IngestProgress&) {
      char byte = 'x';
      (void)!write(pipe_fds[1], &byte, 1);
    };
    Ingester ingester(**ledger, options);
    (void)ingester.IngestFile(csv, mapping);
    _exit(0);
  }
  close(pipe_fds[1]);
  char byte;
  for (int i = 0; i < 5; ++i) ASSERT_EQ(read(pipe_fds[0], &byte, 1), 1);  // five batches committed
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  close(pipe_fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the ingest finished before it could be killed";

  TestLedger l(db);
  int64_t committed = Count(**l, "SELECT COUNT(*) FROM source_record");
  EXPECT_GE(committed, 500);
  EXPECT_LT(committed, kRows);
  EXPECT_EQ(committed % 100, 0) << "only whole batches survive";
  EXPECT_EQ(Count(**l, "SELECT COUNT(*) FROM person_state"), committed)
      << "projections were committed with their events";
  EXPECT_TRUE(VerifyChain(l->log()).value().ok);

  Ingester rerun(**l, Source("test-log", 1000));
  ASSERT_TRUE(rerun.IngestFile(csv, mapping).ok());
  EXPECT_EQ(rerun.summary().duplicates, committed);
  EXPECT_EQ(rerun.summary().accepted, kRows - committed);
  EXPECT_EQ(rerun.summary().quarantined, 0);
  EXPECT_EQ(Count(**l, "SELECT COUNT(*) FROM source_record"), kRows);
  EXPECT_EQ(Count(**l, "SELECT COUNT(*) FROM event WHERE type = 'apprehension'"), kRows);
  EXPECT_EQ(Count(**l, "SELECT COUNT(*) FROM event WHERE type = 'person_record'"), kRows);
  EXPECT_EQ(Count(**l, "SELECT COUNT(*) FROM person_state"), kRows);
  EXPECT_EQ(Count(**l, "SELECT COUNT(DISTINCT family_unit_id) FROM family_member"), kRows / 3);
  auto report = VerifyChain(l->log()).value();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 2 * kRows);
}

}  // namespace
}  // namespace kinlink::ledger::testing
