// Ingest: idempotent re-ingest, quarantine of each kind of bad row, revisions, encodings.
#include "ledger/ingest.h"

#include <gtest/gtest.h>

#include <fstream>
#include <tuple>

#include "ledger/identity.h"
#include "ledger/queries.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

int64_t CountRows(Ledger& l, std::string_view table) {
  auto s = l.db().Prepare(fmt::format("SELECT COUNT(*) FROM {}", table)).value();
  EXPECT_TRUE(s->Step().value());
  int64_t n = s->Int(0);
  s->Reset();
  return n;
}

TEST(IngestTest, TruthStreamTwiceAddsNothingTheSecondTime) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Ingester first(**l, Source("truth", 7));
  ASSERT_TRUE(first.IngestTruthFile(DataPath("truth_small.jsonl")).ok());
  EXPECT_EQ(first.summary().rows, 43);
  EXPECT_EQ(first.summary().quarantined, 0);
  EXPECT_EQ(first.summary().duplicates, 0);
  EXPECT_EQ(first.summary().accepted, 43);
  int64_t entries = l->log().Count().value();
  EXPECT_EQ(entries, first.summary().entries());

  Ingester second(**l, Source("truth"));
  ASSERT_TRUE(second.IngestTruthFile(DataPath("truth_small.jsonl")).ok());
  EXPECT_EQ(second.summary().accepted, 4);  // header, footer and facilities store nothing
  EXPECT_EQ(second.summary().duplicates, 39);
  EXPECT_EQ(second.summary().entries(), 0);
  EXPECT_EQ(l->log().Count().value(), entries);
  EXPECT_TRUE(VerifyChain(l->log()).value().ok);
}

int64_t CountEntries(Ledger& l, std::string_view where) {
  return CountRows(l, fmt::format("event WHERE {}", where));
}

// The summary counts what the log took: events (and corrections) apart from identity records,
// and an identity record only when the person's or family's record was new or changed.
TEST(IngestTest, SummaryCountsEveryEntryTheLogTookEventsApartFromIdentityRecords) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  const std::string header(kBorderLogHeader);
  // S1 twice with the same details (one identity record), S2 twice with a changed name (two),
  // S3 and S4 in one family unit, S5 once.
  const std::string text =
      header +
      "R1,S1,,\"DIAZ, Juan\",M,01/01/2010,HONDURAS,05/10/2018,11:00,RGV,Ursula,,,,05/10/2018\n"
      "R2,S1,,\"DIAZ, Juan\",M,01/01/2010,HONDURAS,05/20/2018,11:00,RGV,Ursula,,,,05/20/2018\n"
      "R3,S2,,\"PEREZ, Ana\",F,01/01/1990,HONDURAS,05/10/2018,11:00,RGV,Ursula,,,,05/10/2018\n"
      "R4,S2,,\"PEREZ, Ana Maria\",F,01/01/1990,HONDURAS,05/21/2018,11:00,RGV,Ursula,,,,"
      "05/21/2018\n"
      "R5,S3,,\"LOPEZ, Rosa\",F,01/01/1985,GUATEMALA,05/11/2018,09:00,YUM,Yuma,FMU-9,,,"
      "05/11/2018\n"
      "R6,S4,,\"LOPEZ, Jose\",M,01/01/2012,GUATEMALA,05/11/2018,09:00,YUM,Yuma,FMU-9,,,"
      "05/11/2018\n"
      "R7,S5,,\"GOMEZ, Luis\",M,01/01/2000,GUATEMALA,05/12/2018,09:00,YUM,Yuma,,,,05/12/2018\n";
  Ingester first(**l, Source("test-log", 3));
  auto reader = RecordReader::FromBytes(text, mapping.format).value();
  ASSERT_TRUE(first.IngestRecords(*reader, "log.csv", mapping).ok());
  const IngestSummary& s = first.summary();
  EXPECT_EQ(s.accepted, 7);
  EXPECT_EQ(s.quarantined, 0);
  const int64_t identity_entries =
      CountEntries(**l, "type IN ('person_record', 'family_unit_record')");
  EXPECT_EQ(s.identity_records, identity_entries);
  EXPECT_EQ(s.events, CountEntries(**l, "type NOT IN ('person_record', 'family_unit_record')"));
  EXPECT_EQ(s.entries(), l->log().Count().value());
  // S1 once, S2 twice, S3, S4, S5: six person records (this layout records no family units).
  EXPECT_EQ(CountEntries(**l, "type = 'person_record'"), 6);
  EXPECT_GE(s.events, 7);  // an apprehension per row at least

  Ingester again(**l, Source("test-log", 3));
  auto reread = RecordReader::FromBytes(text, mapping.format).value();
  ASSERT_TRUE(again.IngestRecords(*reread, "log.csv", mapping).ok());
  EXPECT_EQ(again.summary().duplicates, 7);
  EXPECT_EQ(again.summary().events, 0);
  EXPECT_EQ(again.summary().identity_records, 0);
}

