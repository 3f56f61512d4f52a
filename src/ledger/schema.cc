#include "ledger/schema.h"

#include <fmt/format.h>

namespace kinlink::ledger {
namespace {

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> migrations = {
      {1,
       "event log, source records, quarantine",
       {
           "CREATE TABLE event ("
           " seq BIGINT PRIMARY KEY,"
           " event_id TEXT NOT NULL UNIQUE,"
           " type TEXT NOT NULL,"
           " effective_at BIGINT NOT NULL,"
           " recorded_at BIGINT NOT NULL,"
           " source_agency TEXT NOT NULL,"
           " source_system TEXT NOT NULL,"
           " source_file TEXT NOT NULL,"
           " source_record_id TEXT NOT NULL,"
           " actor TEXT NOT NULL,"
           " payload TEXT NOT NULL,"
           " prev_hash TEXT NOT NULL,"
           " hash TEXT NOT NULL)",
           "CREATE TABLE event_subject ("
           " person_id TEXT NOT NULL,"
           " effective_at BIGINT NOT NULL,"
           " seq BIGINT NOT NULL,"
           " PRIMARY KEY (person_id, effective_at, seq))",
           "CREATE TABLE supersession ("
           " event_id TEXT PRIMARY KEY,"
           " superseded_by TEXT NOT NULL,"
           " seq BIGINT NOT NULL)",
           "CREATE TABLE source_record ("
           " source TEXT NOT NULL,"
           " record_id TEXT NOT NULL,"
           " content_hash TEXT NOT NULL,"
           " file TEXT NOT NULL,"
           " line BIGINT NOT NULL,"
           " PRIMARY KEY (source, record_id, content_hash))",
           "CREATE TABLE quarantine ("
           " source TEXT NOT NULL,"
           " file TEXT NOT NULL,"
           " line BIGINT NOT NULL,"
           " content_hash TEXT NOT NULL,"
           " field TEXT NOT NULL,"
           " reason TEXT NOT NULL,"
           " raw TEXT NOT NULL,"
           " recorded_at BIGINT NOT NULL,"
           " PRIMARY KEY (source, file, line, content_hash))",
       },
       {}},
      {2,
       "identities and projections",
       {
           "CREATE TABLE person ("
           " person_id TEXT PRIMARY KEY,"
           " source TEXT NOT NULL,"
           " a_number TEXT,"
           " name_key TEXT,"
           " display_name TEXT NOT NULL,"
           " birth_date TEXT,"
           " sex TEXT,"
           " citizenship TEXT,"
           " record TEXT NOT NULL)",
           "CREATE INDEX person_by_a_number ON person (a_number)",
           "CREATE INDEX person_by_name ON person (name_key)",
           "CREATE TABLE person_state ("
           " person_id TEXT PRIMARY KEY,"
           " status TEXT NOT NULL,"
           " agency TEXT,"
           " facility_id TEXT,"
           " since BIGINT,"
           " agency_since BIGINT,"
           " family_unit_id TEXT,"
           " removed_at BIGINT,"
           " removal_recorded_at BIGINT,"
           " separated_flag_at BIGINT,"
           " parent_links INTEGER NOT NULL,"
           " dropped_family_unit_id TEXT,"
           " dropped_at BIGINT,"
           " dropped_by TEXT,"
           " last_effective_at BIGINT NOT NULL,"
           " events INTEGER NOT NULL)",
           "CREATE TABLE custody_interval ("
           " person_id TEXT NOT NULL,"
           " ordinal INTEGER NOT NULL,"
           " agency TEXT NOT NULL,"
           " facility_id TEXT NOT NULL,"
           " start_at BIGINT NOT NULL,"
           " agency_since BIGINT NOT NULL,"
           " end_at BIGINT,"
           " PRIMARY KEY (person_id, ordinal))",
           "CREATE INDEX custody_by_agency ON custody_interval (agency, agency_since)",
           "CREATE TABLE separation ("
           " child_id TEXT NOT NULL,"
           " parent_id TEXT NOT NULL,"
           " family_unit_id TEXT,"
           " separated_at BIGINT NOT NULL,"
           " reason TEXT NOT NULL,"
           " event_id TEXT NOT NULL,"
           " reunified_at BIGINT,"
           " PRIMARY KEY (child_id, parent_id))",
           "CREATE INDEX separation_by_time ON separation (separated_at)",
           "CREATE INDEX separation_by_parent ON separation (parent_id)",
           "CREATE INDEX separation_by_family ON separation (family_unit_id)",
           "CREATE TABLE family_member ("
           " family_unit_id TEXT NOT NULL,"
           " person_id TEXT NOT NULL,"
           " first_seen BIGINT NOT NULL,"
           " PRIMARY KEY (family_unit_id, person_id))",
           "CREATE INDEX family_by_person ON family_member (person_id)",
           "CREATE TABLE deadline ("
           " person_id TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " related_id TEXT NOT NULL,"
           " due_at BIGINT NOT NULL,"
           " met_at BIGINT,"
           " PRIMARY KEY (person_id, kind, related_id))",
           "CREATE INDEX deadline_by_due ON deadline (due_at)",
           "CREATE TABLE parent_link ("
           " child_id TEXT NOT NULL,"
           " parent_id TEXT NOT NULL,"
           " PRIMARY KEY (child_id, parent_id))",
           "CREATE INDEX parent_link_by_parent ON parent_link (parent_id)",
       },
       {}},
      {3,
       "link decisions and identity clusters",
       {
           "CREATE TABLE link_decision ("
           " left_id TEXT NOT NULL,"
           " right_id TEXT NOT NULL,"
           " state TEXT NOT NULL,"
           " score TEXT NOT NULL,"
           " decided_by TEXT NOT NULL,"
           " decided_at BIGINT NOT NULL,"
           " event_id TEXT NOT NULL,"
           " PRIMARY KEY (left_id, right_id))",
           "CREATE INDEX link_by_right ON link_decision (right_id)",
           "CREATE TABLE identity_cluster ("
           " person_id TEXT PRIMARY KEY,"
           " cluster_id TEXT NOT NULL)",
           "CREATE INDEX cluster_members ON identity_cluster (cluster_id)",
       },
       {}},
      {4,
       "alerts raised",
       {
           "CREATE TABLE alert ("
           " rule_id TEXT NOT NULL,"
           " person_id TEXT NOT NULL,"
           " related_id TEXT NOT NULL,"
           " since BIGINT NOT NULL,"
           " message TEXT NOT NULL,"
           " first_raised_at BIGINT NOT NULL,"
           " PRIMARY KEY (rule_id, person_id, related_id))",
       },
       {}},
      {5,
       "tables stored in primary-key order (one B-tree per table instead of rows + key index)",
       {},
       {"event", "event_subject", "supersession", "source_record", "quarantine", "person",
        "person_state", "custody_interval", "separation", "family_member", "deadline",
        "parent_link", "link_decision", "identity_cluster", "alert"}},
      {6,
       "projections per person: whose record ended a custody, the basis of each parent, the "
       "youngest plausible birth date, whether each agency's records end its custody",
       {
           "ALTER TABLE person_state ADD COLUMN birth_date TEXT",
           "ALTER TABLE person_state ADD COLUMN birth_date_source TEXT",
           "ALTER TABLE custody_interval ADD COLUMN ended_by TEXT",
           "ALTER TABLE separation ADD COLUMN parent_basis TEXT",
           "ALTER TABLE parent_link ADD COLUMN basis TEXT",
           "ALTER TABLE parent_link ADD COLUMN event_id TEXT",
           "CREATE TABLE agency_custody_end ("
           " agency TEXT PRIMARY KEY,"
           " recorded INTEGER NOT NULL,"
           " since BIGINT NOT NULL,"
           " longest_stay BIGINT)",
       },
       {"agency_custody_end"}},
  };
  return migrations;
}

}  // namespace

