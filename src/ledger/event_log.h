// EventLog: the append-only, hash-chained log of ledger entries.
//
// An entry is a core event (docs/data-model.md) or one of the ledger's own record types
// (person_record, family_unit_record, link_decision), stored with its sequence number, ids, times,
// source, actor, JSON payload (the core JSON form) and its place in the SHA-256 chain
// (hash_chain.h). Entries are only ever inserted: no UPDATE or DELETE statement touches the
// `event` table anywhere in kinlink. Each entry is indexed under the persons it concerns
// (event_subject) so a person's history is one index range.
//
//   EventLog log(db);
//   KINLINK_RETURN_IF_ERROR(log.LoadHead());
//   LogEntry e{.entry_id = "E1", .type = "apprehension", ...};
//   KINLINK_RETURN_IF_ERROR(log.Append(e, {"P1"}, e.effective_at));   // sets seq, hashes
//
// Writers that already hold the entry's text (ingest: the prepared row) append an EntryRef, a
// set of views, instead: nothing is copied, the text is bound to the INSERT in place and hashed
// in place, and the new hash is written into a buffer the log reuses (head_hash()).
//
// Append runs inside the caller's transaction; after a rollback the caller must LoadHead() again.
// Errors: AlreadyExists when the entry id is taken; storage errors as SqlConnection reports them.
// Thread safety: one thread, like the connection.
#ifndef KINLINK_LEDGER_EVENT_LOG_H_
#define KINLINK_LEDGER_EVENT_LOG_H_

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.h"
#include "ledger/hash_chain.h"
#include "ledger/sql_connection.h"

namespace kinlink::ledger {

struct LogEntry {
  int64_t seq = 0;
  std::string entry_id;
  std::string type;
  Timestamp effective_at;
  Timestamp recorded_at;  // when the ledger stored it (the injected clock)
  std::string source_agency;
  std::string source_system;
  std::string source_file;
  std::string source_record_id;
  std::string actor;
  std::string payload;  // JSON text
  std::string prev_hash;
  std::string hash;
};

// A log entry to append, as views of text the caller owns: the views must stay valid until
// Append returns (nothing is kept after). The stored bytes are those of the equivalent LogEntry.
struct EntryRef {
  std::string_view entry_id{};
  std::string_view type{};
  Timestamp effective_at{};
  Timestamp recorded_at{};
  std::string_view source_agency{};
  std::string_view source_system{};
  std::string_view source_file{};
  std::string_view source_record_id{};
  std::string_view actor{};
  std::string_view payload{};
};

// Views of an owned entry's fields (valid while `entry` lives and is unchanged).
EntryRef ViewOf(const LogEntry& entry);
// What the chain hashes for `entry` stored at `seq` after `prev_hash` (views of `entry`).
ChainFields ChainFieldsOf(const EntryRef& entry, int64_t seq, std::string_view prev_hash);

class EventLog {
 public:
  explicit EventLog(SqlConnection& db) : db_(db) {}

  // Reads the last sequence number and hash (the genesis values for an empty log).
  Status LoadHead();
  int64_t head_seq() const { return head_seq_; }
  const std::string& head_hash() const { return head_hash_; }

  // Assigns entry.seq, prev_hash and hash, inserts it and its subject index rows.
  Status Append(LogEntry& entry, std::span<const std::string> subjects, Timestamp subject_time);
  // The same without copies: returns the entry's seq; its hash is head_hash() afterwards.
  Result<int64_t> Append(const EntryRef& entry, std::span<const std::string_view> subjects,
                         Timestamp subject_time);
  // Records that `event_id` is superseded by the correction `by_event_id` (stored at `seq`).
  Status RecordSupersession(std::string_view event_id, std::string_view by_event_id, int64_t seq);

  Result<bool> Contains(std::string_view entry_id);
  Result<std::optional<LogEntry>> Find(std::string_view entry_id);
  // Whether any entry is indexed under the person.
  Result<bool> HasSubject(std::string_view person_id);
  // The person's entries in (effective_at, seq) order, superseded events left out.
  Result<std::vector<LogEntry>> EntriesFor(std::string_view person_id, bool include_superseded);
  // Every entry in sequence order; stops at the first error `visit` returns.
  Status ForEach(const std::function<Status(const LogEntry&)>& visit);
  Result<int64_t> Count();

 private:
  SqlConnection& db_;
  int64_t head_seq_ = 0;
  std::string head_hash_ = std::string(64, '0');
  std::string next_hash_;           // the entry being appended; swapped with head_hash_ once stored
  SqlStatement* insert_ = nullptr;  // prepared once (the connection owns statements)
  SqlStatement* insert_subject_ = nullptr;
};

// Reads the columns of the standard entry SELECT (seq ... hash, 13 columns) from `s`.
LogEntry ReadEntry(const SqlStatement& s, int first_column = 0);
// The standard column list, "seq, event_id, type, ..., hash" (prefix each with `alias.`).
std::string EntryColumns(std::string_view alias = "");

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_EVENT_LOG_H_
