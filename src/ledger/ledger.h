// Ledger: the custody ledger's write path. Appends events and identity records to the
// hash-chained log and keeps the projections current in the same transaction.
//
// Writes happen in batches: Begin(), any number of Append*/Record* calls, Commit(). Commit first
// brings every touched person's projection up to date, then commits once, so a crash (even
// kill -9) leaves either the whole batch, events and projections together, or none of it.
// Projections are kept per person: an identity no link joins to another is a person of its own,
// and the identities of a cluster (identity.h) are one person, kept under the cluster's id and
// rebuilt from all of their entries whenever any of them changes.
// In-order events are folded into a cached projection; an event older than the person's latest
// (late or out-of-order) and every correction make the ledger rebuild the person's projection by
// replaying their entries in effective-time order (docs/event-semantics.md).
//
//   ManualClock clock(t0);
//   KINLINK_ASSIGN_OR_RETURN(auto ledger, Ledger::Open({.storage = {.path = "kinlink.db"},
//                                                        .clock = &clock}));
//   KINLINK_RETURN_IF_ERROR(ledger->Begin());
//   KINLINK_RETURN_IF_ERROR(ledger->AppendEvent(event));
//   KINLINK_RETURN_IF_ERROR(ledger->Commit());
//
// Bulk writers (ingest) call EnableWriteFilters() once: the ledger then keeps in-memory 64-bit
// filters of the persons already in the log and of the superseded event ids, so appending an
// event for a person never seen before, or an event nobody superseded, costs no read query. The
// filters only ever answer "certainly not" without the database; a possible hit is confirmed by a
// query, so they never change a result. Callers that have the core JSON form of an entry already
// (ingest serializes on its parser thread) pass it with the *Serialized overloads; it must equal
// EventToJson(event).dump() (resp. PersonToJson, FamilyUnitToJson).
//
// The append path copies no entry text: an entry is appended as views (EventLog::EntryRef) of
// the caller's event and payload, which only need to live until the call returns; subject lists,
// the entry id of identity records and the new hash go into buffers the ledger reuses. What
// outlives the call (cached projections, the batch's `person` rows) is the ledger's own copy.
//
// Ownership: the Ledger owns its connection; the clock must outlive it. One writer per database
// file (SQLite takes the write lock at Begin). Errors: AlreadyExists for an event id already in
// the log (the batch stays usable), storage errors otherwise (call Abort()).
// Thread safety: one thread at a time.
#ifndef KINLINK_LEDGER_LEDGER_H_
#define KINLINK_LEDGER_LEDGER_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/event.h"
#include "core/family.h"
#include "core/person.h"
#include "ledger/deadlines.h"
#include "ledger/event_log.h"
#include "ledger/projection_store.h"
#include "ledger/sql_connection.h"
#include "ledger/sqlite_connection.h"

namespace kinlink::ledger {

// A person's identity record prepared for RecordSerializedPerson (by ingest's parser thread):
// the JSON form (PersonToJson(person).dump()), its SHA-256 and the name columns of `person`.
struct SerializedPerson {
  std::string json;
  std::string hash;       // Sha256Hex(json)
  std::string full_name;  // FullNameOf(person)
  std::string name_key;   // NameKey(full_name)
};
SerializedPerson SerializePerson(const Person& person);

struct LedgerOptions {
  SqliteOptions storage;
  const Clock* clock = nullptr;  // required
  DeadlinePolicy deadlines;
  size_t projection_cache_limit = 2'000'000;  // persons kept in memory between batches
};

class Ledger {
 public:
  static Result<std::unique_ptr<Ledger>> Open(const LedgerOptions& options);
  // Over an existing connection (another backend, or a test's); migrates it.
  static Result<std::unique_ptr<Ledger>> Open(std::unique_ptr<SqlConnection> db, const Clock& clock,
                                              DeadlinePolicy deadlines,
                                              size_t projection_cache_limit = 2'000'000);
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  Status Begin();
  Status Commit();
  // Rolls back the open batch and forgets cached projections.
  void Abort();

  // Appends a core event; its `source` and `actor` fill the entry's columns.
  Status AppendEvent(const Event& event);
  // Records an identity: the person as one source record describes them. Re-recording a person
  // with the same content is a no-op; different content appends a new person_record entry.
  Status RecordPerson(const Person& person, Timestamp effective_at, const EventSource& source);
  Status RecordFamilyUnit(const FamilyUnit& family, Timestamp effective_at,
                          const EventSource& source);
  // The same with the payload already serialized (see above).
  Status AppendSerializedEvent(const Event& event, std::string_view payload_json);
  // `record` is moved from only for what the ledger keeps (the JSON and name columns of a new
  // `person` row); the rest stays with the caller (ingest frees it on its parser thread).
  Status RecordSerializedPerson(const Person& person, SerializedPerson&& record,
                                Timestamp effective_at, const EventSource& source);
  Status RecordSerializedFamilyUnit(const FamilyUnit& family, std::string_view record_json,
                                    Timestamp effective_at, const EventSource& source);
  // Loads the subject and supersession filters (one scan of each index; nothing to do when they
  // are loaded and current already). Call outside a batch.
  Status EnableWriteFilters();

