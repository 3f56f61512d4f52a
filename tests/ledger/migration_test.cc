// Migration 5 on an existing ledger: a database laid out by schema 4 (the released DDL of
// migrations 1-4, every table a rowid table beside its key index) holding events, identities,
// link decisions, projections and quarantine is opened by this binary, migrated to schema 5, and
// must keep every row, a chain that verifies to the same head, the same query answers, and accept
// new ingest exactly as a ledger that was created at schema 5.
#include <gtest/gtest.h>

#include <fstream>

#include "ledger/identity.h"
#include "ledger/mapping.h"
#include "ledger/queries.h"
#include "ledger/schema.h"
#include "ledger/sqlite_connection.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

constexpr std::string_view kTables[] = {
    "event",    "event_subject", "supersession",     "source_record",    "quarantine",
    "person",   "person_state",  "custody_interval", "separation",       "family_member",
    "deadline", "parent_link",   "link_decision",    "identity_cluster", "alert"};

int64_t Scalar(SqlConnection& db, const std::string& sql) {
  auto s = db.Prepare(sql).value();
  EXPECT_TRUE(s->Step().value()) << sql;
  int64_t n = s->Int(0);
  s->Reset();
  return n;
}

std::string TableSql(SqlConnection& db, std::string_view table) {
  auto s = db.Prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").value();
  s->BindText(1, table);
  std::string sql = s->Step().value() ? s->Text(0) : "";
  s->Reset();
  return sql;
}

// Everything a ledger can hold: a truth stream (events, identities, families, separations and
// projections), an agency export with quarantined rows, a revised record and a link decision.
void Populate(Ledger& ledger, const std::string& revised) {
  Ingester truth(ledger, Source("truth", 7));
  ASSERT_TRUE(truth.IngestTruthFile(DataPath("truth_small.jsonl")).ok());
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  Ingester border(ledger, Source("border", 3));
  ASSERT_TRUE(border.IngestFile(DataPath("border_log.csv"), mapping).ok());
  ASSERT_GT(border.summary().quarantined, 0);
  // R2 revised: the same record id with a later release.
  {
    std::ifstream in(DataPath("border_log.csv"));
    std::ofstream out(revised);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("R2,", 0) == 0) {
        size_t at = line.find("05/12/2018");
        ASSERT_NE(at, std::string::npos);
        line.replace(at, 10, "05/14/2018");
      }
      out << line << "\n";
    }
  }
  Ingester again(ledger, Source("border", 3));
  ASSERT_TRUE(again.IngestFile(revised, mapping).ok());
  ASSERT_EQ(again.summary().revised, 1);
  ASSERT_TRUE(ledger.Begin().ok());
  ASSERT_TRUE(RecordLinkDecision(ledger, {.left_id = "cbp:S1",
                                          .right_id = "cbp:S2",
                                          .state = LinkState::kAccepted,
                                          .score = 9.5,
                                          .evidence = {{"family", 4.0}},
                                          .decided_by = "reviewer:test"})
                  .ok());
  ASSERT_TRUE(ledger.Commit().ok());
}

// A fresh database at schema 4: the DDL of migrations 1-4 as released, and their versions.
void CreateSchema4(const std::string& path) {
  auto db = SqliteConnection::Open({.path = path}).value();
  ASSERT_TRUE(SchemaVersion(*db).ok());
  for (const Migration& m : Migrations()) {
    if (m.version > 4) break;
    ASSERT_TRUE(m.store_by_primary_key.empty());
    for (std::string_view step : m.steps) ASSERT_TRUE(db->Execute(step).ok()) << step;
    ASSERT_TRUE(db->Execute(fmt::format("INSERT INTO schema_version VALUES ({}, '{}', 0)",
                                        m.version, m.description))
                    .ok());
  }
  ASSERT_EQ(SchemaVersion(*db).value(), 4);
}

// Copies every ledger table of `from` into the schema-4 database at `to`, row for row, in the
// schema-4 columns (migration 5 changes only the layout; migration 6 adds projection columns,
// which the rebuild after it fills).
void CopyRows(const std::string& from, const std::string& to) {
  auto db = SqliteConnection::Open({.path = to}).value();
  ASSERT_TRUE(db->Execute(fmt::format("ATTACH DATABASE '{}' AS src", from)).ok());
  ASSERT_TRUE(db->Begin().ok());
  for (std::string_view table : kTables) {
    // The schema-4 columns only (later migrations added some).
    std::string columns;
    auto info = db->Prepare(fmt::format("SELECT name FROM pragma_table_info('{}')", table)).value();
    while (info->Step().value()) columns += (columns.empty() ? "" : ", ") + info->Text(0);
    info->Reset();
    ASSERT_TRUE(db->Execute(fmt::format("INSERT INTO main.{0} ({1}) SELECT {1} FROM src.{0}", table,
                                        columns))
                    .ok())
        << table;
  }
  ASSERT_TRUE(db->Commit().ok());
  ASSERT_TRUE(db->Execute("DETACH DATABASE src").ok());
}

// Rows of `table` in one database and not the other (both directions), compared in SQL.
int64_t DifferingRows(const std::string& a, const std::string& b, std::string_view table) {
  auto db = SqliteConnection::Open({.path = a}).value();
  EXPECT_TRUE(db->Execute(fmt::format("ATTACH DATABASE '{}' AS other", b)).ok());
  int64_t n = Scalar(*db, fmt::format("SELECT (SELECT COUNT(*) FROM (SELECT * FROM main.{0} "
                                      "EXCEPT SELECT * FROM other.{0})) + (SELECT COUNT(*) FROM "
                                      "(SELECT * FROM other.{0} EXCEPT SELECT * FROM main.{0}))",
                                      table));
  EXPECT_TRUE(db->Execute("DETACH DATABASE other").ok());
  return n;
}

