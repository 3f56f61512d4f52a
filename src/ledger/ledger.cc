#include "ledger/ledger.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_codec.h"
#include "ledger/hash_chain.h"
#include "ledger/internal/json_text.h"
#include "ledger/name_key.h"
#include "ledger/schema.h"

namespace kinlink::ledger {
namespace {

void FillSource(LogEntry& entry, const std::optional<EventSource>& source) {
  if (!source) return;
  entry.source_agency = std::string(ToString(source->agency));
  entry.source_system = source->system;
  entry.source_file = source->file;
  entry.source_record_id = source->record_id;
}

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (value.empty()) return;
  for (const auto& existing : list) {
    if (existing == value) return;
  }
  list.push_back(value);
}

uint64_t FilterKey(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

SerializedPerson SerializePerson(const Person& person) {
  SerializedPerson out;
  out.json = detail::PersonJsonText(person);
  out.hash = Sha256Hex(out.json);
  out.full_name = FullNameOf(person);
  out.name_key = NameKey(out.full_name);
  return out;
}

Ledger::Ledger(std::unique_ptr<SqlConnection> db, const Clock& clock, DeadlinePolicy deadlines,
               size_t cache_limit)
    : db_(std::move(db)),
      clock_(clock),
      log_(*db_),
      store_(*db_, deadlines),
      cache_limit_(cache_limit) {}

Ledger::~Ledger() {
  if (db_ && db_->InTransaction()) (void)db_->Rollback();
}

Result<std::unique_ptr<Ledger>> Ledger::Open(const LedgerOptions& options) {
  if (options.clock == nullptr) return InvalidArgumentError("Ledger::Open needs a clock");
  KINLINK_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> db,
                           SqliteConnection::Open(options.storage));
  return Open(std::move(db), *options.clock, options.deadlines, options.projection_cache_limit);
}

Result<std::unique_ptr<Ledger>> Ledger::Open(std::unique_ptr<SqlConnection> db, const Clock& clock,
                                             DeadlinePolicy deadlines,
                                             size_t projection_cache_limit) {
  if (sodium_init() < 0) return InternalError("libsodium failed to initialise");
  KINLINK_RETURN_IF_ERROR(Migrate(*db, clock.Now()));
  std::unique_ptr<Ledger> ledger(
      new Ledger(std::move(db), clock, deadlines, projection_cache_limit));
  KINLINK_RETURN_IF_ERROR(ledger->log_.LoadHead());
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * any,
                           ledger->db_->Prepare("SELECT 1 FROM supersession LIMIT 1"));
  KINLINK_ASSIGN_OR_RETURN(ledger->has_supersessions_, any->Step());
  any->Reset();
  return ledger;
}

Status Ledger::Begin() {
  KINLINK_RETURN_IF_ERROR(db_->Begin());
  // Another process may have appended since our last batch.
  int64_t cached_head = log_.head_seq();
  KINLINK_RETURN_IF_ERROR(log_.LoadHead());
  if (log_.head_seq() != cached_head) {
    cache_.clear();
    person_hashes_.clear();
    // Another writer's subjects are not in the filters: fall back to queries.
    filters_enabled_ = false;
    subject_filter_.clear();
    superseded_filter_.clear();
  }
  return Status::Ok();
}

Status Ledger::EnableWriteFilters() {
  if (db_->InTransaction()) return FailedPreconditionError("EnableWriteFilters inside a batch");
  // Already loaded and kept current since (each Ingester of a multi-file ingest asks again):
  // Begin() drops them if another writer appended in between.
  if (filters_enabled_) return Status::Ok();
  subject_filter_.clear();
  superseded_filter_.clear();
  KINLINK_RETURN_IF_ERROR(log_.LoadHead());
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * subjects,
                           db_->Prepare("SELECT DISTINCT person_id FROM event_subject"));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, subjects->Step());
    if (!row) break;
    subject_filter_.insert(FilterKey(subjects->Text(0)));
  }
  subjects->Reset();
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * superseded,
                           db_->Prepare("SELECT event_id FROM supersession"));
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, superseded->Step());
    if (!row) break;
    superseded_filter_.insert(FilterKey(superseded->Text(0)));
  }
  superseded->Reset();
  filters_enabled_ = true;
  return Status::Ok();
}

