// Ingester: the writer side of ingest. Rows come prepared from a RowSource (export_rows.cc,
// truth_rows.cc), on a parser thread through a RowPipeline; this file checks their idempotency
// keys, appends them and commits per batch.
#include "ledger/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "ledger/hash_chain.h"
#include "ledger/internal/prepared_row.h"
#include "ledger/internal/row_pipeline.h"

namespace kinlink::ledger {
namespace {

uint64_t RecordKey(std::string_view record_id) { return std::hash<std::string_view>{}(record_id); }

}  // namespace

Status Ingester::Prime() {
  if (primed_) return Status::Ok();
  KINLINK_RETURN_IF_ERROR(ledger_.EnableWriteFilters());
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      ledger_.db().Prepare("SELECT record_id FROM source_record WHERE source = ?"));
  s->BindText(1, options_.source);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    record_keys_.insert(RecordKey(s->Text(0)));
  }
  s->Reset();
  primed_ = true;
  return Status::Ok();
}

Status Ingester::MaybeCommit(bool force) {
  if (!in_batch_) {
    if (force) return Status::Ok();
    KINLINK_RETURN_IF_ERROR(ledger_.Begin());
    in_batch_ = true;
    return Status::Ok();
  }
  if (!force && rows_in_batch_ < options_.batch_rows) return Status::Ok();
  KINLINK_RETURN_IF_ERROR(ledger_.Commit());
  in_batch_ = false;
  rows_in_batch_ = 0;
  if (options_.progress) {
    options_.progress(
        IngestProgress{.rows = summary_.rows, .file = current_file_, .line = current_line_});
  }
  if (!force) {
    KINLINK_RETURN_IF_ERROR(ledger_.Begin());
    in_batch_ = true;
  }
  return Status::Ok();
}

Result<Ingester::Prior> Ingester::Lookup(const std::string& record_id,
                                         const std::string& content_hash) {
  Prior prior;
  // The filters hold every key of this source in the ledger (and a few of a rolled-back batch):
  // a miss is certain, a hit is confirmed below.
  if (primed_ && !record_keys_.contains(RecordKey(record_id))) return prior;
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      ledger_.db().Prepare(
          "SELECT content_hash FROM source_record WHERE source = ? AND record_id = ?"));
  s->BindText(1, options_.source);
  s->BindText(2, record_id);
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    std::string hash = s->Text(0);
    if (hash == content_hash) prior.seen = Seen::kDuplicate;
    prior.hashes.push_back(std::move(hash));
  }
  s->Reset();
  if (prior.seen == Seen::kNew && !prior.hashes.empty()) prior.seen = Seen::kRevision;
  return prior;
}

Status Ingester::RememberRecord(const std::string& record_id, const std::string& content_hash,
                                const std::string& file, int64_t line) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      ledger_.db().Prepare("INSERT INTO source_record (source, record_id, content_hash, file, "
                           "line) VALUES (?, ?, ?, ?, ?) "
                           "ON CONFLICT (source, record_id, content_hash) DO NOTHING"));
  s->BindTextRef(1, options_.source);
  s->BindTextRef(2, record_id);
  s->BindTextRef(3, content_hash);
  s->BindTextRef(4, file);
  s->BindInt(5, line);
  KINLINK_RETURN_IF_ERROR(s->Run());
  if (primed_) record_keys_.insert(RecordKey(record_id));
  return Status::Ok();
}

Status Ingester::Quarantine(const std::string& file, int64_t line, const std::string& text,
                            const std::string& field, const std::string& reason) {
  ++summary_.quarantined;
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      ledger_.db().Prepare("INSERT INTO quarantine (source, file, line, content_hash, field, "
                           "reason, raw, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (source, file, line, content_hash) DO NOTHING"));
  s->BindText(1, options_.source);
  s->BindText(2, file);
  s->BindInt(3, line);
  s->BindText(4, Sha256Hex(text));
  s->BindText(5, field);
  s->BindText(6, reason);
  s->BindText(7, text);
  s->BindInt(8, ledger_.clock().Now().time_since_epoch().count());
  return s->Run();
}

