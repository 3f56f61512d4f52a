// PreparedRow and RowSource: the parser side of ingest (detail of ingest.cc).
//
// A RowSource turns one input file into PreparedRows: everything about a row that does not need
// the database (reading, decoding, mapping, validation, the content hash and the JSON form of
// every entry) is done here, so it can run on a parser thread while the writer thread appends the
// previous rows. The writer (Ingester) only checks idempotency keys and appends.
//
// Sources: ExportRowSource (an agency export through a Mapping) and TruthRowSource (the
// simulator's truth stream). Thread safety: a source is used by one thread at a time; its rows
// are moved to the writer.
#ifndef KINLINK_LEDGER_INTERNAL_PREPARED_ROW_H_
#define KINLINK_LEDGER_INTERNAL_PREPARED_ROW_H_

#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/family.h"
#include "core/person.h"
#include "ledger/internal/parallel_for.h"
#include "ledger/ledger.h"
#include "ledger/mapping.h"
#include "ledger/record_reader.h"
#include "ledger/row_mapper.h"

namespace kinlink::ledger::detail {

struct PreparedRow {
  enum class Kind {
    kQuarantine,  // failed validation: field and reason
    kAccepted,    // read and valid, stores nothing (truth header, footer, facility)
    kRecord,      // a source record: identity and/or events keyed by (record id, content hash)
  };
  Kind kind = Kind::kRecord;
  int64_t line = 0;
  std::string text;  // the raw text (UTF-8), kept for rows that may be quarantined
  std::string field;
  std::string reason;

  std::string record_id;
  std::string content_hash;  // SHA-256 hex of the record's text
  // Agency records may be revised (their events become corrections); truth records may not: a
  // changed truth record is quarantined with `kind_name` as the field.
  bool revisable = true;
  std::string kind_name;

  std::optional<Person> person;
  SerializedPerson person_record;  // JSON, hash and name columns of `person`
  std::optional<FamilyUnit> family;
  std::string family_json;
  Timestamp identity_at{};  // effective time of the identity record
  EventSource identity_source;
  std::vector<Event> events;
  std::vector<std::string> event_json;  // EventToJson(events[i]).dump()
};

class RowSource {
 public:
  virtual ~RowSource() = default;
  // Appends up to `max` rows; false when the input is exhausted (nothing appended).
  virtual bool Next(std::vector<PreparedRow>& out, size_t max) = 0;
};

class ExportRowSource final : public RowSource {
 public:
  // `threads` > 1: rows are read on the calling thread and prepared on that many threads (the
  // caller's included), in order.
  ExportRowSource(RecordReader& reader, const Mapping& mapping, std::string file,
                  size_t threads = 1)
      : reader_(reader),
        mapping_(mapping),
        mapper_(mapping, file, reader.shared_columns()),
        file_(std::move(file)) {
    if (threads > 1) pool_ = std::make_unique<ParallelFor>(threads);
  }
  bool Next(std::vector<PreparedRow>& out, size_t max) override;

 private:
  PreparedRow Prepare(RawRecord record) const;
  RecordReader& reader_;
  const Mapping& mapping_;
  RowMapper mapper_;
  std::string file_;
  std::unique_ptr<ParallelFor> pool_;
  std::vector<RawRecord> records_;
};

class TruthRowSource final : public RowSource {
 public:
  // NotFound when the file cannot be read.
  static Result<std::unique_ptr<TruthRowSource>> Open(const std::string& path);
  bool Next(std::vector<PreparedRow>& out, size_t max) override;

 private:
  TruthRowSource(std::ifstream in, std::string file) : in_(std::move(in)), file_(std::move(file)) {}
  PreparedRow Prepare(std::string line);

  std::ifstream in_;
  std::string file_;
  int64_t line_number_ = 0;
  Timestamp cursor_{};
  int64_t persons_ = 0, families_ = 0, events_ = 0;
};

PreparedRow QuarantineRow(int64_t line, std::string text, std::string field, std::string reason);

}  // namespace kinlink::ledger::detail

#endif  // KINLINK_LEDGER_INTERNAL_PREPARED_ROW_H_
