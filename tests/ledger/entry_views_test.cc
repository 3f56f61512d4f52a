// The append path without copies (ledger.h, event_log.h): entries are appended as views of the
// caller's text into buffers the ledger reuses. These tests check that the views give the very
// bytes an owned entry gives, that a reused buffer never carries one entry's bytes into the next,
// and that views of ingested rows stay valid however rows, chunks and batches interleave.
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/json_codec.h"
#include "ledger/hash_chain.h"
#include "ledger/internal/entry_subjects.h"
#include "ledger/verify.h"
#include "ledger_test_util.h"

namespace kinlink::ledger::testing {
namespace {

// Event::Subjects() without empties and repeats: what the ledger indexes an event under.
std::vector<std::string> ExpectedSubjects(const Event& event) {
  std::vector<std::string> out;
  for (const auto& id : event.Subjects()) {
    if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

std::vector<Event> EveryKindOfEvent() {
  std::vector<Event> events;
  auto add = [&](EventPayload payload) {
    events.push_back(
        MakeEvent(fmt::format("E{}", events.size()), "2018-05-10T10:00:00Z", std::move(payload)));
  };
  add(Apprehension{.person_id = "cbp:S-a-rather-long-person-identifier-1"});
  add(Referral{.person_id = "p1"});
  add(ProsecutionDecision{.person_id = "p2"});
  add(Hearing{.person_id = "p3"});
  add(Sentence{.person_id = ""});  // no subject
  add(CustodyTransfer{.person_id = "p4"});
  add(Separation{.child_id = "c1", .parent_id = "p1"});
  add(Separation{.child_id = "c1", .parent_id = "c1"});  // a repeat is indexed once
  add(Separation{.child_id = "", .parent_id = "p1"});
  add(OrrReferral{.child_id = "c2", .parent_id = "p2"});
  add(OrrReferral{.child_id = "c2"});
  add(OrrPlacement{.child_id = "c3"});
  add(OrrRelease{.child_id = "c4"});
  add(Removal{.person_id = "p5", .accompanying_children = {"c5", "", "c6", "c5", "p5"}});
  add(Contact{.parent_id = "p6", .child_id = "c7"});
  add(Reunification{.parent_id = "p7", .child_id = "c8"});
  ParentChildAssociation association;
  association.parent_id = "p8";
  association.child_id = "c9";
  add(Relationship{.association = association});
  auto replacement =
      std::make_shared<Event>(Separate("E6~r/replacement", "c10", "p9", "2018-05-11T00:00:00Z"));
  add(Correction{.supersedes_event_id = "E6", .reason = "revised", .replacement = replacement});
  add(Correction{.supersedes_event_id = "E7", .reason = "retracted"});
  return events;
}

TEST(EntrySubjectsTest, ViewsAreTheEventsSubjectsWithoutRepeatsForEveryEventType) {
  std::vector<Event> events = EveryKindOfEvent();
  std::vector<std::string_view> views;  // reused across events, as the ledger does
  std::set<EventType> types;
  for (const Event& event : events) {
    types.insert(event.type());
    views.clear();
    detail::AppendSubjectViews(event, views);
    std::vector<std::string> expected = ExpectedSubjects(event);
    ASSERT_EQ(views.size(), expected.size()) << event.event_id;
    for (size_t i = 0; i < views.size(); ++i) EXPECT_EQ(views[i], expected[i]) << event.event_id;
  }
  EXPECT_EQ(types.size(), 15u);  // every event type, corrections included
  // Views, not copies: they point into the event itself.
  views.clear();
  detail::AppendSubjectViews(events[0], views);
  ASSERT_EQ(views.size(), 1u);
  EXPECT_EQ(views[0].data(), std::get<Apprehension>(events[0].payload).person_id.data());
}

// The stored `event` rows, every column, in seq order.
std::vector<std::string> EventRows(Ledger& l) {
  std::vector<std::string> rows;
  Status status = l.log().ForEach([&](const LogEntry& e) {
    rows.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", e.seq, e.entry_id, e.type,
                               e.effective_at.time_since_epoch().count(),
                               e.recorded_at.time_since_epoch().count(), e.source_agency,
                               e.source_system, e.source_file, e.source_record_id, e.actor,
                               e.payload, e.prev_hash, e.hash));
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return rows;
}

TEST(EntryViewsTest, AppendingViewsStoresTheBytesOfTheOwnedEntry) {
  ScratchDir dir;
  TestLedger owned(dir.File("owned.db"));
  TestLedger viewed(dir.File("viewed.db"));
  ASSERT_TRUE(owned->Begin().ok());
  ASSERT_TRUE(viewed->Begin().ok());
  // Long fields, then short ones, then empty ones: a reused buffer that kept a longer entry's
  // tail would change the short entries' bytes and hashes.
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {std::string(300, 'x'), std::string(2000, 'p')},
      {"E2", "{}"},
      {"E3", ""},
      {std::string(70, 'y'), std::string(64, 'h')},
      {"E5", "{\"a\":1}"}};
  for (const auto& [id, payload] : shapes) {
    LogEntry entry;
    entry.entry_id = id;
    entry.type = "link_decision";
    entry.effective_at = T("2018-05-10T10:00:00Z");
    entry.source_agency = "cbp";
    entry.source_file = id.size() > 10 ? std::string(120, 'f') : "f.csv";
    entry.actor = id.size() > 10 ? "" : "reviewer";
    entry.payload = payload;
    std::vector<std::string> subjects{"cbp:S1", id.size() > 10 ? std::string(40, 's') : "p"};
    ASSERT_TRUE(owned->AppendEntry(entry, subjects).ok());

    std::string text_id = id, text_payload = payload;  // the caller's text, changed afterwards
    std::vector<std::string_view> views(subjects.begin(), subjects.end());
    auto seq = viewed->log().Append(EntryRef{.entry_id = text_id,
                                             .type = entry.type,
                                             .effective_at = entry.effective_at,
                                             .recorded_at = viewed.clock.Now(),
                                             .source_agency = entry.source_agency,
                                             .source_file = entry.source_file,
                                             .actor = entry.actor,
                                             .payload = text_payload},
                                    views, entry.effective_at);
    ASSERT_TRUE(seq.ok()) << seq.status().ToString();
    std::fill(text_id.begin(), text_id.end(), '#');
    std::fill(text_payload.begin(), text_payload.end(), '#');
    EXPECT_EQ(*seq, viewed->log().head_seq());
    EXPECT_EQ(viewed->log().head_hash(), owned->log().head_hash()) << id.substr(0, 8);
  }
  ASSERT_TRUE(owned->Commit().ok());
  ASSERT_TRUE(viewed->Commit().ok());
  EXPECT_EQ(EventRows(**viewed), EventRows(**owned));
  EXPECT_TRUE(VerifyChain(viewed->log()).value().ok);
  // A duplicate id fails and leaves the head where it was.
  ASSERT_TRUE(viewed->Begin().ok());
  std::string head = viewed->log().head_hash();
  std::string_view no_subjects[1] = {"p"};
  auto again = viewed->log().Append(EntryRef{.entry_id = "E2", .type = "link_decision"},
                                    std::span(no_subjects, 0), T("2018-05-10T10:00:00Z"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(viewed->log().head_hash(), head);
  viewed->Abort();
}

TEST(EntryViewsTest, IdentityRecordIdsDoNotCarryBytesFromTheEntryBefore) {
  ScratchDir dir;
  TestLedger l(dir.File("l.db"));
  EventSource source{Agency::kCbp, "e3", "f.csv", "R1"};
  Timestamp at = T("2018-05-10T10:00:00Z");
  // Person ids from long to short, then a family unit (the same id buffer).
  std::vector<Person> persons = {Child("cbp:S" + std::string(60, '9'), "2015-03-01"),
                                 Child("cbp:S12", "2016-03-01"), Child("c", "2017-03-01")};
  FamilyUnit family;
  family.family_unit_id = "F1";
  family.members = {"c", "cbp:S12", "c"};
  ASSERT_TRUE(l->Begin().ok());
  for (const Person& p : persons) ASSERT_TRUE(l->RecordPerson(p, at, source).ok());
  ASSERT_TRUE(l->RecordFamilyUnit(family, at, source).ok());
  ASSERT_TRUE(l->Commit().ok());

  std::vector<std::string> ids;
  ASSERT_TRUE(l->log()
                  .ForEach([&](const LogEntry& e) {
                    ids.push_back(e.entry_id);
                    return Status::Ok();
                  })
                  .ok());
  std::vector<std::string> expected;
  for (const Person& p : persons) {
    expected.push_back(
        fmt::format("person:{}:{}", p.person_id, Sha256Hex(PersonToJson(p).dump()).substr(0, 16)));
  }
  expected.push_back(
      fmt::format("family:F1:{}", Sha256Hex(FamilyUnitToJson(family).dump()).substr(0, 16)));
  EXPECT_EQ(ids, expected);
  EXPECT_TRUE(VerifyChain(l->log()).value().ok);
  // The family's members are indexed once each.
  auto s = l->db().Prepare("SELECT COUNT(*) FROM event_subject WHERE seq = 4").value();
  ASSERT_TRUE(s->Step().value());
  EXPECT_EQ(s->Int(0), 2);
  s->Reset();
}

// Every row of `table`, each as its quoted columns joined, in order: the table's whole content.
std::vector<std::string> TableRows(Ledger& l, const std::string& table) {
  std::vector<std::string> columns;
  auto info = l.db().Prepare(fmt::format("SELECT name FROM pragma_table_info('{}')", table));
  EXPECT_TRUE(info.ok());
  while ((*info)->Step().value()) columns.push_back("quote(" + (*info)->Text(0) + ")");
  (*info)->Reset();
  EXPECT_FALSE(columns.empty()) << table;
  std::string joined = fmt::format("{}", fmt::join(columns, " || '|' || "));
  auto s = l.db().Prepare(fmt::format("SELECT {0} FROM {1} ORDER BY {0}", joined, table));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  std::vector<std::string> rows;
  while ((*s)->Step().value()) rows.push_back((*s)->Text(0));
  (*s)->Reset();
  return rows;
}

TEST(EntryViewsTest, ViewsOfIngestedRowsStayValidAcrossChunksAndBatchFlushes) {
  ScratchDir dir;
  Mapping mapping = LoadMapping(DataPath("border_log.toml")).value();
  std::string text(kBorderLogHeader);
  // More rows than a pipeline chunk (512), persons seen again in later chunks and batches, and
  // some quarantined rows in between.
  for (int i = 0; i < 1400; ++i) {
    std::string dob =
        i % 97 == 5 ? "13/45/2010" : fmt::format("01/{:02d}/20{:02d}", i % 28 + 1, i % 15);
    std::string family = i % 3 == 0 ? fmt::format("F{}", i / 3) : "";
    text += fmt::format(
        "R{},S{},,\"N{}, G{}\",{},{},GUATEMALA,05/{:02d}/2018,{:02d}:{:02d},{},"
        "Station {},{},,,05/28/2018\n",
        i, i % 700, i % 50, std::string(i % 40, 'g'), i % 2 ? "F" : "M", dob, i % 27 + 1, i % 24,
        i % 60, i % 2 ? "RGV" : "YUM", i % 5, family);
  }
  const std::vector<std::string> tables = {"event",         "event_subject",    "person",
                                           "person_state",  "custody_interval", "separation",
                                           "family_member", "deadline",         "parent_link",
                                           "source_record", "quarantine",       "supersession"};
  auto run = [&](const std::string& name, size_t batch_rows, bool parse_thread) {
    TestLedger l(dir.File(name));
    IngestOptions options = Source("test-log", batch_rows);
    options.parse_thread = parse_thread;
    Ingester ingester(**l, options);
    auto reader = RecordReader::FromBytes(text, mapping.format).value();
    EXPECT_TRUE(ingester.IngestRecords(*reader, "log.csv", mapping).ok());
    EXPECT_TRUE(VerifyChain(l->log()).value().ok);
    EXPECT_EQ(ingester.summary().rows, 1400);
    std::map<std::string, std::vector<std::string>> content;
    for (const auto& table : tables) content[table] = TableRows(**l, table);
    return content;
  };
  auto one_batch = run("one.db", 100000, false);
  auto small_batches = run("small.db", 7, true);  // a commit every 7 rows, rows on a thread
  EXPECT_GT(one_batch["event"].size(), 2000u);
  EXPECT_GT(one_batch["quarantine"].size(), 5u);
  for (const auto& table : tables) {
    EXPECT_EQ(small_batches[table], one_batch[table]) << table;
  }
}

}  // namespace
}  // namespace kinlink::ledger::testing
