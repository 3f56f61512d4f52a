#include "ledger/sqlite_connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <vector>

namespace kinlink::ledger {
namespace {

class SqliteStatement final : public SqlStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void BindNull(int index) override { sqlite3_bind_null(stmt_, index); }
  void BindInt(int index, int64_t value) override { sqlite3_bind_int64(stmt_, index, value); }
  void BindText(int index, std::string_view value) override {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void BindTextRef(int index, std::string_view value) override {
    // An empty view may have a null data() (a default std::string_view): SQLite would bind NULL,
    // not ''. Empty text is always bound as ''.
    if (value.empty()) {
      sqlite3_bind_text(stmt_, index, "", 0, SQLITE_STATIC);
      return;
    }
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
  }
  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Status error = SqliteError(rc, sqlite3_sql(stmt_), db_);
    sqlite3_reset(stmt_);
    return error;
  }
  Status Run() override {
    int rc = sqlite3_step(stmt_);
    Status result;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) result = SqliteError(rc, sqlite3_sql(stmt_), db_);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return result;
  }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  std::string Text(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::string_view TextView(int column) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    if (text == nullptr) return {};
    return std::string_view(reinterpret_cast<const char*>(text),
                            static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

}  // namespace

Status SqliteError(int code, std::string_view what, sqlite3* db) {
  std::string message = fmt::format(
      "sqlite: {} ({})", db ? sqlite3_errmsg(db) : sqlite3_errstr(code), what.substr(0, 120));
  int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_IOERR || primary == SQLITE_FULL) {
    return UnavailableError(std::move(message));
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    return DataLossError(std::move(message));
  if (primary == SQLITE_CONSTRAINT) return AlreadyExistsError(std::move(message));
  return InternalError(std::move(message));
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const SqliteOptions& options) {
  // Once per process, before SQLite initializes (a no-op if something initialized it already):
  // no global memory statistics, which kinlink never reads and which make every allocation
  // SQLite does (tens per inserted row) take a process-wide mutex and update counters.
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  sqlite3* db = nullptr;
  int flags =
      SQLITE_OPEN_NOMUTEX |
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status error = SqliteError(rc, options.path, db);
    sqlite3_close(db);
    return error;
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 10000);
  std::string pragmas =
      fmt::format("PRAGMA cache_size = -{}; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = {};",
                  options.cache_kib, options.mmap_mib * 1024 * 1024);
  if (!options.read_only) {
    if (options.wal && options.path != ":memory:") pragmas += "PRAGMA journal_mode = WAL;";
    pragmas += options.durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
    pragmas +=
        fmt::format("PRAGMA wal_autocheckpoint = {}; PRAGMA journal_size_limit = {};",
                    options.wal_autocheckpoint_pages, options.journal_limit_mib * 1024 * 1024);
  }
  Status configured = connection->Execute(pragmas);
  if (!configured.ok()) {
    // The first statement reads the file's header: a file that is not an SQLite database (or is
    // damaged) fails here. Name the file, not the pragmas.
    return Status(configured.code(),
                  fmt::format("'{}': sqlite: {}", options.path, sqlite3_errmsg(db)));
  }
  return connection;
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close(db_);
}

Status SqliteConnection::Execute(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    Status status = SqliteError(rc, text, db_);
    sqlite3_free(error);
    return status;
  }
  return Status::Ok();
}

Result<SqlStatement*> SqliteConnection::Prepare(std::string_view sql) {
  auto fast = by_address_.find(sql.data());
  if (fast != by_address_.end() && fast->second.sql == sql) {
    fast->second.statement->Reset();
    return fast->second.statement;
  }
  auto it = statements_.find(sql);
  if (it != statements_.end()) {
    it->second->Reset();
    by_address_[sql.data()] = {it->first, it->second.get()};
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, sql, db_);
  auto statement = std::make_unique<SqliteStatement>(db_, stmt);
  SqlStatement* raw = statement.get();
  auto inserted = statements_.emplace(std::string(sql), std::move(statement)).first;
  by_address_[sql.data()] = {inserted->first, raw};
  return raw;
}

// BEGIN IMMEDIATE and COMMIT run as prepared statements: a step each, not a parse each time.
Status SqliteConnection::Begin() { return RunPrepared("BEGIN IMMEDIATE"); }
Status SqliteConnection::Commit() { return RunPrepared("COMMIT"); }
Status SqliteConnection::RunPrepared(std::string_view sql) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, Prepare(sql));
  return s->Run();
}
Status SqliteConnection::Rollback() {
  if (!InTransaction()) return Status::Ok();
  return Execute("ROLLBACK");
}
bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
int64_t SqliteConnection::ChangedRows() const { return sqlite3_changes64(db_); }

Status SqliteConnection::StoreByPrimaryKey(std::string_view table) {
  std::string name(table);
  std::string create;
  std::vector<std::string> indexes;
  {
    KINLINK_ASSIGN_OR_RETURN(
        SqlStatement * s,
        Prepare("SELECT type, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"));
    s->BindText(1, name);
    while (true) {
      KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
      if (!row) break;
      if (s->Text(0) == "table") {
        create = s->Text(1);
      } else if (s->Text(0) == "index") {
        indexes.push_back(s->Text(1));
      }
    }
    s->Reset();
  }
  if (create.empty()) return NotFoundError(fmt::format("no table '{}' to reorganize", name));
  const std::string head = fmt::format("CREATE TABLE {} (", name);
  if (create.rfind(head, 0) != 0) {
    return InternalError(fmt::format("unexpected definition of table '{}'", name));
  }
  if (create.find("WITHOUT ROWID") != std::string::npos ||
      create.find("INTEGER PRIMARY KEY") != std::string::npos) {
    return Status::Ok();  // already stored by its key
  }
  std::string rebuilt =
      fmt::format("CREATE TABLE {}__by_key ({}", name, create.substr(head.size()));
  // A single 64-bit integer key becomes the rowid itself (SQLite needs the exact type INTEGER);
  // any other key makes the table a WITHOUT ROWID B-tree.
  size_t bigint_key = rebuilt.find(" BIGINT PRIMARY KEY");
  if (bigint_key != std::string::npos) {
    rebuilt.replace(bigint_key, 7, " INTEGER");
  } else {
    rebuilt += " WITHOUT ROWID";
  }
  KINLINK_RETURN_IF_ERROR(Execute(rebuilt));
  KINLINK_RETURN_IF_ERROR(Execute(fmt::format("INSERT INTO {0}__by_key SELECT * FROM {0}", name)));
  KINLINK_RETURN_IF_ERROR(Execute(fmt::format("DROP TABLE {}", name)));
  KINLINK_RETURN_IF_ERROR(Execute(fmt::format("ALTER TABLE {0}__by_key RENAME TO {0}", name)));
  for (const std::string& index : indexes) KINLINK_RETURN_IF_ERROR(Execute(index));
  // Statements prepared against the old table are prepared again by SQLite on their next step.
  return Status::Ok();
}

}  // namespace kinlink::ledger