// Progress is reported after each committed batch, the last (short) one of each file included,
// with the rows so far, the file and the line of its last row read.
TEST(IngestTest, ProgressFollowsEachCommittedBatch) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  std::string text(kBorderLogHeader);
  for (int i = 0; i < 8; ++i) {
    text += fmt::format(
        "R{0},S{0},,\"DIAZ, Juan\",M,01/01/2010,HONDURAS,05/10/2018,11:00,RGV,Ursula,,,,"
        "05/10/2018\n",
        i);
  }
  struct Report {
    int64_t rows;
    std::string file;
    int64_t line;
  };
  std::vector<Report> reports;
  IngestOptions options = Source("test-log", 3);
  options.progress = [&](const IngestProgress& p) {
    // Each report comes after a commit: the rows it counts are in the ledger already.
    EXPECT_FALSE(l->db().InTransaction());
    reports.push_back({p.rows, std::string(p.file), p.line});
  };
  Ingester ingester(**l, options);
  for (const char* name : {"a.csv", "b.csv"}) {
    auto reader = RecordReader::FromBytes(text, mapping.format).value();
    ASSERT_TRUE(ingester.IngestRecords(*reader, name, mapping).ok());
  }
  // 8 data rows on lines 2-9 of each file, batches of 3: 3, 6, 8 in a.csv, then b.csv.
  ASSERT_EQ(reports.size(), 6u);
  const std::vector<int64_t> rows = {3, 6, 8, 11, 14, 16};
  const std::vector<int64_t> lines = {4, 7, 9, 4, 7, 9};
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_EQ(reports[i].rows, rows[i]) << i;
    EXPECT_EQ(reports[i].line, lines[i]) << i;
    EXPECT_EQ(reports[i].file, i < 3 ? "a.csv" : "b.csv") << i;
  }
}

struct QuarantineRow {
  int64_t line;
  std::string field, reason;
};

std::vector<QuarantineRow> Quarantined(Ledger& l) {
  auto s = l.db().Prepare("SELECT line, field, reason FROM quarantine ORDER BY line").value();
  std::vector<QuarantineRow> rows;
  while (s->Step().value()) rows.push_back({s->Int(0), s->Text(1), s->Text(2)});
  s->Reset();
  return rows;
}

TEST(IngestTest, EachKindOfBadRowIsQuarantinedWithItsReason) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  Ingester ingester(**l, Source("test-log"));
  ASSERT_TRUE(ingester.IngestFile(DataPath("border_log.csv"), mapping).ok());
  const IngestSummary& s = ingester.summary();
  EXPECT_EQ(s.rows, 8);
  EXPECT_EQ(s.accepted, 3);
  EXPECT_EQ(s.quarantined, 5);
  EXPECT_EQ(s.accepted + s.quarantined + s.duplicates, s.rows) << "nothing dropped silently";
  auto rows = Quarantined(**l);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].line, 4);
  EXPECT_EQ(rows[0].field, "person.birth_date");
  EXPECT_NE(rows[0].reason.find("bad date"), std::string::npos) << rows[0].reason;
  EXPECT_EQ(rows[1].field, "apprehension.sector");
  EXPECT_NE(rows[1].reason.find("unknown code 'XXX'"), std::string::npos) << rows[1].reason;
  EXPECT_EQ(rows[2].field, "person.a_number");
  EXPECT_NE(rows[2].reason.find("invalid A-number"), std::string::npos);
  EXPECT_EQ(rows[3].field, "");
  EXPECT_NE(rows[3].reason.find("wrong column count: 16 instead of 15"), std::string::npos);
  EXPECT_EQ(rows[4].field, "NAME");
  EXPECT_EQ(rows[4].reason, "invalid UTF-8");

  // Row R2 was released to ORR: the person is in ORR custody, with a name read from "SURNAMES,
  // Given".
  auto child = GetPersonStatus(l->db(), l->log(), "cbp:S2", l->deadlines()).value();
  ASSERT_TRUE(child && child->current);
  EXPECT_EQ(child->current->agency, "orr");
  EXPECT_EQ(child->display_name, "José PÉREZ LÓPEZ");
  auto released = GetPersonStatus(l->db(), l->log(), "cbp:S7", l->deadlines()).value();
  ASSERT_TRUE(released);
  EXPECT_EQ(released->status, "released");
  EXPECT_EQ(FindPersonsByName(l->db(), "maria guadalupe lopez hernandez").value(),
            (std::vector<std::string>{"cbp:S1"}));
  EXPECT_EQ(FindPersonsByANumber(l->db(), "A-012-345-678").value(),
            (std::vector<std::string>{"cbp:S1"}));

  // Again: every accepted row is a duplicate; the quarantine does not grow.
  int64_t entries = l->log().Count().value();
  Ingester again(**l, Source("test-log"));
  ASSERT_TRUE(again.IngestFile(DataPath("border_log.csv"), mapping).ok());
  EXPECT_EQ(again.summary().duplicates, 3);
  EXPECT_EQ(again.summary().accepted, 0);
  EXPECT_EQ(again.summary().quarantined, 5);
  EXPECT_EQ(l->log().Count().value(), entries);
  EXPECT_EQ(Quarantined(**l).size(), 5u);
}