Result<bool> Ledger::KnownSubject(const PersonId& person_id) {
  if (filters_enabled_ && !subject_filter_.contains(FilterKey(person_id))) return false;
  return log_.HasSubject(person_id);
}

Result<bool> Ledger::IsSuperseded(const std::string& event_id) {
  if (!has_supersessions_) return false;
  if (filters_enabled_ && !superseded_filter_.contains(FilterKey(event_id))) return false;
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db_->Prepare("SELECT 1 FROM supersession WHERE event_id = ?"));
  s->BindText(1, event_id);
  KINLINK_ASSIGN_OR_RETURN(bool superseded, s->Step());
  s->Reset();
  return superseded;
}

void Ledger::NoteSubjects(std::span<const std::string> subjects) {
  // After a rollback the filter holds a few persons with no entries: still a superset.
  if (!filters_enabled_) return;
  for (const auto& subject : subjects) subject_filter_.insert(FilterKey(subject));
}

Status Ledger::Commit() {
  Status status = Flush();
  if (status.ok()) status = db_->Commit();
  if (!status.ok()) {
    Abort();
    return status;
  }
  if (cache_.size() > cache_limit_) {
    cache_.clear();
    person_hashes_.clear();
  }
  return Status::Ok();
}

void Ledger::Abort() {
  (void)db_->Rollback();
  cache_.clear();
  dirty_.clear();
  pending_persons_.clear();
  person_hashes_.clear();
  (void)log_.LoadHead();
}

Status Ledger::MarkStale(const PersonId& person_id) {
  auto it = cache_.find(person_id);
  if (it == cache_.end()) {
    it = cache_.emplace(person_id, Cached{PersonProjection(person_id), true, true}).first;
    // A person never seen before has no rows to replace.
    KINLINK_ASSIGN_OR_RETURN(bool known, KnownSubject(person_id));
    it->second.persisted = known;
  }
  it->second.stale = true;
  dirty_.insert(person_id);
  return Status::Ok();
}

Status Ledger::Touch(const PersonId& person_id, const ProjectionInput* input) {
  Cached& cached = cache_.at(person_id);
  dirty_.insert(person_id);
  if (input == nullptr || cached.stale || !cached.projection.InOrder(*input)) {
    cached.stale = true;
    return Status::Ok();
  }
  cached.projection.Apply(*input);
  return Status::Ok();
}

Status Ledger::AppendEntry(LogEntry entry, std::span<const std::string> subjects) {
  for (const auto& subject : subjects) {
    if (cache_.find(subject) == cache_.end()) {
      KINLINK_ASSIGN_OR_RETURN(bool known, KnownSubject(subject));
      cache_.emplace(subject, Cached{PersonProjection(subject), known, known});
    }
  }
  entry.recorded_at = clock_.Now();
  KINLINK_RETURN_IF_ERROR(log_.Append(entry, subjects, entry.effective_at));
  NoteSubjects(subjects);
  return Status::Ok();
}

Status Ledger::AppendEvent(const Event& event) {
  return AppendSerializedEvent(event, detail::EventJsonText(event));
}

