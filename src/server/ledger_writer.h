// LedgerWriter: the service's single writer to the ledger. It owns the Ledger on one thread and
// group-commits audit entries: request threads enqueue an AuditRecord and wait until the batch that
// holds it is committed; the writer thread takes everything queued, appends it to the hash-chained
// log in one transaction and commits once (SQLite WAL, synchronous=FULL), then wakes the waiters.
// Other writes (review decisions) run as jobs on the same thread, between audit batches.
//
// Durability contract (docs/service.md): a response that reveals a person's record is sent only
// after the audit entry for that read is committed; if the commit fails, the request fails with 503
// and no data is returned. Under load a batch holds every read that arrived while the previous
// batch was committing, so one fsync covers hundreds of reads.
//
//   KINLINK_ASSIGN_OR_RETURN(auto writer, LedgerWriter::Open({.storage = {.path = db}, .clock =
//   &c})); KINLINK_RETURN_IF_ERROR(writer->Audit({.user = "ana", .action = "read_person", ...}));
//   KINLINK_RETURN_IF_ERROR(writer->Write([&](ledger::Ledger& l) { return RecordLinkDecision(l, d);
//   }));
//
// Audit entries are log entries of type "access_audit" with no subjects (they never appear in a
// person's timeline or projection); their payload is AuditRecordToJson. Thread safety: Audit,
// Enqueue, EnqueueThen, WaitDurable and Write may be called from any thread; the destructor drains
// the queue.
#ifndef KINLINK_SERVER_LEDGER_WRITER_H_
#define KINLINK_SERVER_LEDGER_WRITER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "ledger/ledger.h"

namespace kinlink::server {

inline constexpr std::string_view kAccessAuditType = "access_audit";

struct AuditRecord {
  std::string user{};     // username, or "-" when the request had no session
  std::string role{};     // the user's role, or "-"
  std::string action{};   // "read_person", "read_family", "search", "login", ...
  std::string record{};   // the person or family id read (or the request path)
  std::string purpose{};  // the stated purpose (X-Purpose header)
  std::string outcome{};  // "allowed" or "denied" (or "failed")
  int http_status = 200;
  std::string remote{};     // client address
  nlohmann::json detail{};  // optional: what was returned or why it was denied
};

nlohmann::json AuditRecordToJson(const AuditRecord& record, Timestamp at);
// The entry's payload: AuditRecordToJson(record, at).dump(), written without building the json
// value; invalid UTF-8 (a header can hold any byte) is replaced with U+FFFD, never thrown on.
std::string AuditPayload(const AuditRecord& record, Timestamp at);

struct LedgerWriterStats {
  uint64_t audits_committed = 0;
  uint64_t batches = 0;
  uint64_t largest_batch = 0;
  uint64_t failed_batches = 0;
};

// How audit batches reach the disk.
//   kEachBatch: every group commit is fsynced (SQLite synchronous=FULL) before its waiters are
//               answered: an answered read's audit entry survives a power loss.
//   kInterval:  every group commit is written to the WAL before its waiters are answered (it
//               survives a crash of kinlink), and the WAL is fsynced at most `sync_interval` later
//               (synchronous=NORMAL plus a periodic checkpoint): a power loss can lose the audit
//               entries of the last `sync_interval`. The checkpoint (two fsyncs) runs on a second
//               connection on its own thread, so the writer never stops committing while the disk
//               syncs: a sync on the writer thread put every waiting read behind it (the p99).
enum class AuditSync { kEachBatch, kInterval };

struct LedgerWriterOptions {
  AuditSync sync = AuditSync::kEachBatch;
  std::chrono::milliseconds sync_interval{50};
};

class LedgerWriter {
 public:
  static Result<std::unique_ptr<LedgerWriter>> Open(ledger::LedgerOptions options,
                                                    LedgerWriterOptions writer_options = {});
  ~LedgerWriter();
  LedgerWriter(const LedgerWriter&) = delete;
  LedgerWriter& operator=(const LedgerWriter&) = delete;

  // Enqueues an audit entry; returns its ticket.
  uint64_t Enqueue(AuditRecord record);
  // Enqueues an audit entry; `on_committed` runs on the writer thread right after the batch that
  // holds it is committed (Ok) or failed (the commit's error). It must be quick and must not wait
  // for the writer (no Audit, WaitDurable or Write): hand slow work to another thread. This is how
  // the event-driven front end answers a read without a thread blocked per request.
  using CommittedCallback = std::function<void(const Status&)>;
  void EnqueueThen(AuditRecord record, CommittedCallback on_committed);
  // Blocks until the ticket's batch is committed; the commit's error otherwise.
  Status WaitDurable(uint64_t ticket);
  Status Audit(AuditRecord record) { return WaitDurable(Enqueue(std::move(record))); }
  // Runs `job` on the writer thread inside Begin()/Commit() (Abort() when it fails).
  Status Write(std::function<Status(ledger::Ledger&)> job);

  LedgerWriterStats stats() const;
  // Bumped whenever the writer finds entries it did not append (another process ingested), and
  // after each of its own Write jobs: caches of rendered records compare it.
  uint64_t data_generation() const { return data_generation_.load(std::memory_order_acquire); }

 private:
  LedgerWriter(std::unique_ptr<ledger::Ledger> ledger, LedgerWriterOptions options,
               std::unique_ptr<ledger::SqliteConnection> sync_db);
  // kInterval with a sync connection: checkpoints every sync_interval while commits happened.
  void RunSync();
  // kInterval: makes every commit so far durable (a WAL checkpoint syncs the WAL first).
  void SyncIfDue(bool force);
  void Run();
  Status CommitAudits(std::vector<AuditRecord>& batch);
  // Begin(), noting whether someone else appended since our last commit.
  Status BeginNoticingOthers();

  struct Job {
    std::function<Status(ledger::Ledger&)> run;
    std::promise<Status> done;
  };

  std::unique_ptr<ledger::Ledger> ledger_;
  LedgerWriterOptions options_;
  bool unsynced_ = false;
  std::chrono::steady_clock::time_point last_sync_{};
  std::string id_prefix_{};
  uint64_t next_entry_ = 0;

  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable committed_cv_;
  std::vector<AuditRecord> pending_{};
  std::vector<CommittedCallback> callbacks_{};  // of the pending entries enqueued with EnqueueThen
  std::deque<Job> jobs_;
  uint64_t next_ticket_ = 1;                             // the ticket the next Enqueue gets
  uint64_t committed_upto_ = 0;                          // every ticket <= this is settled
  std::vector<std::pair<uint64_t, uint64_t>> failed_{};  // [first, last] tickets of failed batches
  Status last_failure_;
  bool stopping_ = false;
  LedgerWriterStats stats_;
  std::atomic<uint64_t> data_generation_{1};
  std::unique_ptr<ledger::SqliteConnection> sync_db_;  // the sync thread's (kInterval, SQLite)
  std::atomic<bool> commits_to_sync_{false};
  std::condition_variable sync_stop_cv_;
  bool sync_stopping_ = false;  // guarded by mutex_
  std::thread thread_;
  std::thread sync_thread_;
};

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_LEDGER_WRITER_H_
