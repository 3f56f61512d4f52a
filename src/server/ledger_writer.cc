#include "server/ledger_writer.h"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>

#include "server/sessions.h"

namespace kinlink::server {

nlohmann::json AuditRecordToJson(const AuditRecord& r, Timestamp at) {
  nlohmann::json j = {
      {"user", r.user},          {"role", r.role},       {"action", r.action},
      {"record", r.record},      {"purpose", r.purpose}, {"outcome", r.outcome},
      {"status", r.http_status}, {"remote", r.remote},   {"at", FormatTimestamp(at)}};
  if (!r.detail.is_null()) j["detail"] = r.detail;
  return j;
}

namespace {

// A JSON string literal as nlohmann::json's dump() writes it with error_handler_t::replace (invalid
// UTF-8 becomes U+FFFD); plain ASCII, the usual case, is copied without building a json value.
void AppendJsonString(std::string& out, std::string_view text) {
  bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f && c != '"' && c != '\\';
  });
  if (plain) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(text))
             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// AuditPayload with the time already formatted (once per batch).
std::string AuditPayloadAt(const AuditRecord& r, std::string_view at) {
  // The keys in nlohmann::json's (sorted) order, so the payload equals
  // AuditRecordToJson(r, at).dump() byte for byte.
  std::string out;
  out.reserve(256);
  out += "{\"action\":";
  AppendJsonString(out, r.action);
  out += ",\"at\":";
  AppendJsonString(out, at);
  if (!r.detail.is_null()) {
    out += ",\"detail\":";
    out += r.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += ",\"outcome\":";
  AppendJsonString(out, r.outcome);
  out += ",\"purpose\":";
  AppendJsonString(out, r.purpose);
  out += ",\"record\":";
  AppendJsonString(out, r.record);
  out += ",\"remote\":";
  AppendJsonString(out, r.remote);
  out += ",\"role\":";
  AppendJsonString(out, r.role);
  out += ",\"status\":";
  out += std::to_string(r.http_status);
  out += ",\"user\":";
  AppendJsonString(out, r.user);
  out += '}';
  return out;
}

}  // namespace

std::string AuditPayload(const AuditRecord& r, Timestamp at) {
  return AuditPayloadAt(r, FormatTimestamp(at));
}

Result<std::unique_ptr<LedgerWriter>> LedgerWriter::Open(ledger::LedgerOptions options,
                                                         LedgerWriterOptions writer_options) {
  options.storage.durable = writer_options.sync == AuditSync::kEachBatch;
  KINLINK_ASSIGN_OR_RETURN(auto ledger, ledger::Ledger::Open(options));
  std::unique_ptr<ledger::SqliteConnection> sync_db;
  if (writer_options.sync == AuditSync::kInterval && ledger->db().Dialect() == "sqlite" &&
      options.storage.path != ":memory:") {
    KINLINK_ASSIGN_OR_RETURN(sync_db, ledger::SqliteConnection::Open({.path = options.storage.path,
                                                                      .wal = true,
                                                                      .durable = false,
                                                                      .read_only = false,
                                                                      .cache_kib = 256}));
    // The sync thread checkpoints; the writer's commits must not (an automatic checkpoint runs,
    // and fsyncs, inside the committing call).
    KINLINK_RETURN_IF_ERROR(ledger->db().Execute("PRAGMA wal_autocheckpoint = 0"));
  }
  return std::unique_ptr<LedgerWriter>(
      new LedgerWriter(std::move(ledger), writer_options, std::move(sync_db)));
}

LedgerWriter::LedgerWriter(std::unique_ptr<ledger::Ledger> ledger, LedgerWriterOptions options,
                           std::unique_ptr<ledger::SqliteConnection> sync_db)
    : ledger_(std::move(ledger)),
      options_(options),
      last_sync_(std::chrono::steady_clock::now()),
      id_prefix_("audit:" + RandomHex(8) + ":"),
      sync_db_(std::move(sync_db)) {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "kinlink-audit");
    Run();
  });
  if (sync_db_) {
    sync_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "kinlink-sync");
      RunSync();
    });
  }
}

LedgerWriter::~LedgerWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  thread_.join();  // drains the queue and syncs the last commits (SyncIfDue(true))
  if (sync_thread_.joinable()) {
    {
      std::lock_guard lock(mutex_);
      sync_stopping_ = true;
    }
    sync_stop_cv_.notify_all();
    sync_thread_.join();
  }
}

void LedgerWriter::RunSync() {
  std::unique_lock lock(mutex_);
  while (!sync_stop_cv_.wait_for(lock, options_.sync_interval, [&] { return sync_stopping_; })) {
    if (!commits_to_sync_.exchange(false, std::memory_order_acq_rel)) continue;
    lock.unlock();
    // With synchronous=NORMAL, SQLite fsyncs the WAL before it checkpoints: every commit made
    // before this point is then durable. PASSIVE never blocks the writer or the readers.
    (void)sync_db_->Execute("PRAGMA wal_checkpoint(PASSIVE)");
    lock.lock();
  }
  lock.unlock();
  if (commits_to_sync_.exchange(false)) (void)sync_db_->Execute("PRAGMA wal_checkpoint(PASSIVE)");
}

uint64_t LedgerWriter::Enqueue(AuditRecord record) {
  uint64_t ticket;
  {
    std::lock_guard lock(mutex_);
    ticket = next_ticket_++;
    pending_.push_back(std::move(record));
  }
  work_ready_.notify_one();
  return ticket;
}