TEST(MigrationTest, Schema4LedgerMigratesToTheLatestWithEverythingIntactAndIngestsAfter) {
  ScratchDir dir;
  const std::string reference = dir.File("reference.db");  // created at the latest schema
  const std::string old = dir.File("schema4.db");
  std::string reference_head;
  {
    TestLedger l(reference);
    Populate(**l, dir.File("border_log.csv"));
    reference_head = l->log().head_hash();
  }
  CreateSchema4(old);
  CopyRows(reference, old);
  {
    auto db = SqliteConnection::Open({.path = old}).value();
    // The schema-4 layout: rowid tables with a separate key index.
    EXPECT_EQ(TableSql(*db, "event").find("WITHOUT ROWID"), std::string::npos);
    EXPECT_NE(TableSql(*db, "event").find("seq BIGINT PRIMARY KEY"), std::string::npos);
    EXPECT_EQ(Scalar(*db,
                     "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE "
                     "'sqlite_autoindex_event_subject%'"),
              1);
  }

  // Opening it migrates.
  {
    TestLedger l(old);
    ASSERT_NE(*l, nullptr);
    EXPECT_EQ(SchemaVersion(l->db()).value(), LatestSchemaVersion());
    EXPECT_NE(TableSql(l->db(), "event").find("seq INTEGER PRIMARY KEY"), std::string::npos);
    for (std::string_view table : kTables) {
      if (table == "event") continue;
      EXPECT_NE(TableSql(l->db(), table).find("WITHOUT ROWID"), std::string::npos) << table;
    }
    // Secondary indexes were re-created; no key index is left beside the rows.
    for (std::string_view index :
         {"person_by_a_number", "person_by_name", "custody_by_agency", "separation_by_time",
          "separation_by_parent", "separation_by_family", "family_by_person", "deadline_by_due",
          "parent_link_by_parent", "link_by_right", "cluster_members"}) {
      EXPECT_EQ(Scalar(l->db(), fmt::format("SELECT COUNT(*) FROM sqlite_master WHERE type = "
                                            "'index' AND name = '{}'",
                                            index)),
                1)
          << index;
    }
    EXPECT_EQ(Scalar(l->db(),
                     "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE "
                     "'sqlite_autoindex_event_subject%'"),
              0);
    VerifyReport report = VerifyChain(l->log()).value();
    EXPECT_TRUE(report.ok) << report.problem;
    EXPECT_EQ(report.head_hash, reference_head);
    EXPECT_GT(report.entries, 40);
    EXPECT_GT(Scalar(l->db(), "SELECT COUNT(*) FROM quarantine"), 0);
    EXPECT_GT(Scalar(l->db(), "SELECT COUNT(*) FROM supersession"), 0);
    // The same answers as the ledger that never migrated.
    TestLedger r(reference);
    auto person = GetPersonStatus(l->db(), l->log(), "cbp:S2", l->deadlines()).value();
    auto expected = GetPersonStatus(r->db(), r->log(), "cbp:S2", r->deadlines()).value();
    ASSERT_TRUE(person && expected);
    EXPECT_EQ(PersonStatusToJson(*person).dump(), PersonStatusToJson(*expected).dump());
    EXPECT_EQ(ClusterOf(l->db(), "cbp:S2").value(), (std::vector<PersonId>{"cbp:S1", "cbp:S2"}));
    auto open = ListOpenSeparations(l->db(), T("2018-07-01T00:00:00Z"), l->deadlines()).value();
    auto open_expected =
        ListOpenSeparations(r->db(), T("2018-07-01T00:00:00Z"), r->deadlines()).value();
    EXPECT_EQ(open.size(), open_expected.size());
  }
  for (std::string_view table : kTables) {
    EXPECT_EQ(DifferingRows(reference, old, table), 0) << table;
  }

  // New ingest after the migration: duplicates stay duplicates, new rows append, both ledgers
  // end identical.
  {
    // The same rows as new records of new persons (N1 for R1, T1 for S1).
    std::ifstream in(DataPath("border_log.csv"));
    std::ofstream out(dir.File("new_rows.csv"));
    std::string line;
    std::getline(in, line);
    out << line << "\n";
    while (std::getline(in, line)) {
      size_t subject = line.find(",S");
      ASSERT_NE(subject, std::string::npos);
      line[0] = 'N';
      line[subject + 1] = 'T';
      out << line << "\n";
    }
  }
  for (const std::string& path : {reference, old}) {
    TestLedger l(path);
    Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
    Ingester dup(**l, Source("border"));
    ASSERT_TRUE(dup.IngestFile(dir.File("border_log.csv"), mapping).ok());
    EXPECT_EQ(dup.summary().events, 0);
    EXPECT_EQ(dup.summary().accepted, 0);
    EXPECT_EQ(dup.summary().duplicates + dup.summary().quarantined, dup.summary().rows);
    Ingester fresh(**l, Source("border"));
    ASSERT_TRUE(fresh.IngestFile(dir.File("new_rows.csv"), mapping).ok());
    EXPECT_GT(fresh.summary().events, 0);
    EXPECT_EQ(fresh.summary().duplicates, 0);
    VerifyReport report = VerifyChain(l->log()).value();
    EXPECT_TRUE(report.ok) << report.problem;
  }
  for (std::string_view table : kTables) {
    EXPECT_EQ(DifferingRows(reference, old, table), 0) << table << " after new ingest";
  }
}

}  // namespace
}  // namespace kinlink::ledger::testing