  // Appends a ledger-own entry (link decisions); `subjects` index it.
  Status AppendEntry(LogEntry entry, std::span<const std::string> subjects);

  // Replays every person from the log and rewrites every projection table, in one transaction
  // (opening a ledger whose projections predate schema 6, kept per identity, does this once).
  // `progress` gets (persons done, persons in all) now and then.
  Status RebuildProjections(const std::function<void(int64_t, int64_t)>& progress = {});

  // Records whether an export of `agency`'s records ends its custody (ingest declares it from
  // the mapping: one with no release of its own agency does not). An agency none of whose
  // exports records the end, and none of whose records has ended a custody, has its open
  // custody read as "last seen", not "held" (agency_custody_end). A `true` or a record that
  // ends a custody wins over a `false`.
  Status DeclareCustodyEnds(Agency agency, bool recorded);

  // The identities changed person (a link accepted, undone or rejected joined or split their
  // clusters): at Commit every person they now belong to is rebuilt from the log of all its
  // identities, and the rows an identity kept as a person of its own are removed when it joined
  // another's. Call inside a batch, after identity_cluster holds the new clusters.
  Status RefreshIdentities(std::span<const PersonId> identities);

  SqlConnection& db() { return *db_; }
  EventLog& log() { return log_; }
  const Clock& clock() const { return clock_; }
  const DeadlinePolicy& deadlines() const { return store_.policy(); }

 private:
  Ledger(std::unique_ptr<SqlConnection> db, const Clock& clock, DeadlinePolicy deadlines,
         size_t cache_limit);
  struct Cached {
    PersonProjection projection;
    bool stale = false;      // needs a replay before it is written
    bool persisted = false;  // rows exist in the projection tables
    bool dirty = false;      // in dirty_: written at the next Flush
  };
  // Person ids looked up as views (no key string built per look-up).
  struct IdHash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  using CacheSlot = std::pair<const PersonId, Cached>;
  // The person's cache entry, created (as a known person's stale one, or a new person's empty
  // one) when missing. Entries stay put until cache_ is cleared (node-based map).
  Result<CacheSlot*> CacheFor(std::string_view person_id);
  void MarkDirty(CacheSlot& slot);
  // Folds `input` into the person's cached projection, or marks it for a replay.
  void Touch(CacheSlot& slot, const ProjectionInput* input);
  Status MarkStale(std::string_view person_id);
  // Appends `entry` indexed under `subjects` (after making their cache entries: slots_[i] is
  // subjects[i]'s); returns its seq.
  Result<int64_t> AppendRef(const EntryRef& entry, std::span<const std::string_view> subjects,
                            Timestamp subject_time);
  Status Flush();
  // The cluster id of a linked identity; unset for an identity that is a person of its own.
  Result<std::optional<PersonId>> ClusterKeyOf(std::string_view identity);
  Status LoadHasClusters();
  // Writes the batch's `person` rows (pending_persons_), in person-id order.
  Status FlushPersons();
  // Whether the log has entries for the person (the filter first, then the subject index).
  Result<bool> KnownSubject(std::string_view person_id);
  Result<bool> IsSuperseded(std::string_view event_id);
  void NoteSubjects(std::span<const std::string_view> subjects);

  std::unique_ptr<SqlConnection> db_;
  const Clock& clock_;
  EventLog log_;
  ProjectionStore store_;
  size_t cache_limit_;
  bool has_supersessions_ = true;  // checked per event until known to be empty
  bool has_clusters_ = true;       // identity_cluster has rows (else every identity is a person)
  std::unordered_map<PersonId, Cached, IdHash, std::equal_to<>> cache_;
  std::vector<CacheSlot*> dirty_;  // touched in the open batch (each once: Cached::dirty)
  // The content hash (Sha256Hex, 64 hex digits) of each recorded person's latest record.
  using ContentHash = std::array<char, 64>;
  std::unordered_map<PersonId, ContentHash, IdHash, std::equal_to<>> person_hashes_;
  // Reused per entry: subject views, their cache entries, an identity record's entry id.
  std::vector<std::string_view> subjects_;
  std::vector<CacheSlot*> slots_;
  std::string entry_id_;
  // `person` rows recorded in the open batch, written at Flush (the latest record per person).
  struct PendingPerson {
    std::string source, a_number, name_key, display_name, birth_date, sex, citizenship, record;
  };
  std::unordered_map<PersonId, PendingPerson> pending_persons_;
  bool filters_enabled_ = false;
  std::unordered_set<uint64_t> subject_filter_;     // hashes of persons with entries
  std::unordered_set<uint64_t> superseded_filter_;  // hashes of superseded event ids
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_LEDGER_H_