std::span<const Migration> Migrations() { return AllMigrations(); }
int LatestSchemaVersion() { return AllMigrations().back().version; }

Result<int> SchemaVersion(SqlConnection& db) {
  KINLINK_RETURN_IF_ERROR(
      db.Execute("CREATE TABLE IF NOT EXISTS schema_version ("
                 " version INTEGER PRIMARY KEY,"
                 " description TEXT NOT NULL,"
                 " applied_at BIGINT NOT NULL)"));
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  int version = row ? static_cast<int>(s->Int(0)) : 0;
  s->Reset();
  return version;
}

Status Migrate(SqlConnection& db, Timestamp now) {
  KINLINK_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  if (current > LatestSchemaVersion()) {
    return FailedPreconditionError(
        fmt::format("the database has schema version {}, newer than this kinlink's {}", current,
                    LatestSchemaVersion()));
  }
  for (const Migration& migration : AllMigrations()) {
    if (migration.version <= current) continue;
    KINLINK_RETURN_IF_ERROR(db.Begin());
    Status status;
    for (std::string_view step : migration.steps) {
      status = db.Execute(step);
      if (!status.ok()) break;
    }
    for (std::string_view table : migration.store_by_primary_key) {
      if (!status.ok()) break;
      status = db.StoreByPrimaryKey(table);
    }
    if (status.ok()) {
      auto insert = db.Prepare(
          "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)");
      if (!insert.ok()) {
        status = insert.status();
      } else {
        (*insert)->BindInt(1, migration.version);
        (*insert)->BindText(2, migration.description);
        (*insert)->BindInt(3, now.time_since_epoch().count());
        status = (*insert)->Run();
      }
    }
    if (!status.ok()) {
      (void)db.Rollback();
      return status.WithContext(fmt::format("migration {}", migration.version));
    }
    KINLINK_RETURN_IF_ERROR(db.Commit());
  }
  return Status::Ok();
}

}  // namespace kinlink::ledger
