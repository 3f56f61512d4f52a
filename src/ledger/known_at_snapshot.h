// KnownAtSnapshot: the ledger's projections as they stood with only what was known at a moment.
//
// Every query of the ledger takes the moment the world is asked about (`as_of`); this gives the
// second time axis, the moment of knowledge. Build() replays every person (every identity
// cluster, and every identity no link joins) from the log, keeping only the entries known by
// `known_at` (KnownAt in projection_store.h: the entry time the source system recorded, a date
// being known by the end of its day), into a private in-memory database with the ledger's
// schema. The query functions (queries.h, alerts.h) then run on snapshot.db() exactly as on the
// ledger: "what did the records show on 26 June 2018" is ListOpenSeparations(snapshot.db(),
// as_of, …) with known_at = as_of, "what we now know happened by 26 June" is the same query on
// the ledger itself.
//
// Links between identities are applied as the ledger holds them now: they are conclusions
// about the records, and a record not yet known contributes nothing to its person. Identity
// records (names, birth dates) are copied whole. Timelines are empty in a snapshot (its log is
// empty); ask the ledger for them.
//
//   KINLINK_ASSIGN_OR_RETURN(auto known, KnownAtSnapshot::Build(ledger.db(), known_at, policy));
//   auto open = ListOpenSeparations(known->db(), as_of, policy);
//
// Cost: one replay of the whole log (a few seconds per million entries). Errors: storage errors;
// DataLoss when a stored payload does not parse. Thread safety: one thread, like a connection.
#ifndef KINLINK_LEDGER_KNOWN_AT_SNAPSHOT_H_
#define KINLINK_LEDGER_KNOWN_AT_SNAPSHOT_H_

#include <cstdint>
#include <functional>
#include <memory>

#include "core/civil_time.h"
#include "ledger/deadlines.h"
#include "ledger/event_log.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

class KnownAtSnapshot {
 public:
  // `progress`, when set, is called with (persons replayed, persons in all) now and then.
  static Result<std::unique_ptr<KnownAtSnapshot>> Build(
      SqlConnection& ledger_db, Timestamp known_at, const DeadlinePolicy& policy,
      const std::function<void(int64_t, int64_t)>& progress = {});

  KnownAtSnapshot(const KnownAtSnapshot&) = delete;
  KnownAtSnapshot& operator=(const KnownAtSnapshot&) = delete;

  SqlConnection& db() { return *db_; }
  EventLog& log() { return log_; }
  Timestamp known_at() const { return known_at_; }
  // Persons with at least one entry known by known_at (those written to the snapshot).
  int64_t persons() const { return persons_; }

 private:
  KnownAtSnapshot(std::unique_ptr<SqlConnection> db, Timestamp known_at);
  std::unique_ptr<SqlConnection> db_;
  EventLog log_;
  Timestamp known_at_;
  int64_t persons_ = 0;
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_KNOWN_AT_SNAPSHOT_H_
