// bench_ledger_status: `status` for a person and for a family on a ledger of >= 5 million
// events, in process (the GetPersonStatus / GetFamilyStatus calls the CLI and the HTTP service
// make), p50/p99/max over random persons and families.
//
// The ledger is built once from synthetic custody stories (ledger_bench_stories.h: 10-16 events
// per family, 1% delivered out of order) through the Ledger write API with the hash chain and
// every projection maintained, or reused when --db already holds at least --events entries.
// The first --warmup queries are reported apart as "cold" (they fault the database's pages into
// the cache); then --queries warm ones. Each query is timed in wall time and in the thread's CPU
// time: on a loaded machine the wall p99 is mostly time spent waiting for a core. Then the same
// again after the database file has been read once ("resident"): a query's pages that are not in
// the OS page cache are disk reads of milliseconds each, so the warm figures depend on how much
// of the file the OS happens to hold (printed), the resident ones only on the query's own work.
//
//   bench_ledger_status [--db PATH] [--events N] [--queries Q] [--warmup W] [--seed S]
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/clock.h"
#include "ledger/alert_rules.h"
#include "ledger/ledger.h"
#include "ledger/queries.h"
#include "ledger_bench_stories.h"

using namespace kinlink;
using namespace kinlink::ledger;
using WallClock = std::chrono::steady_clock;

namespace {

double Seconds(WallClock::duration d) { return std::chrono::duration<double>(d).count(); }

// CPU time of the calling thread: what a query costs, apart from waiting for a core.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return fmt::format("{} {} {}", one, five, fifteen);
}

// The fraction of the file's pages in the OS page cache (mincore over a read-only mapping): a
// page that is not costs a disk read, which is what makes a query's wall time exceed its CPU.
double ResidentFraction(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  struct stat st {};
  fstat(fd, &st);
  size_t size = static_cast<size_t>(st.st_size);
  void* map = size ? mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
  close(fd);
  if (map == MAP_FAILED) return 0;
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> in_core((size + page - 1) / page);
  double fraction = 0;
  if (mincore(map, size, in_core.data()) == 0) {
    size_t resident = 0;
    for (unsigned char c : in_core) resident += c & 1;
    fraction = static_cast<double>(resident) / static_cast<double>(in_core.size());
  }
  munmap(map, size);
  return fraction;
}