Status Ingester::AppendCounted(const Event& event) {
  KINLINK_RETURN_IF_ERROR(ledger_.AppendEvent(event));
  ++summary_.events;
  return Status::Ok();
}

Result<bool> Ingester::SameAsStanding(const std::string& standing_id, const Event& event) {
  KINLINK_ASSIGN_OR_RETURN(std::optional<LogEntry> entry, ledger_.log().Find(standing_id));
  if (!entry) return false;
  KINLINK_ASSIGN_OR_RETURN(ParsedEntry parsed, ParseEntry(*entry));
  if (!parsed.event) return false;
  const Event* standing = &*parsed.event;
  if (const auto* correction = std::get_if<Correction>(&standing->payload)) {
    if (!correction->replacement) return false;  // retracted: the new version restates it
    standing = correction->replacement.get();
  }
  // Compared without what differs between versions of one record by construction: the id, the
  // entry time and the file it came in.
  Event a = *standing;
  Event b = event;
  a.event_id.clear();
  b.event_id.clear();
  a.recorded_at.reset();
  b.recorded_at.reset();
  if (a.source && b.source) a.source->file = b.source->file;  // the export it came in
  return a == b;
}

Status Ingester::AppendRevision(std::vector<Event> events, const std::string& content_hash,
                                const Prior& prior) {
  std::string tag = content_hash.substr(0, 12);
  // The id that currently stands for an event of this record: the original, or the correction
  // that replaced it most recently.
  auto current_id = [&](const std::string& base) -> Result<std::string> {
    std::string found;
    std::vector<std::string> candidates{base};
    for (const auto& h : prior.hashes)
      candidates.push_back(fmt::format("{}~{}", base, h.substr(0, 12)));
    for (const auto& id : candidates) {
      KINLINK_ASSIGN_OR_RETURN(bool exists, ledger_.log().Contains(id));
      if (!exists) continue;
      KINLINK_ASSIGN_OR_RETURN(
          SqlStatement * s, ledger_.db().Prepare("SELECT 1 FROM supersession WHERE event_id = ?"));
      s->BindText(1, id);
      KINLINK_ASSIGN_OR_RETURN(bool superseded, s->Step());
      s->Reset();
      if (!superseded) found = id;
    }
    return found;
  };
  for (Event& event : events) {
    std::string base = event.event_id;
    KINLINK_ASSIGN_OR_RETURN(std::string old_id, current_id(base));
    std::string new_id = fmt::format("{}~{}", base, tag);
    if (old_id.empty()) {
      event.event_id = new_id;
      KINLINK_RETURN_IF_ERROR(AppendCounted(event));
      continue;
    }
    // An event the new version states exactly as the standing one (a later version of a
    // record that only adds a book-out) needs no correction: it was known from the first.
    KINLINK_ASSIGN_OR_RETURN(bool unchanged, SameAsStanding(old_id, event));
    if (unchanged) continue;
    Event correction;
    correction.event_id = new_id;
    correction.effective_at = event.effective_at;
    correction.recorded_at = event.recorded_at;
    correction.source = event.source;
    correction.actor = event.actor;
    auto replacement = std::make_shared<Event>(event);
    replacement->event_id = new_id + "/replacement";
    correction.payload = Correction{old_id, "the source record was revised", replacement};
    KINLINK_RETURN_IF_ERROR(AppendCounted(correction));
  }
  return Status::Ok();
}