Status Ledger::AppendSerializedEvent(const Event& event, std::string payload_json) {
  LogEntry entry;
  entry.entry_id = event.event_id;
  entry.type = std::string(ToString(event.type()));
  entry.effective_at = event.effective_at;
  entry.recorded_at = clock_.Now();
  FillSource(entry, event.source);
  entry.actor = event.actor;
  entry.payload = std::move(payload_json);

  std::vector<std::string> subjects;
  for (const auto& subject : event.Subjects()) AddUnique(subjects, subject);
  Timestamp subject_time = event.effective_at;
  const Correction* correction = std::get_if<Correction>(&event.payload);
  std::vector<std::string> superseded_subjects;
  if (correction != nullptr) {
    if (correction->replacement) subject_time = correction->replacement->effective_at;
    KINLINK_ASSIGN_OR_RETURN(std::optional<LogEntry> old,
                             log_.Find(correction->supersedes_event_id));
    if (old) {
      KINLINK_ASSIGN_OR_RETURN(ParsedEntry parsed, ParseEntry(*old));
      if (parsed.event) {
        for (const auto& s : parsed.event->Subjects()) AddUnique(superseded_subjects, s);
      }
    }
  }
  for (const auto& subject : subjects) {
    if (cache_.find(subject) == cache_.end()) {
      KINLINK_ASSIGN_OR_RETURN(bool known, KnownSubject(subject));
      cache_.emplace(subject, Cached{PersonProjection(subject), known, known});
    }
  }
  KINLINK_RETURN_IF_ERROR(log_.Append(entry, subjects, subject_time));
  NoteSubjects(subjects);

  if (correction != nullptr) {
    KINLINK_RETURN_IF_ERROR(
        log_.RecordSupersession(correction->supersedes_event_id, event.event_id, entry.seq));
    has_supersessions_ = true;
    if (filters_enabled_) superseded_filter_.insert(FilterKey(correction->supersedes_event_id));
    for (const auto& s : subjects) KINLINK_RETURN_IF_ERROR(MarkStale(s));
    for (const auto& s : superseded_subjects) KINLINK_RETURN_IF_ERROR(MarkStale(s));
    return Status::Ok();
  }
  // An event that arrives after a correction already superseded it stays out of projections.
  KINLINK_ASSIGN_OR_RETURN(bool superseded, IsSuperseded(event.event_id));
  ProjectionInput input{entry.seq, event.effective_at, &event, nullptr, nullptr};
  for (const auto& s : subjects) KINLINK_RETURN_IF_ERROR(Touch(s, superseded ? nullptr : &input));
  return Status::Ok();
}

Status Ledger::RecordPerson(const Person& person, Timestamp effective_at,
                            const EventSource& source) {
  return RecordSerializedPerson(person, SerializePerson(person), effective_at, source);
}

Status Ledger::RecordSerializedPerson(const Person& person, SerializedPerson serialized,
                                      Timestamp effective_at, const EventSource& source) {
  const std::string& record = serialized.json;
  const std::string& hash = serialized.hash;
  auto known = person_hashes_.find(person.person_id);
  if (known != person_hashes_.end() && known->second == hash) return Status::Ok();
  // A person row exists only for a person with entries: the filter spares the read for new ones.
  // A row recorded earlier in this batch is still in pending_persons_ (written at Flush).
  auto pending = pending_persons_.find(person.person_id);
  if (pending != pending_persons_.end()) {
    if (pending->second.record == record) {
      person_hashes_[person.person_id] = hash;
      return Status::Ok();
    }
  } else if (!filters_enabled_ || subject_filter_.contains(FilterKey(person.person_id))) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                             db_->Prepare("SELECT record FROM person WHERE person_id = ?"));
    s->BindText(1, person.person_id);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    bool same = row && s->Text(0) == record;
    s->Reset();
    if (same) {
      person_hashes_[person.person_id] = hash;
      return Status::Ok();
    }
  }
  LogEntry entry;
  entry.entry_id = fmt::format("person:{}:{}", person.person_id, hash.substr(0, 16));
  entry.type = std::string(kPersonRecordType);
  entry.effective_at = effective_at;
  FillSource(entry, source);
  entry.payload = record;
  std::vector<std::string> subjects{person.person_id};
  Status appended = AppendEntry(entry, subjects);
  if (!appended.ok() && appended.code() != StatusCode::kAlreadyExists) return appended;

  // The `person` row is written at Flush with the batch's other rows, in person-id order.
  PendingPerson& row = pending_persons_[person.person_id];
  row.source = fmt::format("{}/{}", ToString(source.agency), source.system);
  row.a_number = person.a_number ? person.a_number->ToString() : "";
  row.name_key = std::move(serialized.name_key);
  row.display_name = std::move(serialized.full_name);
  row.birth_date = person.birth_date ? person.birth_date->ToString() : "";
  row.sex = std::string(ToString(person.sex));
  row.citizenship = person.citizenship;
  row.record = std::move(serialized.json);
  person_hashes_[person.person_id] = hash;
  if (appended.ok()) {
    ProjectionInput input{entry.seq, effective_at, nullptr, &person, nullptr};
    // The birth date changes deadlines but not custody, so apply it wherever it falls.
    Cached& cached = cache_.at(person.person_id);
    dirty_.insert(person.person_id);
    if (!cached.stale && cached.projection.InOrder(input)) {
      cached.projection.Apply(input);
    } else {
      cached.stale = true;
    }
  }
  return Status::Ok();
}