TEST(IngestTest, ARevisedRecordBecomesACorrection) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  std::string header(kBorderLogHeader);
  std::string v1 =
      header + "R1,S1,,\"A, B\",F,01/02/1990,GUATEMALA,05/10/2018,10:00,RGV,Ursula,,,,05/10/2018\n";
  std::string v2 =
      header + "R1,S1,,\"A, B\",F,01/02/1990,GUATEMALA,05/10/2018,10:00,YUM,Yuma,,,,05/20/2018\n";
  for (const std::string& text : {v1, v2, v2}) {
    auto reader = RecordReader::FromBytes(text, mapping.format).value();
    Ingester ingester(**l, Source("test-log"));
    ASSERT_TRUE(ingester.IngestRecords(*reader, "log.csv", mapping).ok());
  }
  auto st = GetPersonStatus(l->db(), l->log(), "cbp:S1", l->deadlines()).value();
  ASSERT_TRUE(st && st->current);
  EXPECT_EQ(st->current->facility_id, "Yuma");
  EXPECT_EQ(CountRows(**l, "supersession"), 1);
  EXPECT_EQ(CountRows(**l, "source_record"), 2);
  EXPECT_TRUE(VerifyChain(l->log()).value().ok);
}

// Rows mapped on several threads keep their order: the ledger (chain head included), the counts
// and the quarantine are exactly those of one parser thread.
TEST(IngestTest, ParseThreadsGiveTheSameLedger) {
  ScratchDir dir;
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  std::string text(kBorderLogHeader);
  for (int i = 0; i < 1300; ++i) {
    std::string dob =
        i % 97 == 5 ? "13/45/2010" : fmt::format("01/{:02d}/20{:02d}", i % 28 + 1, i % 15);
    std::string sector = i % 101 == 7 ? "XXX" : (i % 2 ? "RGV" : "YUM");
    std::string family = i % 3 == 0 ? fmt::format("F{}", i / 3) : "";
    text += fmt::format(
        "R{},S{},,\"N{}, G{}\",{},{},GUATEMALA,05/{:02d}/2018,{:02d}:{:02d},{},"
        "Station {},{},,,05/28/2018\n",
        i, i % 900, i % 50, i, i % 2 ? "F" : "M", dob, i % 27 + 1, i % 24, i % 60, sector, i % 5,
        family);
  }
  struct Outcome {
    IngestSummary summary;
    int64_t head_seq = 0;
    std::string head_hash;
    std::vector<QuarantineRow> quarantine;
  };
  auto run = [&](size_t threads) {
    TestLedger l(dir.File(fmt::format("l{}.db", threads)));
    IngestOptions options = Source("test-log", 300);
    options.parse_threads = threads;
    Ingester ingester(**l, options);
    auto reader = RecordReader::FromBytes(text, mapping.format).value();
    EXPECT_TRUE(ingester.IngestRecords(*reader, "log.csv", mapping).ok());
    EXPECT_TRUE(VerifyChain(l->log()).value().ok);
    return Outcome{ingester.summary(), l->log().head_seq(), l->log().head_hash(), Quarantined(**l)};
  };
  Outcome one = run(1);
  Outcome four = run(4);
  EXPECT_EQ(one.summary.rows, 1300);
  EXPECT_GT(one.summary.quarantined, 20);
  EXPECT_GT(one.head_seq, 2000);
  EXPECT_EQ(four.summary.accepted, one.summary.accepted);
  EXPECT_EQ(four.summary.quarantined, one.summary.quarantined);
  EXPECT_EQ(four.summary.events, one.summary.events);
  EXPECT_EQ(four.head_seq, one.head_seq);
  EXPECT_EQ(four.head_hash, one.head_hash);
  ASSERT_EQ(four.quarantine.size(), one.quarantine.size());
  for (size_t i = 0; i < one.quarantine.size(); ++i) {
    EXPECT_EQ(four.quarantine[i].line, one.quarantine[i].line);
    EXPECT_EQ(four.quarantine[i].reason, one.quarantine[i].reason);
  }
}

