// bench_ledger_ingest: `kinlink ingest` of the synthesizer's agency exports against SQLite itself.
//
// 1. kinlink: ingests every export found in --data (cbp_apprehensions.csv, ice_detentions.tsv,
//    usms_bookings.csv, usao_dockets.txt, orr_placements.jsonl; each through its shipped mapping
//    in config/mappings/) into a fresh ledger, exactly as the CLI does: parser thread + writer,
//    idempotency keys, quarantine, hash chain, projections, one commit per --batch rows
//    (WAL, synchronous=NORMAL by default, --sync full for an fsync per commit). Prints rows/s and
//    log entries/s (events and identity records: what the chain and the peer count) and, beside
//    it, the rate of the events alone (apprehensions, bookings, transfers…; no identity records).
// 2. Re-ingest of the same files (every row a duplicate): rows/s.
// 3. The peer, in the same program: SQLite inserting the very rows the ledger's `event` table
//    now holds (read back first, all 13 columns, the same UNIQUE event_id key) into a plain table
//    with prepared statements, committing every --batch rows with the same synchronous setting:
//    no parsing, no chain, no projections. Prints rows/s and the ratio kinlink/peer.
//
//   bench_ledger_ingest --data DIR [--batch B] [--sync normal|full] [--dir SCRATCH]
//                       [--no-parse-thread] [--parse-threads N]
// --parse-threads N maps and serializes rows on N threads (0: one per core; default 1).
#include <fmt/format.h>
#include <sqlite3.h>
#include <time.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/config_files.h"
#include "ledger/ingest.h"
#include "ledger/ledger.h"
#include "ledger/mapping.h"

using namespace kinlink;
using namespace kinlink::ledger;
using WallClock = std::chrono::steady_clock;

