// SqlConnection / SqlStatement: the storage interface every ledger table is reached through.
//
// The ledger writes only portable SQL through this interface (see docs/ledger.md, "Portability"):
// `?` placeholders, INTEGER/BIGINT/TEXT columns, `INSERT ... ON CONFLICT (...) DO NOTHING/UPDATE`,
// no SQLite pragmas, no ROWID, no WITHOUT ROWID, no AUTOINCREMENT. Dialect specifics (pragmas, WAL,
// placeholder rewriting for PostgreSQL's $n) belong to the adapter alone: SqliteConnection today.
//
//   KINLINK_ASSIGN_OR_RETURN(SqlStatement* s, db.Prepare("SELECT hash FROM event WHERE seq = ?"));
//   s->BindInt(1, 42);
//   KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
//   if (row) Use(s->Text(0));
//
// Ownership: the connection owns its prepared statements (a cache keyed by SQL text); Prepare
// returns a statement already reset, valid until the connection is destroyed. Errors are Status
// values (Unavailable for a busy database, DataLoss for corruption, Internal otherwise).
// Thread safety: a connection and its statements belong to one thread at a time.
#ifndef KINLINK_LEDGER_SQL_CONNECTION_H_
#define KINLINK_LEDGER_SQL_CONNECTION_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace kinlink::ledger {

class SqlStatement {
 public:
  virtual ~SqlStatement() = default;
  // Parameters are numbered from 1, as in SQL.
  virtual void BindNull(int index) = 0;
  virtual void BindInt(int index, int64_t value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  // Like BindText without copying: the bytes must stay valid and unchanged until the statement
  // has been run (Run) or reset. For large values on hot paths (the log's payload). An empty
  // value is bound as '' even when its data() is null (a default std::string_view).
  virtual void BindTextRef(int index, std::string_view value) { BindText(index, value); }
  // Binds NULL when `value` is empty.
  void BindTextOrNull(int index, std::string_view value) {
    if (value.empty()) {
      BindNull(index);
    } else {
      BindText(index, value);
    }
  }
  // BindTextRef, or NULL when `value` is empty.
  void BindTextRefOrNull(int index, std::string_view value) {
    if (value.empty()) {
      BindNull(index);
    } else {
      BindTextRef(index, value);
    }
  }
  // Advances to the next row: true when one is available, false when done.
  virtual Result<bool> Step() = 0;
  // Runs a statement that returns no rows, then resets it.
  virtual Status Run() = 0;
  // Columns are numbered from 0.
  virtual bool IsNull(int column) const = 0;
  virtual int64_t Int(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  // The column's text without a copy: valid until the next Step, Reset or Run.
  virtual std::string_view TextView(int column) const = 0;
  // Clears bindings and rewinds; Prepare does this for you.
  virtual void Reset() = 0;
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs one or more statements that take no parameters (schema steps).
  virtual Status Execute(std::string_view sql) = 0;
  virtual Result<SqlStatement*> Prepare(std::string_view sql) = 0;
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
  virtual bool InTransaction() const = 0;
  // Rows inserted, updated or deleted by the last statement run.
  virtual int64_t ChangedRows() const = 0;
  // Reorganizes `table` so its rows are stored in primary-key order with no separate key index,
  // where the backend makes that distinction (SQLite: a single BIGINT key becomes the rowid, any
  // other key a WITHOUT ROWID table; one B-tree to write and search instead of two). Columns,
  // rows and the table's other indexes stay. Schema migrations call it; a no-op by default.
  virtual Status StoreByPrimaryKey(std::string_view table) {
    (void)table;
    return Status::Ok();
  }
  // "sqlite" or "postgresql".
  virtual std::string_view Dialect() const = 0;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_SQL_CONNECTION_H_
