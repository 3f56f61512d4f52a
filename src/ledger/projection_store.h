// ProjectionStore: writes a PersonProjection into the projection tables, and rebuilds one by
// replaying a person's log entries.
//
// Tables written (docs/ledger.md): person_state (one row), custody_interval, separation (where the
// person is the child), family_member, deadline (reunification and CBP 72-hour clocks). A write
// replaces the person's rows, inside the caller's transaction, so projections always match the
// events committed with them.
//
//   ProjectionStore store(db, policy);
//   KINLINK_ASSIGN_OR_RETURN(PersonProjection p, store.Replay("P1", log));
//   KINLINK_RETURN_IF_ERROR(store.Write(p, /*replace=*/true));
//
// Errors: storage errors; DataLoss when a stored payload no longer parses.
// Thread safety: one thread, like the connection.
#ifndef KINLINK_LEDGER_PROJECTION_STORE_H_
#define KINLINK_LEDGER_PROJECTION_STORE_H_

#include "ledger/deadlines.h"
#include "ledger/event_log.h"
#include "ledger/person_projection.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

// A parsed log entry: owns the event, person or family unit a ProjectionInput points to.
struct ParsedEntry {
  std::optional<Event> event;
  std::optional<Person> person;
  std::optional<FamilyUnit> family;
  ProjectionInput AsInput(int64_t seq, Timestamp effective_at) const;
};
Result<ParsedEntry> ParseEntry(const LogEntry& entry);

class ProjectionStore {
 public:
  ProjectionStore(SqlConnection& db, DeadlinePolicy policy) : db_(db), policy_(policy) {}

  // Folds every current (not superseded) entry of the person, in effective-time order.
  Result<PersonProjection> Replay(const PersonId& person_id, EventLog& log);
  // Writes the projection; `replace` deletes the person's previous rows first.
  Status Write(const PersonProjection& projection, bool replace);

  const DeadlinePolicy& policy() const { return policy_; }

 private:
  Status DeleteRows(const PersonId& person_id);
  SqlConnection& db_;
  DeadlinePolicy policy_;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_PROJECTION_STORE_H_