Status Ingester::Store(detail::PreparedRow& row, const std::string& file) {
  using Kind = detail::PreparedRow::Kind;
  switch (row.kind) {
    case Kind::kQuarantine:
      return Quarantine(file, row.line, row.text, row.field, row.reason);
    case Kind::kAccepted:
      ++summary_.accepted;
      return Status::Ok();
    case Kind::kRecord:
      break;
  }
  KINLINK_ASSIGN_OR_RETURN(Prior prior, Lookup(row.record_id, row.content_hash));
  if (prior.seen == Seen::kDuplicate) {
    ++summary_.duplicates;
    return Status::Ok();
  }
  if (prior.seen == Seen::kRevision && !row.revisable) {
    return Quarantine(file, row.line, row.text, row.kind_name,
                      fmt::format("'{}' was already ingested with different content; "
                                  "the truth stream does not revise records",
                                  row.record_id));
  }
  // An identity record is appended only when it is new or changed: count what the log took.
  const int64_t seq_before_identity = ledger_.log().head_seq();
  if (row.person) {
    KINLINK_RETURN_IF_ERROR(ledger_.RecordSerializedPerson(
        *row.person, std::move(row.person_record), row.identity_at, row.identity_source));
  }
  if (row.family) {
    KINLINK_RETURN_IF_ERROR(ledger_.RecordSerializedFamilyUnit(
        *row.family, row.family_json, row.identity_at, row.identity_source));
  }
  summary_.identity_records += ledger_.log().head_seq() - seq_before_identity;
  if (prior.seen == Seen::kRevision) {
    ++summary_.revised;
    KINLINK_RETURN_IF_ERROR(AppendRevision(std::move(row.events), row.content_hash, prior));
  } else {
    for (size_t i = 0; i < row.events.size(); ++i) {
      // The row's text is appended in place (views): the row outlives the call.
      KINLINK_RETURN_IF_ERROR(ledger_.AppendSerializedEvent(row.events[i], row.event_json[i]));
      ++summary_.events;
    }
  }
  KINLINK_RETURN_IF_ERROR(RememberRecord(row.record_id, row.content_hash, file, row.line));
  ++summary_.accepted;
  return Status::Ok();
}

Status Ingester::Consume(detail::RowSource& source, const std::string& file) {
  ++summary_.files;
  current_file_ = file;
  current_line_ = 0;
  Status status = Prime();
  if (status.ok()) {
    detail::RowPipeline pipeline(source, options_.parse_thread);
    std::vector<detail::PreparedRow> chunk;
    while (status.ok() && pipeline.Pop(chunk)) {
      for (detail::PreparedRow& row : chunk) {
        status = MaybeCommit(false);
        if (!status.ok()) break;
        ++summary_.rows;
        ++rows_in_batch_;
        current_line_ = row.line;
        status = Store(row, file);
        if (!status.ok()) break;
      }
    }
  }
  if (status.ok()) status = MaybeCommit(true);
  if (!status.ok()) {
    if (in_batch_) ledger_.Abort();
    in_batch_ = false;
    return status.WithContext(file);
  }
  return Status::Ok();
}

Status Ingester::IngestFile(const std::string& path, const Mapping& mapping) {
  // Errors before the first row name the file: RecordReader's (unreadable, empty, no header)
  // and a header without the mapping's columns; later ones are named by Consume.
  KINLINK_ASSIGN_OR_RETURN(auto reader, RecordReader::Open(path, mapping.format));
  Status columns = mapping.CheckColumns(reader->columns());
  if (!columns.ok()) return columns.WithContext(path);
  return IngestRecords(*reader, std::filesystem::path(path).filename().string(), mapping);
}

Status Ingester::IngestRecords(RecordReader& reader, const std::string& file,
                               const Mapping& mapping) {
  size_t threads = options_.parse_threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const std::vector<Agency> ends = mapping.CustodyEndsRecorded();
  KINLINK_RETURN_IF_ERROR(ledger_.DeclareCustodyEnds(
      mapping.agency, std::find(ends.begin(), ends.end(), mapping.agency) != ends.end()));
  detail::ExportRowSource source(reader, mapping, file, options_.parse_thread ? threads : 1);
  return Consume(source, file);
}

Status Ingester::IngestTruthFile(const std::string& path) {
  KINLINK_ASSIGN_OR_RETURN(auto source, detail::TruthRowSource::Open(path));
  // The truth holds every custody's end.
  for (Agency agency : {Agency::kCbp, Agency::kUsms, Agency::kIce, Agency::kOrr}) {
    KINLINK_RETURN_IF_ERROR(ledger_.DeclareCustodyEnds(agency, true));
  }
  return Consume(*source, std::filesystem::path(path).filename().string());
}

}  // namespace kinlink::ledger