void LedgerWriter::EnqueueThen(AuditRecord record, CommittedCallback on_committed) {
  {
    std::lock_guard lock(mutex_);
    ++next_ticket_;
    pending_.push_back(std::move(record));
    callbacks_.push_back(std::move(on_committed));
  }
  work_ready_.notify_one();
}

Status LedgerWriter::WaitDurable(uint64_t ticket) {
  std::unique_lock lock(mutex_);
  committed_cv_.wait(lock, [&] { return committed_upto_ >= ticket; });
  for (const auto& [first, last] : failed_) {
    if (ticket >= first && ticket <= last) {
      return UnavailableError("the audit entry could not be committed: " + last_failure_.message());
    }
  }
  return Status::Ok();
}

Status LedgerWriter::Write(std::function<Status(ledger::Ledger&)> job) {
  std::future<Status> done;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return UnavailableError("the service is shutting down");
    jobs_.push_back(Job{std::move(job), {}});
    done = jobs_.back().done.get_future();
  }
  work_ready_.notify_one();
  return done.get();
}

LedgerWriterStats LedgerWriter::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

Status LedgerWriter::BeginNoticingOthers() {
  int64_t head = ledger_->log().head_seq();
  KINLINK_RETURN_IF_ERROR(ledger_->Begin());
  if (ledger_->log().head_seq() != head) data_generation_.fetch_add(1, std::memory_order_acq_rel);
  return Status::Ok();
}

Status LedgerWriter::CommitAudits(std::vector<AuditRecord>& batch) {
  ledger::Ledger& l = *ledger_;
  KINLINK_RETURN_IF_ERROR(BeginNoticingOthers());
  Timestamp now = l.clock().Now();
  const std::string at = FormatTimestamp(now);
  for (const AuditRecord& r : batch) {
    ledger::LogEntry entry;
    entry.entry_id = id_prefix_ + std::to_string(++next_entry_);
    entry.type = std::string(kAccessAuditType);
    entry.effective_at = now;
    entry.source_agency = "kinlink";
    entry.source_system = "kinlink-serve";
    entry.source_record_id = r.record;
    entry.actor = r.user;
    entry.payload = AuditPayloadAt(r, at);
    Status s = l.AppendEntry(std::move(entry), {});
    if (!s.ok()) {
      l.Abort();
      return s;
    }
  }
  return l.Commit();
}

void LedgerWriter::SyncIfDue(bool force) {
  if (options_.sync != AuditSync::kInterval || !unsynced_) return;
  if (sync_db_) {  // the sync thread does it (and once more when it stops)
    commits_to_sync_.store(true, std::memory_order_release);
    unsynced_ = false;
    return;
  }
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_sync_ < options_.sync_interval) return;
  // With synchronous=NORMAL, SQLite fsyncs the WAL before every checkpoint.
  if (ledger_->db().Dialect() == "sqlite") {
    (void)ledger_->db().Execute("PRAGMA wal_checkpoint(PASSIVE)");
  }
  unsynced_ = false;
  last_sync_ = now;
}

void LedgerWriter::Run() {
  std::vector<AuditRecord> batch;
  std::vector<CommittedCallback> callbacks;
  while (true) {
    std::deque<Job> jobs;
    uint64_t last_ticket;
    {
      std::unique_lock lock(mutex_);
      auto has_work = [&] { return stopping_ || !pending_.empty() || !jobs_.empty(); };
      if (unsynced_) {
        work_ready_.wait_for(lock, options_.sync_interval, has_work);
      } else {
        work_ready_.wait(lock, has_work);
      }
      if (!has_work()) {
        lock.unlock();
        SyncIfDue(true);
        continue;
      }
      if (pending_.empty() && jobs_.empty()) {  // stopping and drained
        lock.unlock();
        SyncIfDue(true);
        return;
      }
      batch.swap(pending_);
      callbacks.swap(callbacks_);
      jobs.swap(jobs_);
      last_ticket = next_ticket_ - 1;
    }
    Status committed;
    if (!batch.empty()) {
      Status s = CommitAudits(batch);
      committed = s;
      std::lock_guard lock(mutex_);
      uint64_t first = last_ticket - batch.size() + 1;
      if (!s.ok()) {
        failed_.emplace_back(first, last_ticket);
        last_failure_ = s;
        ++stats_.failed_batches;
      } else {
        stats_.audits_committed += batch.size();
      }
      ++stats_.batches;
      stats_.largest_batch = std::max<uint64_t>(stats_.largest_batch, batch.size());
      committed_upto_ = last_ticket;
      unsynced_ = unsynced_ || s.ok();
    }
    committed_cv_.notify_all();
    for (CommittedCallback& callback : callbacks) {
      try {
        callback(committed);
      } catch (...) {  // a failing response must not end the writer (its waiters would hang)
      }
    }
    callbacks.clear();
    SyncIfDue(false);
    batch.clear();
    for (Job& job : jobs) {
      Status s = BeginNoticingOthers();
      if (s.ok()) s = job.run(*ledger_);
      if (s.ok()) {
        s = ledger_->Commit();
      } else {
        ledger_->Abort();
      }
      data_generation_.fetch_add(1, std::memory_order_acq_rel);
      job.done.set_value(s);
    }
  }
}

}  // namespace kinlink::server
