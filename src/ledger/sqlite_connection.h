// SqliteConnection: the embedded SQLite adapter of SqlConnection, the ledger's default storage.
//
// Opens (creating if needed) a database file in WAL mode with synchronous=FULL, so every commit is
// durable and readers never block the writer. These pragmas are the only SQLite-specific SQL in
// the ledger; everything else goes through the portable interface.
//
//   KINLINK_ASSIGN_OR_RETURN(auto db, SqliteConnection::Open({.path = "kinlink.db"}));
//   KINLINK_RETURN_IF_ERROR(db->Execute("CREATE TABLE t (x INTEGER)"));
//
// Errors: Unavailable when the file cannot be opened or is busy, DataLoss when SQLite reports
// corruption, Internal for other SQLite failures (the message carries SQLite's own).
// Thread safety: one thread at a time (SQLITE_OPEN_NOMUTEX).
#ifndef KINLINK_LEDGER_SQLITE_CONNECTION_H_
#define KINLINK_LEDGER_SQLITE_CONNECTION_H_

#include <map>
#include <memory>
#include <string>
#include <unordered_map>

#include "ledger/sql_connection.h"

struct sqlite3;

namespace kinlink::ledger {

// wal_autocheckpoint for bulk writers: 16384 pages of 4 KiB, a 64 MiB WAL between checkpoints.
inline constexpr int kBulkWalCheckpointPages = 16384;

struct SqliteOptions {
  std::string path = "kinlink.db";  // ":memory:" for a private in-memory database
  bool wal = true;                  // journal_mode=WAL (ignored for :memory:)
  bool durable = true;  // synchronous=FULL; false gives NORMAL (consistent, not durable)
  bool read_only = false;
  int64_t cache_kib = 65536;
  // Reads through a memory map of up to this many MiB of the file (mmap_size; 0 = off): a page
  // read is a memory access instead of a read() into SQLite's cache. SQLite caps it at its
  // build's SQLITE_MAX_MMAP_SIZE (Debian's: 2 GiB - 64 KiB); pages past the map are read().
  int64_t mmap_mib = 2047;
  // WAL pages after which a commit checkpoints (wal_autocheckpoint). Bulk writers (ingest) raise
  // it: a page rewritten by many batches is copied into the database once per checkpoint.
  int wal_autocheckpoint_pages = 1000;
  // The WAL file is truncated to this size after a checkpoint (journal_size_limit).
  int64_t journal_limit_mib = 64;
};

class SqliteConnection final : public SqlConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const SqliteOptions& options);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Status Execute(std::string_view sql) override;
  Result<SqlStatement*> Prepare(std::string_view sql) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  bool InTransaction() const override;
  int64_t ChangedRows() const override;
  Status StoreByPrimaryKey(std::string_view table) override;
  std::string_view Dialect() const override { return "sqlite"; }

  // The raw handle, for tests that tamper with rows behind the ledger's back.
  sqlite3* raw() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Status RunPrepared(std::string_view sql);
  sqlite3* db_;
  std::map<std::string, std::unique_ptr<SqlStatement>, std::less<>> statements_;
  // Fast path of Prepare: the statement last prepared from the same SQL address (most SQL is a
  // string literal), confirmed by comparing the text, so a reused buffer can never mislead it.
  struct ByAddress {
    std::string_view sql;
    SqlStatement* statement;
  };
  std::unordered_map<const char*, ByAddress> by_address_;
};

// Maps an SQLite result code and message to a Status.
Status SqliteError(int code, std::string_view what, sqlite3* db);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_SQLITE_CONNECTION_H_