TEST(RecordReaderTest, ReadsQuotingLatin1AndCrLf) {
  FileFormat format{.kind = FileKind::kDelimited,
                    .encoding = TextEncoding::kLatin1,
                    .delimiter = ';',
                    .quoting = Quoting::kRfc4180};
  std::string bytes =
      "\"ID\";\"NAME\"\r\n\"1\";\"MU\xD1OZ \"\"Chato\"\"\"\r\n\"2\";\"two\r\nlines\"\r\n";
  auto reader = RecordReader::FromBytes(bytes, format).value();
  EXPECT_EQ(reader->columns(), (std::vector<std::string>{"ID", "NAME"}));
  auto first = reader->Next();
  ASSERT_TRUE(first && !first->error);
  EXPECT_EQ(first->line, 2);
  EXPECT_EQ(first->Get("NAME"), "MUÑOZ \"Chato\"");
  auto second = reader->Next();
  ASSERT_TRUE(second && !second->error);
  EXPECT_EQ(second->line, 3);
  EXPECT_EQ(second->Get("NAME"), "two\r\nlines");
  EXPECT_FALSE(reader->Next());
}

TEST(RecordReaderTest, JsonLinesNullsAndBadLines) {
  FileFormat format{.kind = FileKind::kJsonLines};
  auto reader =
      RecordReader::FromBytes(
          "{\"id\":\"PL1\",\"dob\":null,\"separated\":true,\"age\":7}\nnot json\n\xff\xfe\n",
          format)
          .value();
  auto first = reader->Next();
  ASSERT_TRUE(first && !first->error);
  EXPECT_EQ(first->Get("dob"), "");
  EXPECT_EQ(first->Get("separated"), "true");
  EXPECT_EQ(first->Get("age"), "7");
  auto second = reader->Next();
  ASSERT_TRUE(second && second->error);
  EXPECT_EQ(second->error->reason, "not a JSON object");
  auto third = reader->Next();
  ASSERT_TRUE(third && third->error);
  EXPECT_EQ(third->error->reason, "invalid UTF-8");
}

// A file that fails before its first row (empty, no header, a header without the mapping's
// columns, missing) is an error naming the file, and nothing is stored.
TEST(IngestTest, ErrorsBeforeTheFirstRowNameTheFile) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  const std::string empty = dir.File("empty.csv");
  const std::string short_header = dir.File("short.csv");
  std::ofstream(empty).flush();
  std::ofstream(short_header) << "REC_ID,SUBJECT\nR1,S1\n";
  const std::string missing = dir.File("missing.csv");
  Ingester ingester(**l, Source("test-log"));
  for (const auto& [path, code, words] :
       {std::tuple{empty, StatusCode::kInvalidArgument, "no header row"},
        std::tuple{short_header, StatusCode::kInvalidArgument, "uses column"},
        std::tuple{missing, StatusCode::kNotFound, "cannot read"}}) {
    Status status = ingester.IngestFile(path, mapping);
    EXPECT_EQ(status.code(), code) << path;
    EXPECT_NE(status.message().find(path), std::string::npos) << status.message();
    EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
  }
  EXPECT_EQ(l->log().Count().value(), 0);
  EXPECT_EQ(ingester.summary().rows, 0);
}

TEST(MappingTest, ReportsAColumnTheFileDoesNotHave) {
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  Status status = mapping.CheckColumns({"REC_ID", "SUBJECT"});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("uses column"), std::string::npos);
  EXPECT_FALSE(ParseMapping("[source]\nagency = \"nowhere\"\n", "x").ok());
}

}  // namespace
}  // namespace kinlink::ledger::testing
