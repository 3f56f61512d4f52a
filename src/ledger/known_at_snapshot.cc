#include "ledger/known_at_snapshot.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "ledger/identity.h"
#include "ledger/internal/read_snapshot.h"
#include "ledger/projection_store.h"
#include "ledger/schema.h"
#include "ledger/sqlite_connection.h"

namespace kinlink::ledger {
namespace {

// Copies every row of `columns` of `table` from one database to the other (same schema).
Status CopyTable(SqlConnection& from, SqlConnection& to, std::string_view table,
                 const std::vector<std::string_view>& columns) {
  std::string list, marks;
  for (size_t i = 0; i < columns.size(); ++i) {
    list += (i ? ", " : "") + std::string(columns[i]);
    marks += i ? ", ?" : "?";
  }
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * read,
                           from.Prepare("SELECT " + list + " FROM " + std::string(table)));
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * write,
      to.Prepare("INSERT INTO " + std::string(table) + " (" + list + ") VALUES (" + marks + ")"));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, read->Step());
    if (!row) break;
    for (size_t i = 0; i < columns.size(); ++i) {
      const int column = static_cast<int>(i);
      if (read->IsNull(column)) {
        write->BindNull(column + 1);
      } else {
        write->BindText(column + 1, read->Text(column));
      }
    }
    Status status = write->Run();
    if (!status.ok()) {
      read->Reset();
      return status;
    }
  }
  read->Reset();
  return Status::Ok();
}

}  // namespace

KnownAtSnapshot::KnownAtSnapshot(std::unique_ptr<SqlConnection> db, Timestamp known_at)
    : db_(std::move(db)), log_(*db_), known_at_(known_at) {}

Result<std::unique_ptr<KnownAtSnapshot>> KnownAtSnapshot::Build(
    SqlConnection& ledger_db, Timestamp known_at, const DeadlinePolicy& policy,
    const std::function<void(int64_t, int64_t)>& progress) {
  KINLINK_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> memory,
                           SqliteConnection::Open({.path = ":memory:", .wal = false}));
  KINLINK_RETURN_IF_ERROR(Migrate(*memory, known_at));
  std::unique_ptr<KnownAtSnapshot> snapshot(new KnownAtSnapshot(std::move(memory), known_at));
  SqlConnection& out = *snapshot->db_;

  detail::ReadSnapshot reading(ledger_db);
  KINLINK_RETURN_IF_ERROR(out.Begin());
  KINLINK_RETURN_IF_ERROR(CopyTable(ledger_db, out, "person",
                                    {"person_id", "source", "a_number", "name_key", "display_name",
                                     "birth_date", "sex", "citizenship", "record"}));
  KINLINK_RETURN_IF_ERROR(
      CopyTable(ledger_db, out, "identity_cluster", {"person_id", "cluster_id"}));

  KINLINK_ASSIGN_OR_RETURN(auto persons, AllPersons(ledger_db));

  EventLog ledger_log(ledger_db);
  ProjectionStore store(out, policy);
  const int64_t total = static_cast<int64_t>(persons.size());
  int64_t done = 0;
  for (auto& [key, identities] : persons) {
    KINLINK_ASSIGN_OR_RETURN(PersonProjection projection,
                             store.Replay(key, identities, ledger_log, known_at));
    if (projection.events() > 0) {
      KINLINK_RETURN_IF_ERROR(store.Write(projection, /*replace=*/false));
      ++snapshot->persons_;
    }
    if (progress && (++done % 4096 == 0 || done == total)) progress(done, total);
  }
  KINLINK_RETURN_IF_ERROR(out.Commit());
  return snapshot;
}

}  // namespace kinlink::ledger