Status Ledger::RecordFamilyUnit(const FamilyUnit& family, Timestamp effective_at,
                                const EventSource& source) {
  return RecordSerializedFamilyUnit(family, FamilyUnitToJson(family).dump(), effective_at, source);
}

Status Ledger::RecordSerializedFamilyUnit(const FamilyUnit& family, std::string record,
                                          Timestamp effective_at, const EventSource& source) {
  LogEntry entry;
  entry.entry_id =
      fmt::format("family:{}:{}", family.family_unit_id, Sha256Hex(record).substr(0, 16));
  std::vector<std::string> subjects;
  for (const auto& member : family.members) AddUnique(subjects, member);
  // The same record, once stored, made every member a subject: one unknown member rules it out.
  bool maybe_stored = true;
  if (filters_enabled_) {
    for (const auto& member : subjects) {
      if (!subject_filter_.contains(FilterKey(member))) maybe_stored = false;
    }
  }
  if (maybe_stored) {
    KINLINK_ASSIGN_OR_RETURN(bool exists, log_.Contains(entry.entry_id));
    if (exists) return Status::Ok();
  }
  entry.type = std::string(kFamilyUnitRecordType);
  entry.effective_at = effective_at;
  FillSource(entry, source);
  entry.payload = std::move(record);
  KINLINK_RETURN_IF_ERROR(AppendEntry(entry, subjects));
  ProjectionInput input{entry.seq, effective_at, nullptr, nullptr, &family};
  for (const auto& s : subjects) KINLINK_RETURN_IF_ERROR(Touch(s, &input));
  return Status::Ok();
}

Status Ledger::FlushPersons() {
  if (pending_persons_.empty()) return Status::Ok();
  std::vector<std::pair<const PersonId*, const PendingPerson*>> order;
  order.reserve(pending_persons_.size());
  for (const auto& [id, row] : pending_persons_) order.emplace_back(&id, &row);
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return *a.first < *b.first; });
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * upsert,
      db_->Prepare("INSERT INTO person (person_id, source, a_number, name_key, display_name, "
                   "birth_date, sex, citizenship, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (person_id) DO UPDATE SET source = excluded.source, "
                   "a_number = excluded.a_number, name_key = excluded.name_key, "
                   "display_name = excluded.display_name, birth_date = excluded.birth_date, "
                   "sex = excluded.sex, citizenship = excluded.citizenship, "
                   "record = excluded.record"));
  for (const auto& [id, row] : order) {
    upsert->BindTextRef(1, *id);
    upsert->BindTextRef(2, row->source);
    upsert->BindTextOrNull(3, row->a_number);
    upsert->BindTextOrNull(4, row->name_key);
    upsert->BindTextRef(5, row->display_name);
    upsert->BindTextOrNull(6, row->birth_date);
    upsert->BindTextRef(7, row->sex);
    upsert->BindTextOrNull(8, row->citizenship);
    upsert->BindTextRef(9, row->record);
    KINLINK_RETURN_IF_ERROR(upsert->Run());
  }
  pending_persons_.clear();
  return Status::Ok();
}

Status Ledger::Flush() {
  KINLINK_RETURN_IF_ERROR(FlushPersons());
  // In person-id order: every projection table is keyed by person id, so the batch's rows go into
  // each B-tree in key order (neighbouring rows share pages) instead of one random page per row.
  std::vector<const PersonId*> order;
  order.reserve(dirty_.size());
  for (const PersonId& person_id : dirty_) order.push_back(&person_id);
  std::sort(order.begin(), order.end(),
            [](const PersonId* a, const PersonId* b) { return *a < *b; });
  for (const PersonId* id : order) {
    const PersonId& person_id = *id;
    Cached& cached = cache_.at(person_id);
    if (cached.stale) {
      KINLINK_ASSIGN_OR_RETURN(cached.projection, store_.Replay(person_id, log_));
      cached.stale = false;
    }
    KINLINK_RETURN_IF_ERROR(store_.Write(cached.projection, cached.persisted));
    cached.persisted = true;
  }
  dirty_.clear();
  return Status::Ok();
}

}  // namespace kinlink::ledger
