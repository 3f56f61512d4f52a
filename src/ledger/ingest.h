// Ingester: reads agency exports (through a Mapping) or the simulator's truth stream into the
// ledger, idempotently, quarantining what does not validate.
//
// Each source record is keyed by (source, record id, content hash), where the content hash is the
// SHA-256 of the record's text: a record seen before with the same content is a duplicate and
// adds nothing; the same record id with new content is a revision, whose events become
// corrections superseding the previous version's. A record that cannot be read or mapped goes to
// the `quarantine` table with file, line, field and reason (once per (file, line, content)).
// Rows are committed in batches of `batch_rows`, each one transaction with its events,
// projections and source-record keys, so a killed ingest leaves whole batches and re-running it
// finishes the rest without duplicates.
//
// Speed (docs/ledger.md, "Ingest performance"): a parser thread reads, maps, validates, hashes and
// serializes rows while the calling thread appends them (`parse_thread`); the idempotency keys of
// the source already in the ledger are loaded once into an in-memory 64-bit filter, so a new row
// costs no read query (a filter hit is confirmed against the `source_record` table, so a hash
// collision can never drop a row); the ledger's write filters (Ledger::EnableWriteFilters) do the
// same for persons and supersessions.
//
//   Ingester ingester(ledger, {.source = "cbp"});
//   KINLINK_RETURN_IF_ERROR(ingester.IngestFile("cbp_apprehensions.csv", mapping));
//   ingester.summary().accepted;   // rows whose events are now in the ledger
//
// Errors: NotFound for a missing file, InvalidArgument when a mapping does not fit the file
// (missing column), storage errors. Row problems are never errors: they are quarantined.
// Thread safety: one thread, like the Ledger.
#ifndef KINLINK_LEDGER_INGEST_H_
#define KINLINK_LEDGER_INGEST_H_

#include <functional>
#include <string>
#include <unordered_set>

#include "ledger/ledger.h"
#include "ledger/mapping.h"
#include "ledger/record_reader.h"

namespace kinlink::ledger {

// How far an ingest has got, as reported after each committed batch.
struct IngestProgress {
  int64_t rows = 0;       // rows read so far by this Ingester, over all its files
  std::string_view file;  // the file being read (its name, as in quarantine rows)
  int64_t line = 0;       // the line of the last row read from it (1-based)
};

struct IngestOptions {
  std::string source;  // "cbp", "truth": the first part of the idempotency key
  size_t batch_rows = 5000;
  // Called after each committed batch (the last one of a file included): the batch is durable.
  std::function<void(const IngestProgress&)> progress;
  // Parse on a second thread (false: everything on the calling thread).
  bool parse_thread = true;
  // Threads that map and serialize an agency export's rows (with parse_thread; the rows keep
  // their order, so the ledger is the same for any number). 0: one per CPU core.
  size_t parse_threads = 1;
};

struct IngestSummary {
  int64_t files = 0;
  int64_t rows = 0;
  int64_t accepted = 0;          // new rows, events appended
  int64_t revised = 0;           // accepted rows that revise an earlier version of the record
  int64_t duplicates = 0;        // rows already in the ledger with the same content
  int64_t quarantined = 0;       // rows that failed validation
  int64_t events = 0;            // events and corrections appended to the log
  int64_t identity_records = 0;  // person and family-unit records appended (new or changed)
  // Every log entry this ingest appended.
  int64_t entries() const { return events + identity_records; }
};

namespace detail {
class RowSource;
struct PreparedRow;
}  // namespace detail

class Ingester {
 public:
  Ingester(Ledger& ledger, IngestOptions options) : ledger_(ledger), options_(std::move(options)) {}

  Status IngestFile(const std::string& path, const Mapping& mapping);
  Status IngestRecords(RecordReader& reader, const std::string& file, const Mapping& mapping);
  // The simulator's truth stream (docs/truth-format.md).
  Status IngestTruthFile(const std::string& path);

  const IngestSummary& summary() const { return summary_; }

 private:
  enum class Seen { kNew, kDuplicate, kRevision };
  struct Prior {
    Seen seen = Seen::kNew;
    std::vector<std::string> hashes;  // earlier content hashes of the record
  };
  // Loads this source's idempotency keys and the ledger's write filters, once.
  Status Prime();
  Status Consume(detail::RowSource& source, const std::string& file);
  Status Store(detail::PreparedRow& row, const std::string& file);
  Result<Prior> Lookup(const std::string& record_id, const std::string& content_hash);
  Status RememberRecord(const std::string& record_id, const std::string& content_hash,
                        const std::string& file, int64_t line);
  Status Quarantine(const std::string& file, int64_t line, const std::string& text,
                    const std::string& field, const std::string& reason);
  // Appends the events of a revised record as corrections of the current version's.
  // Whether `event` states exactly what the standing event `standing_id` (or the replacement a
  // standing correction put in place) states, ids and entry times aside.
  Result<bool> SameAsStanding(const std::string& standing_id, const Event& event);
  Status AppendRevision(std::vector<Event> events, const std::string& content_hash,
                        const Prior& prior);
  Status AppendCounted(const Event& event);
  Status MaybeCommit(bool force);

  Ledger& ledger_;
  IngestOptions options_;
  IngestSummary summary_;
  size_t rows_in_batch_ = 0;
  bool in_batch_ = false;
  std::string current_file_;  // for progress reports
  int64_t current_line_ = 0;
  bool primed_ = false;
  std::unordered_set<uint64_t> record_keys_;  // 64-bit hashes of this source's record ids
};

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_INGEST_H_