namespace {

double Seconds(WallClock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of the whole process (every thread): on the shared machine the wall rate mostly says
// how much of a core the bench got, the CPU time what the work costs.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return fmt::format("{} {} {}", one, five, fifteen);
}

constexpr std::pair<const char*, const char*> kExports[] = {
    {"cbp", "cbp_apprehensions.csv"}, {"ice", "ice_detentions.tsv"},
    {"usms", "usms_bookings.csv"},    {"usao", "usao_dockets.txt"},
    {"orr", "orr_placements.jsonl"},
};

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

struct Run {
  IngestSummary summary;
  double seconds = 0;
  double cpu_seconds = 0;
};

Result<Run> IngestAll(Ledger& ledger, const std::string& data, size_t batch, bool parse_thread,
                      size_t parse_threads) {
  Run run;
  auto start = WallClock::now();
  double cpu_start = ProcessCpuSeconds();
  for (auto [source, file] : kExports) {
    std::string path = data + "/" + file;
    if (!std::filesystem::exists(path)) continue;
    KINLINK_ASSIGN_OR_RETURN(std::string mapping_path,
                             FindConfigFile(fmt::format("config/mappings/{}.toml", source)));
    KINLINK_ASSIGN_OR_RETURN(Mapping mapping, LoadMapping(mapping_path));
    IngestOptions options;
    options.source = source;
    options.batch_rows = batch;
    options.parse_thread = parse_thread;
    options.parse_threads = parse_threads;
    Ingester ingester(ledger, options);
    KINLINK_RETURN_IF_ERROR(ingester.IngestFile(path, mapping));
    const IngestSummary& s = ingester.summary();
    run.summary.files += s.files;
    run.summary.rows += s.rows;
    run.summary.accepted += s.accepted;
    run.summary.duplicates += s.duplicates;
    run.summary.quarantined += s.quarantined;
    run.summary.events += s.events;
    run.summary.identity_records += s.identity_records;
  }
  run.seconds = Seconds(WallClock::now() - start);
  run.cpu_seconds = ProcessCpuSeconds() - cpu_start;
  return run;
}

struct Row {
  int64_t ints[3];
  std::string texts[10];
};

// The event table's rows, read back from the ledger.
std::vector<Row> ReadEvents(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT seq, effective_at, recorded_at, event_id, type, source_agency, "
                     "source_system, source_file, source_record_id, actor, payload, prev_hash, "
                     "hash FROM event ORDER BY seq",
                     -1, &s, nullptr);
  std::vector<Row> rows;
  while (sqlite3_step(s) == SQLITE_ROW) {
    Row r;
    for (int i = 0; i < 3; ++i) r.ints[i] = sqlite3_column_int64(s, i);
    for (int i = 0; i < 10; ++i) {
      const unsigned char* t = sqlite3_column_text(s, 3 + i);
      r.texts[i].assign(reinterpret_cast<const char*>(t),
                        static_cast<size_t>(sqlite3_column_bytes(s, 3 + i)));
    }
    rows.push_back(std::move(r));
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return rows;
}

struct Rate {
  double per_second = 0;      // rows per wall second
  double per_cpu_second = 0;  // rows per CPU second
};

Rate SqliteBaseline(const std::vector<Row>& rows, const std::string& path, size_t batch,
                    bool full_sync) {
  RemoveDb(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               full_sync ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
               nullptr, nullptr, nullptr);
  sqlite3_exec(db,
               "CREATE TABLE event (seq BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, "
               "type TEXT NOT NULL, effective_at BIGINT NOT NULL, recorded_at BIGINT NOT NULL, "
               "source_agency TEXT NOT NULL, source_system TEXT NOT NULL, source_file TEXT NOT "
               "NULL, source_record_id TEXT NOT NULL, actor TEXT NOT NULL, payload TEXT NOT "
               "NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO event (seq, effective_at, recorded_at, event_id, type, "
                     "source_agency, source_system, source_file, source_record_id, actor, "
                     "payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     -1, &insert, nullptr);
  auto start = WallClock::now();
  double cpu_start = ProcessCpuSeconds();
  for (size_t i = 0; i < rows.size(); i += batch) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (size_t j = i; j < std::min(rows.size(), i + batch); ++j) {
      const Row& r = rows[j];
      for (int k = 0; k < 3; ++k) sqlite3_bind_int64(insert, k + 1, r.ints[k]);
      for (int k = 0; k < 10; ++k) {
        sqlite3_bind_text(insert, k + 4, r.texts[k].data(), static_cast<int>(r.texts[k].size()),
                          SQLITE_STATIC);
      }
      sqlite3_step(insert);
      sqlite3_reset(insert);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  Rate rate{rows.size() / Seconds(WallClock::now() - start),
            rows.size() / (ProcessCpuSeconds() - cpu_start)};
  sqlite3_finalize(insert);
  sqlite3_close(db);
  RemoveDb(path);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  size_t batch = 20'000;
  bool full_sync = false;
  bool parse_thread = true;
  size_t parse_threads = 1;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--no-parse-thread")) parse_thread = false;
    if (!has_value) continue;
    if (!std::strcmp(argv[i], "--data"))
      data = argv[++i];
    else if (!std::strcmp(argv[i], "--batch"))
      batch = std::stoul(argv[++i]);
    else if (!std::strcmp(argv[i], "--sync"))
      full_sync = !std::strcmp(argv[++i], "full");
    else if (!std::strcmp(argv[i], "--dir"))
      dir = argv[++i];
    else if (!std::strcmp(argv[i], "--parse-threads"))
      parse_threads = std::stoul(argv[++i]);
  }
  if (data.empty()) {
    fmt::print(stderr, "usage: bench_ledger_ingest --data DIR [--batch B] [--sync normal|full]\n");
    return 2;
  }
  std::string path = dir + "/bench_ledger_ingest.db";
  RemoveDb(path);
  ManualClock clock(ParseTimestamp("2026-01-01T00:00:00Z").value());
  LedgerOptions options;
  options.storage.path = path;
  options.storage.durable = full_sync;
  options.storage.wal_autocheckpoint_pages = kBulkWalCheckpointPages;  // as `kinlink ingest`
  options.clock = &clock;
  options.deadlines = DefaultAlertRules().Deadlines();
  auto ledger = Ledger::Open(options);
  if (!ledger.ok()) {
    fmt::print(stderr, "{}\n", ledger.status().ToString());
    return 1;
  }
  auto first = IngestAll(**ledger, data, batch, parse_thread, parse_threads);
  if (!first.ok()) {
    fmt::print(stderr, "ingest failed: {}\n", first.status().ToString());
    return 1;
  }
  int64_t entries = (*ledger)->log().Count().value();
  double event_rate = entries / first->seconds;
  const char* sync = full_sync ? "FULL" : "NORMAL";
  fmt::print(
      "kinlink ingest: {} files, {} rows ({} accepted, {} quarantined) -> {} log entries in "
      "{:.2f} s: {:.0f} rows/s, {:.0f} events/s (batches of {}, WAL synchronous={}, {})\n",
      first->summary.files, first->summary.rows, first->summary.accepted,
      first->summary.quarantined, entries, first->seconds, first->summary.rows / first->seconds,
      event_rate, batch, sync,
      parse_thread ? fmt::format("{} parser thread(s)", parse_threads) : "one thread");
  fmt::print("of which events {} and identity records {}: {:.0f} events/s counting events alone\n",
             first->summary.events, first->summary.identity_records,
             first->summary.events / first->seconds);
  fmt::print(
      "kinlink ingest CPU: {:.2f} s over all threads, {:.1f} us per entry, {:.0f} events per "
      "CPU-second\n",
      first->cpu_seconds, first->cpu_seconds * 1e6 / entries, entries / first->cpu_seconds);
  fmt::print("chain head: seq {} hash {}\n", (*ledger)->log().head_seq(),
             (*ledger)->log().head_hash());
  auto again = IngestAll(**ledger, data, batch, parse_thread, parse_threads);
  if (!again.ok() || again->summary.accepted != 0 || (*ledger)->log().Count().value() != entries) {
    fmt::print(stderr, "re-ingest was not idempotent\n");
    return 1;
  }
  fmt::print("kinlink re-ingest (all duplicates): {:.0f} rows/s\n",
             again->summary.rows / again->seconds);
  ledger->reset();

  std::vector<Row> rows = ReadEvents(path);
  RemoveDb(path);
  Rate baseline = SqliteBaseline(rows, dir + "/bench_ledger_sqlite_peer.db", batch, full_sync);
  fmt::print(
      "sqlite peer (plain prepared INSERT of the same {} event rows, commit per {}, "
      "synchronous={}): {:.0f} rows/s, {:.0f} rows per CPU-second\n",
      rows.size(), batch, sync, baseline.per_second, baseline.per_cpu_second);
  fmt::print("ratio kinlink events/s / sqlite rows/s: {:.2f} (wall), {:.2f} (CPU)\n",
             event_rate / baseline.per_second,
             entries / first->cpu_seconds / baseline.per_cpu_second);
  fmt::print("load average: {}\n", LoadAverage());
  return 0;
}
