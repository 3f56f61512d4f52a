// bench_ledger_ingest: the custody ledger's write and read paths at volume.
//
// 1. Generates a seeded stream of families moving through the pipeline (apprehension, referral,
//    separation, Marshals, ORR, hearing, sentence, ICE, removal or reunification; about 1% of
//    families have an event delivered late, out of order) and appends it to a fresh ledger file
//    in batches, each batch one durable commit (WAL, synchronous=FULL), with the hash chain and
//    every projection maintained. Prints events/s.
// 2. The peer: SQLite itself inserting the same event rows (pre-serialized) into a plain table
//    with the same columns, in one transaction, no chain, no projections. Prints rows/s and the
//    ratio.
// 3. `status` for random persons and families on the ledger just built: p50/p99 in process.
//
//   bench_ledger_ingest [--events N] [--batch B] [--queries Q] [--dir DIR] [--seed S]
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json_codec.h"
#include "ledger/alert_rules.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"

using namespace kinlink;
using namespace kinlink::ledger;
using WallClock = std::chrono::steady_clock;

namespace {

struct Generated {
  std::vector<Event> events;
  std::vector<std::string> persons;
  std::vector<std::string> families;
};

Generated Generate(int64_t target, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Generated g;
  g.events.reserve(target + 32);
  Timestamp t0 = ParseTimestamp("2018-04-01T00:00:00Z").value();
  const Sector sectors[] = {Sector::kRioGrandeValley, Sector::kYuma, Sector::kElPaso,
                            Sector::kTucson};
  int64_t family = 0;
  auto id = [&](std::string_view kind, int64_t f, int n) {
    return fmt::format("E{}-{}-{}", kind, f, n);
  };
  while (static_cast<int64_t>(g.events.size()) < target) {
    ++family;
    std::string fid = fmt::format("F{}", family);
    std::string parent = fmt::format("P{}a", family);
    int children = 1 + static_cast<int>(rng() % 2);
    g.families.push_back(fid);
    g.persons.push_back(parent);
    Timestamp t = t0 + std::chrono::seconds(family * 37);
    auto at = [&](int hours) { return t + std::chrono::hours(hours); };
    std::vector<Event> story;
    Sector sector = sectors[rng() % 4];
    std::string station = fmt::format("cbp-station-{}", rng() % 40);
    story.push_back(
        {id("ap", family, 0), at(0), {}, {}, "", Apprehension{parent, fid, sector, station}});
    story.push_back({id("rf", family, 0),
                     at(6),
                     {},
                     {},
                     "",
                     Referral{parent, District::kSdTex, Statute::kIllegalEntry1325}});
    story.push_back({id("tr", family, 0),
                     at(8),
                     {},
                     {},
                     "",
                     CustodyTransfer{parent, Custody{Agency::kCbp, station},
                                     Custody{Agency::kUsms, "usms-jail"}, ""}});
    for (int c = 0; c < children; ++c) {
      std::string child = fmt::format("P{}c{}", family, c);
      g.persons.push_back(child);
      story.push_back(
          {id("ap", family, c + 1), at(0), {}, {}, "", Apprehension{child, fid, sector, station}});
      story.push_back({id("se", family, c),
                       at(7),
                       {},
                       {},
                       "",
                       Separation{child, parent, fid, SeparationReason::kParentProsecution}});
      story.push_back({id("or", family, c),
                       at(20),
                       {},
                       {},
                       "",
                       OrrReferral{child, Agency::kCbp, true, parent}});
      story.push_back(
          {id("tc", family, c),
           at(30 + static_cast<int>(rng() % 60)),
           {},
           {},
           "",
           CustodyTransfer{child, Custody{Agency::kCbp, station},
                           Custody{Agency::kOrr, fmt::format("orr-{}", rng() % 100)}, ""}});
      story.push_back({id("rl", family, c),
                       at(24 * (20 + static_cast<int>(rng() % 70))),
                       {},
                       {},
                       "",
                       OrrRelease{child, SponsorCategory::kCloseRelative, std::nullopt}});
    }
    story.push_back({id("he", family, 0),
                     at(30),
                     {},
                     {},
                     "",
                     Hearing{parent, District::kSdTex, "court", fmt::format("18-{}", family), 40}});
    story.push_back({id("sn", family, 0),
                     at(31),
                     {},
                     {},
                     "",
                     Sentence{parent, fmt::format("18-{}", family), Disposition::kTimeServed, 0}});
    story.push_back({id("ti", family, 0),
                     at(40),
                     {},
                     {},
                     "",
                     CustodyTransfer{parent, Custody{Agency::kUsms, "usms-jail"},
                                     Custody{Agency::kIce, "ice-detention"}, ""}});
    story.push_back({id("rm", family, 0), at(24 * 12), {}, {}, "", Removal{parent, "GTM", {}}});
    std::stable_sort(story.begin(), story.end(), [](const Event& a, const Event& b) {
      return a.effective_at < b.effective_at;
    });
    if (rng() % 100 == 0 && story.size() > 3) {  // one event arrives late
      std::rotate(story.begin() + 2, story.begin() + 3, story.end());
    }
    for (auto& e : story) g.events.push_back(std::move(e));
  }
  return g;
}

double Seconds(WallClock::duration d) { return std::chrono::duration<double>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

double SqliteBaseline(const Generated& g, const std::string& path) {
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr);
  sqlite3_exec(db,
               "CREATE TABLE event (seq BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, "
               "type TEXT NOT NULL, effective_at BIGINT NOT NULL, recorded_at BIGINT NOT NULL, "
               "source_agency TEXT NOT NULL, source_system TEXT NOT NULL, source_file TEXT NOT "
               "NULL, source_record_id TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT "
               "NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  std::vector<std::string> payloads;
  payloads.reserve(g.events.size());
  for (const auto& e : g.events) payloads.push_back(EventToJson(e).dump());
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO event VALUES (?, ?, ?, ?, ?, '', '', '', '', '', ?, '', '')",
                     -1, &insert, nullptr);
  auto start = WallClock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (size_t i = 0; i < g.events.size(); ++i) {
    const Event& e = g.events[i];
    std::string_view type = ToString(e.type());
    sqlite3_bind_int64(insert, 1, static_cast<int64_t>(i + 1));
    sqlite3_bind_text(insert, 2, e.event_id.data(), static_cast<int>(e.event_id.size()),
                      SQLITE_STATIC);
    sqlite3_bind_text(insert, 3, type.data(), static_cast<int>(type.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert, 4, e.effective_at.time_since_epoch().count());
    sqlite3_bind_int64(insert, 5, 1'700'000'000);
    sqlite3_bind_text(insert, 6, payloads[i].data(), static_cast<int>(payloads[i].size()),
                      SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double rate = g.events.size() / Seconds(WallClock::now() - start);
  sqlite3_finalize(insert);
  sqlite3_close(db);
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 5'000'000;
  size_t batch = 20'000;
  int queries = 20'000;
  uint64_t seed = 2018;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) events = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--queries")) queries = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::stoull(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  Generated g = Generate(events, seed);
  fmt::print("generated {} events for {} persons in {} families (seed {})\n", g.events.size(),
             g.persons.size(), g.families.size(), seed);

  std::string path = dir + "/bench_ledger.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  ManualClock clock(ParseTimestamp("2026-01-01T00:00:00Z").value());
  auto ledger = Ledger::Open({.storage = {.path = path},
                              .clock = &clock,
                              .deadlines = DefaultAlertRules().Deadlines()})
                    .value();
  auto start = WallClock::now();
  for (size_t i = 0; i < g.events.size(); i += batch) {
    if (!ledger->Begin().ok()) return 1;
    for (size_t j = i; j < std::min(g.events.size(), i + batch); ++j) {
      Status s = ledger->AppendEvent(g.events[j]);
      if (!s.ok()) {
        fmt::print(stderr, "append failed: {}\n", s.ToString());
        return 1;
      }
    }
    Status s = ledger->Commit();
    if (!s.ok()) {
      fmt::print(stderr, "commit failed: {}\n", s.ToString());
      return 1;
    }
  }
  double ingest_seconds = Seconds(WallClock::now() - start);
  double ingest_rate = g.events.size() / ingest_seconds;
  fmt::print(
      "kinlink ledger ingest: {:.0f} events/s ({} events in {:.1f} s, batches of {}, "
      "durable commit per batch, hash chain + projections)\n",
      ingest_rate, g.events.size(), ingest_seconds, batch);

  double baseline = SqliteBaseline(g, dir + "/bench_sqlite_baseline.db");
  fmt::print("sqlite baseline (plain INSERT of the same rows, one transaction): {:.0f} rows/s\n",
             baseline);
  fmt::print("ratio kinlink/sqlite-baseline: {:.2f}\n", ingest_rate / baseline);

  std::mt19937_64 rng(seed + 1);
  std::vector<double> person_us, family_us;
  for (int q = 0; q < queries; ++q) {
    const std::string& person = g.persons[rng() % g.persons.size()];
    auto t = WallClock::now();
    auto st = GetPersonStatus(ledger->db(), ledger->log(), person, ledger->deadlines());
    person_us.push_back(Seconds(WallClock::now() - t) * 1e6);
    if (!st.ok() || !*st) {
      fmt::print(stderr, "status failed for {}\n", person);
      return 1;
    }
  }
  for (int q = 0; q < queries / 4; ++q) {
    const std::string& family = g.families[rng() % g.families.size()];
    auto t = WallClock::now();
    auto st = GetFamilyStatus(ledger->db(), ledger->log(), family, ledger->deadlines());
    family_us.push_back(Seconds(WallClock::now() - t) * 1e6);
    if (!st.ok() || !*st) {
      fmt::print(stderr, "family status failed for {}\n", family);
      return 1;
    }
  }
  fmt::print("status --person on {} events: p50 {:.0f} us, p99 {:.0f} us ({} queries)\n",
             g.events.size(), Percentile(person_us, 0.5), Percentile(person_us, 0.99),
             person_us.size());
  fmt::print("status --family on {} events: p50 {:.0f} us, p99 {:.0f} us ({} queries)\n",
             g.events.size(), Percentile(family_us, 0.5), Percentile(family_us, 0.99),
             family_us.size());
  ledger.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return 0;
}