// Reads the whole file once, so the OS holds it in its page cache (what a server with the RAM
// for its database has after its first minutes; `vmtouch -t` / pg_prewarm do the same).
double ReadWholeFile(const std::string& path) {
  auto start = WallClock::now();
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return 0;
  std::vector<char> buffer(4 << 20);
  while (read(fd, buffer.data(), buffer.size()) > 0) {
  }
  close(fd);
  return Seconds(WallClock::now() - start);
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

std::vector<std::string> Column(Ledger& ledger, std::string_view sql) {
  std::vector<std::string> out;
  SqlStatement* s = ledger.db().Prepare(sql).value();
  while (s->Step().value()) out.push_back(s->Text(0));
  s->Reset();
  return out;
}

Status Build(Ledger& ledger, int64_t events, uint64_t seed) {
  bench::StoryGenerator stories(seed);
  KINLINK_RETURN_IF_ERROR(ledger.EnableWriteFilters());
  auto start = WallClock::now();
  int64_t written = 0;
  std::vector<Event> batch;
  while (written < events) {
    batch.clear();
    while (batch.size() < 20'000) stories.NextFamily(batch);
    KINLINK_RETURN_IF_ERROR(ledger.Begin());
    for (const Event& e : batch) KINLINK_RETURN_IF_ERROR(ledger.AppendEvent(e));
    KINLINK_RETURN_IF_ERROR(ledger.Commit());
    written += static_cast<int64_t>(batch.size());
    if (written % 1'000'000 < 20'000) {
      fmt::print(stderr, "  {} events ({:.0f}/s)\n", written,
                 written / Seconds(WallClock::now() - start));
    }
  }
  fmt::print("built {} events for {} families in {:.0f} s ({:.0f} events/s, chain + projections)\n",
             written, stories.families(), Seconds(WallClock::now() - start),
             written / Seconds(WallClock::now() - start));
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t events = 5'000'000;
  int queries = 20'000;
  int warmup = 2'000;
  uint64_t seed = 2018;
  std::string path = (std::filesystem::temp_directory_path() / "kinlink_bench_status.db").string();
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) events = std::stoll(argv[i + 1]);
    if (!std::strcmp(argv[i], "--queries")) queries = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--warmup")) warmup = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::stoull(argv[i + 1]);
    if (!std::strcmp(argv[i], "--db")) path = argv[i + 1];
  }
  ManualClock clock(ParseTimestamp("2026-01-01T00:00:00Z").value());
  LedgerOptions options;
  options.storage.path = path;
  options.storage.durable = false;
  options.clock = &clock;
  options.deadlines = DefaultAlertRules().Deadlines();
  auto opened = Ledger::Open(options);
  if (!opened.ok()) {
    fmt::print(stderr, "{}\n", opened.status().ToString());
    return 1;
  }
  Ledger& ledger = **opened;
  int64_t have = ledger.log().Count().value();
  if (have < events) {
    if (have > 0) {
      fmt::print(stderr, "{} holds {} entries, fewer than {}: remove it first\n", path, have,
                 events);
      return 1;
    }
    Status built = Build(ledger, events, seed);
    if (!built.ok()) {
      fmt::print(stderr, "build failed: {}\n", built.ToString());
      return 1;
    }
    have = ledger.log().Count().value();
  } else {
    fmt::print("reusing {} ({} entries)\n", path, have);
  }
  std::vector<std::string> persons = Column(ledger, "SELECT person_id FROM person_state");
  std::vector<std::string> families =
      Column(ledger, "SELECT DISTINCT family_unit_id FROM family_member");
  fmt::print("ledger: {} entries, {} persons, {} families\n", have, persons.size(),
             families.size());
  if (persons.empty() || families.empty()) return 1;

  std::mt19937_64 rng(seed + 1);
  // Per query, from getrusage(RUSAGE_THREAD): whether the thread was preempted (an involuntary
  // context switch: another process took the core) or waited for the disk (a major fault or a
  // blocking read, which shows as a voluntary switch).
  struct Times {
    std::vector<double> wall_us, cpu_us;
    std::vector<double> undisturbed_wall_us;  // neither preempted nor waiting for the disk
    int preempted = 0, waited = 0;
  };
  auto measure = [&](const std::vector<std::string>& ids, bool family, int n) {
    Times times;
    for (int q = 0; q < n; ++q) {
      const std::string& id = ids[rng() % ids.size()];
      rusage before{}, after{};
      getrusage(RUSAGE_THREAD, &before);
      double cpu = ThreadCpuSeconds();
      auto t = WallClock::now();
      bool found = family ? GetFamilyStatus(ledger.db(), ledger.log(), id, ledger.deadlines())
                                .value()
                                .has_value()
                          : GetPersonStatus(ledger.db(), ledger.log(), id, ledger.deadlines())
                                .value()
                                .has_value();
      times.wall_us.push_back(Seconds(WallClock::now() - t) * 1e6);
      times.cpu_us.push_back((ThreadCpuSeconds() - cpu) * 1e6);
      getrusage(RUSAGE_THREAD, &after);
      bool preempted = after.ru_nivcsw != before.ru_nivcsw;
      bool waited = after.ru_nvcsw != before.ru_nvcsw || after.ru_majflt != before.ru_majflt;
      times.preempted += preempted;
      times.waited += waited;
      if (!preempted && !waited) times.undisturbed_wall_us.push_back(times.wall_us.back());
      if (!found) {
        fmt::print(stderr, "no status for {}\n", id);
        std::exit(1);
      }
    }
    return times;
  };
  auto report = [&](std::string_view what, const Times& t) {
    fmt::print(
        "status --{} on {} events: wall p50 {:.0f} us, p99 {:.0f} us, max {:.0f} us; "
        "thread CPU p50 {:.0f} us, p99 {:.0f} us ({} queries; target p99 <= 1000 us)\n",
        what, have, Percentile(t.wall_us, 0.5), Percentile(t.wall_us, 0.99),
        Percentile(t.wall_us, 1.0), Percentile(t.cpu_us, 0.5), Percentile(t.cpu_us, 0.99),
        t.wall_us.size());
    fmt::print(
        "  {} queries preempted by another process, {} waited for the disk; the other {}: wall "
        "p99 {:.0f} us\n",
        t.preempted, t.waited, t.undisturbed_wall_us.size(),
        t.undisturbed_wall_us.empty() ? 0.0 : Percentile(t.undisturbed_wall_us, 0.99));
  };
  // Cold: the first queries after opening, pages faulted in from the OS (or the disk).
  fmt::print("cold (the first queries after opening):\n");
  report("person", measure(persons, false, warmup));
  report("family", measure(families, true, warmup / 4));
  fmt::print("warm (the database file {:.0f}% resident in the OS page cache):\n",
             100 * ResidentFraction(path));
  report("person", measure(persons, false, queries));
  report("family", measure(families, true, queries / 4));
  double read_seconds = ReadWholeFile(path);
  fmt::print("resident (after reading the file once in {:.1f} s; {:.0f}% resident):\n",
             read_seconds, 100 * ResidentFraction(path));
  report("person", measure(persons, false, queries));
  report("family", measure(families, true, queries / 4));
  fmt::print("load average while measuring: {}\n", LoadAverage());
  return 0;
}
