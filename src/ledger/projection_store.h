// ProjectionStore: writes a PersonProjection into the projection tables, and rebuilds one by
// replaying the log entries of every identity of a person.
//
// Tables written (docs/ledger.md), keyed by the person (the identity cluster's id, or the
// identity itself when unlinked): person_state (one row), custody_interval, separation (where the
// person is the child), family_member, deadline (reunification and CBP 72-hour clocks),
// parent_link; and agency_custody_end, once an agency's own record is seen ending its custody.
// A write replaces the person's rows, inside the caller's transaction, so projections always
// match the events committed with them.
//
//   ProjectionStore store(db, policy);
//   KINLINK_ASSIGN_OR_RETURN(PersonProjection p,
//                            store.Replay("cbp:S1", {"cbp:S1", "orr:UAC7"}, log));
//   KINLINK_RETURN_IF_ERROR(store.Write(p, /*replace=*/true));
//
// Errors: storage errors; DataLoss when a stored payload no longer parses.
// Thread safety: one thread, like the connection.
#ifndef KINLINK_LEDGER_PROJECTION_STORE_H_
#define KINLINK_LEDGER_PROJECTION_STORE_H_

#include <array>

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

// When an entry became known: the time its source system says it entered the record (an event's
// `recorded_at`, from the export's entry date), else when it took effect (an identity or family
// record, an event its source gave no entry time). A date without a time (00:00:00) is known by
// the end of that day.
Timestamp KnownAt(const ParsedEntry& parsed, const LogEntry& entry);

class ProjectionStore {
 public:
  ProjectionStore(SqlConnection& db, DeadlinePolicy policy) : db_(db), policy_(policy) {}

  // Folds every current (not superseded) entry of the identity, in fold order.
  Result<PersonProjection> Replay(const PersonId& person_id, EventLog& log);
  // Folds every current entry of every identity of the person `person_id` (an entry indexed
  // under several of them once), in fold order (FoldTimeOf, then seq). With `known_at`, only the
  // entries known by then (KnownAt) count, and a correction supersedes only once it is known.
  Result<PersonProjection> Replay(const PersonId& person_id,
                                  const std::vector<PersonId>& identities, EventLog& log,
                                  std::optional<Timestamp> known_at = std::nullopt);
  // Writes the projection; `replace` deletes the person's previous rows first.
  Status Write(const PersonProjection& projection, bool replace);
  // Deletes every projection row kept under `person_id` (an identity that joined another
  // person's cluster).
  Status Remove(const PersonId& person_id);
  // Forgets what was written outside the tables' own state (after a rolled-back batch).
  void ForgetWrites() {
    end_sources_written_ = 0;
    longest_written_.fill(0);
  }

  const DeadlinePolicy& policy() const { return policy_; }

 private:
  Status DeleteRows(const PersonId& person_id);
  SqlConnection& db_;
  DeadlinePolicy policy_;
  uint32_t end_sources_written_ = 0;          // bit per Agency: agency_custody_end rows written
  std::array<int64_t, 8> longest_written_{};  // per Agency: the longest closed stay written
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_PROJECTION_STORE_H_
