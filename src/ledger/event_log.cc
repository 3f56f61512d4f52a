#include "ledger/event_log.h"

#include <fmt/format.h>

#include "ledger/hash_chain.h"

namespace kinlink::ledger {
namespace {

int64_t Seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

constexpr std::string_view kColumns[] = {
    "seq",           "event_id",      "type",        "effective_at",     "recorded_at",
    "source_agency", "source_system", "source_file", "source_record_id", "actor",
    "payload",       "prev_hash",     "hash"};

}  // namespace

std::string EntryColumns(std::string_view alias) {
  std::string out;
  for (std::string_view column : kColumns) {
    if (!out.empty()) out += ", ";
    if (!alias.empty()) out += fmt::format("{}.", alias);
    out += column;
  }
  return out;
}

LogEntry ReadEntry(const SqlStatement& s, int c) {
  LogEntry e;
  e.seq = s.Int(c);
  e.entry_id = s.Text(c + 1);
  e.type = s.Text(c + 2);
  e.effective_at = FromSeconds(s.Int(c + 3));
  e.recorded_at = FromSeconds(s.Int(c + 4));
  e.source_agency = s.Text(c + 5);
  e.source_system = s.Text(c + 6);
  e.source_file = s.Text(c + 7);
  e.source_record_id = s.Text(c + 8);
  e.actor = s.Text(c + 9);
  e.payload = s.Text(c + 10);
  e.prev_hash = s.Text(c + 11);
  e.hash = s.Text(c + 12);
  return e;
}

Status EventLog::LoadHead() {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db_.Prepare("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1"));
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  if (row) {
    head_seq_ = s->Int(0);
    head_hash_ = s->Text(1);
  } else {
    head_seq_ = 0;
    head_hash_ = std::string(kGenesisHash);
  }
  s->Reset();
  return Status::Ok();
}

EntryRef ViewOf(const LogEntry& entry) {
  return EntryRef{.entry_id = entry.entry_id,
                  .type = entry.type,
                  .effective_at = entry.effective_at,
                  .recorded_at = entry.recorded_at,
                  .source_agency = entry.source_agency,
                  .source_system = entry.source_system,
                  .source_file = entry.source_file,
                  .source_record_id = entry.source_record_id,
                  .actor = entry.actor,
                  .payload = entry.payload};
}

ChainFields ChainFieldsOf(const EntryRef& entry, int64_t seq, std::string_view prev_hash) {
  return ChainFields{.seq = seq,
                     .entry_id = entry.entry_id,
                     .type = entry.type,
                     .effective_at = Seconds(entry.effective_at),
                     .recorded_at = Seconds(entry.recorded_at),
                     .source_agency = entry.source_agency,
                     .source_system = entry.source_system,
                     .source_file = entry.source_file,
                     .source_record_id = entry.source_record_id,
                     .actor = entry.actor,
                     .payload = entry.payload,
                     .prev_hash = prev_hash};
}

Status EventLog::Append(LogEntry& entry, std::span<const std::string> subjects,
                        Timestamp subject_time) {
  std::vector<std::string_view> views(subjects.begin(), subjects.end());
  std::string prev_hash = head_hash_;
  KINLINK_ASSIGN_OR_RETURN(entry.seq, Append(ViewOf(entry), views, subject_time));
  entry.prev_hash = std::move(prev_hash);
  entry.hash = head_hash_;
  return Status::Ok();
}

