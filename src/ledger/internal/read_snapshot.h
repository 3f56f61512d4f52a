// Read and write scopes over a SqlConnection for work that runs many statements (detail of
// queries.cc and alerts.cc).
//
// ReadSnapshot: one read transaction around a whole multi-statement read, unless the caller is
// inside a transaction already. Every statement sees the same committed state (a batch an ingest
// commits halfway through cannot show up in half of a status answer or of an alert evaluation),
// and SQLite takes its WAL read lock once instead of once per statement.
//
// WriteScope: one write transaction around many small writes (unless the caller has one), so
// they commit once, together, instead of one commit (and WAL append) per statement. Commit()
// ends it; a scope left without Commit() rolls back.
//
//   ReadSnapshot snapshot(db);               // BEGIN … COMMIT around the reads below
//   WriteScope scope(db);
//   KINLINK_RETURN_IF_ERROR(scope.status());
//   … inserts …
//   KINLINK_RETURN_IF_ERROR(scope.Commit());
//
// Thread safety: as the connection (one thread at a time).
#ifndef KINLINK_LEDGER_INTERNAL_READ_SNAPSHOT_H_
#define KINLINK_LEDGER_INTERNAL_READ_SNAPSHOT_H_

#include "ledger/sql_connection.h"

namespace kinlink::ledger::detail {

class ReadSnapshot {
 public:
  explicit ReadSnapshot(SqlConnection& db) : db_(db) {
    if (db_.InTransaction()) return;
    // Prepared once per connection: BEGIN and COMMIT cost a step each, not a parse.
    auto begin = db_.Prepare("BEGIN");
    started_ = begin.ok() && (*begin)->Run().ok();
  }
  ~ReadSnapshot() {
    if (started_) (void)db_.Commit();
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  SqlConnection& db_;
  bool started_ = false;
};

class WriteScope {
 public:
  explicit WriteScope(SqlConnection& db) : db_(db) {
    if (db_.InTransaction()) return;
    status_ = db_.Begin();
    owned_ = status_.ok();
  }
  ~WriteScope() {
    if (owned_) (void)db_.Rollback();
  }
  WriteScope(const WriteScope&) = delete;
  WriteScope& operator=(const WriteScope&) = delete;

  // Whether the transaction could be started (or the caller's is in use).
  const Status& status() const { return status_; }
  // Commits the scope's own transaction; a no-op inside the caller's.
  Status Commit() {
    if (!owned_) return status_;
    owned_ = false;
    return db_.Commit();
  }

 private:
  SqlConnection& db_;
  Status status_ = Status::Ok();
  bool owned_ = false;
};

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_READ_SNAPSHOT_H_
