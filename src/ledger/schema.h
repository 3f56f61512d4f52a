// The ledger's versioned schema: ordered migrations, each a list of portable SQL steps.
//
// `schema_version` holds one row per applied migration (version, description, applied_at).
// Migrate() applies, in order and each in its own transaction, every migration newer than the
// database's version. A database newer than this binary is refused (FailedPrecondition), never
// downgraded. Steps use only portable SQL (docs/ledger.md, "Portability").
//
//   KINLINK_RETURN_IF_ERROR(Migrate(db, clock.Now()));
//   KINLINK_ASSIGN_OR_RETURN(int v, SchemaVersion(db));   // == LatestSchemaVersion()
//
// Thread safety: call from the thread that owns the connection.
#ifndef KINLINK_LEDGER_SCHEMA_H_
#define KINLINK_LEDGER_SCHEMA_H_

#include <span>
#include <string_view>
#include <vector>

#include "core/civil_time.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

struct Migration {
  int version = 0;
  std::string_view description;
  std::vector<std::string_view> steps;
  // Tables to store in primary-key order (SqlConnection::StoreByPrimaryKey), after the steps.
  std::vector<std::string_view> store_by_primary_key;
};

// Every migration this binary knows, in version order (1, 2, ...).
std::span<const Migration> Migrations();
int LatestSchemaVersion();

// 0 for an empty database.
Result<int> SchemaVersion(SqlConnection& db);
// The schema version from which projections are kept per person (identity clusters) rather
// than per identity: a ledger migrated from before it has its projections rebuilt.
inline constexpr int kPersonProjectionsSchema = 6;

Status Migrate(SqlConnection& db, Timestamp now);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_SCHEMA_H_