Result<int64_t> EventLog::Append(const EntryRef& entry, std::span<const std::string_view> subjects,
                                 Timestamp subject_time) {
  const int64_t seq = head_seq_ + 1;
  ChainHashInto(ChainFieldsOf(entry, seq, head_hash_), next_hash_);
  if (insert_ == nullptr) {
    KINLINK_ASSIGN_OR_RETURN(
        insert_,
        db_.Prepare("INSERT INTO event (seq, event_id, type, effective_at, recorded_at, "
                    "source_agency, source_system, source_file, source_record_id, actor, payload, "
                    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    KINLINK_ASSIGN_OR_RETURN(
        insert_subject_,
        db_.Prepare("INSERT INTO event_subject (person_id, effective_at, seq) VALUES (?, ?, ?) "
                    "ON CONFLICT (person_id, effective_at, seq) DO NOTHING"));
  }
  // Every value is bound in place (BindTextRef): the views and the two hash buffers stay
  // unchanged until Run has stepped and reset the statement.
  SqlStatement* insert = insert_;
  insert->BindInt(1, seq);
  insert->BindTextRef(2, entry.entry_id);
  insert->BindTextRef(3, entry.type);
  insert->BindInt(4, Seconds(entry.effective_at));
  insert->BindInt(5, Seconds(entry.recorded_at));
  insert->BindTextRef(6, entry.source_agency);
  insert->BindTextRef(7, entry.source_system);
  insert->BindTextRef(8, entry.source_file);
  insert->BindTextRef(9, entry.source_record_id);
  insert->BindTextRef(10, entry.actor);
  insert->BindTextRef(11, entry.payload);
  insert->BindTextRef(12, head_hash_);
  insert->BindTextRef(13, next_hash_);
  Status inserted = insert->Run();
  if (!inserted.ok()) {
    if (inserted.code() == StatusCode::kAlreadyExists) {
      return AlreadyExistsError(
          fmt::format("event id '{}' is already in the ledger", entry.entry_id));
    }
    return inserted;
  }
  head_seq_ = seq;
  head_hash_.swap(next_hash_);
  SqlStatement* subject = insert_subject_;
  for (std::string_view person : subjects) {
    subject->BindTextRef(1, person);
    subject->BindInt(2, Seconds(subject_time));
    subject->BindInt(3, seq);
    KINLINK_RETURN_IF_ERROR(subject->Run());
  }
  return seq;
}

Status EventLog::RecordSupersession(std::string_view event_id, std::string_view by_event_id,
                                    int64_t seq) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db_.Prepare("INSERT INTO supersession (event_id, superseded_by, seq) VALUES (?, ?, ?) "
                  "ON CONFLICT (event_id) DO UPDATE SET superseded_by = excluded.superseded_by, "
                  "seq = excluded.seq"));
  s->BindText(1, event_id);
  s->BindText(2, by_event_id);
  s->BindInt(3, seq);
  return s->Run();
}

Result<bool> EventLog::Contains(std::string_view entry_id) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare("SELECT 1 FROM event WHERE event_id = ?"));
  s->BindText(1, entry_id);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  s->Reset();
  return row;
}

Result<std::optional<LogEntry>> EventLog::Find(std::string_view entry_id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM event WHERE event_id = ?", EntryColumns());
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare(sql));
  s->BindText(1, entry_id);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  std::optional<LogEntry> entry;
  if (row) entry = ReadEntry(*s);
  s->Reset();
  return entry;
}

Result<bool> EventLog::HasSubject(std::string_view person_id) {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db_.Prepare("SELECT 1 FROM event_subject WHERE person_id = ? LIMIT 1"));
  s->BindText(1, person_id);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  s->Reset();
  return row;
}

Result<std::vector<LogEntry>> EventLog::EntriesFor(std::string_view person_id,
                                                   bool include_superseded) {
  static const std::string all = fmt::format(
      "SELECT {} FROM event_subject s JOIN event e ON e.seq = s.seq WHERE s.person_id = ? "
      "ORDER BY s.effective_at, s.seq",
      EntryColumns("e"));
  static const std::string current = fmt::format(
      "SELECT {} FROM event_subject s JOIN event e ON e.seq = s.seq "
      "LEFT JOIN supersession x ON x.event_id = e.event_id "
      "WHERE s.person_id = ? AND x.event_id IS NULL ORDER BY s.effective_at, s.seq",
      EntryColumns("e"));
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare(include_superseded ? all : current));
  s->BindText(1, person_id);
  std::vector<LogEntry> entries;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    entries.push_back(ReadEntry(*s));
  }
  s->Reset();
  return entries;
}

Status EventLog::ForEach(const std::function<Status(const LogEntry&)>& visit) {
  static const std::string sql = fmt::format("SELECT {} FROM event ORDER BY seq", EntryColumns());
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare(sql));
  while (true) {
    auto row = s->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Status status = visit(ReadEntry(*s));
    if (!status.ok()) {
      s->Reset();
      return status;
    }
  }
  s->Reset();
  return Status::Ok();
}

Result<int64_t> EventLog::Count() {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s, db_.Prepare("SELECT COUNT(*) FROM event"));
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  int64_t n = row ? s->Int(0) : 0;
  s->Reset();
  return n;
}

}  // namespace kinlink::ledger
