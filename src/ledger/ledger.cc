#include "ledger/ledger.h"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_codec.h"
#include "ledger/hash_chain.h"
#include "ledger/identity.h"
#include "ledger/internal/entry_subjects.h"
#include "ledger/internal/json_text.h"
#include "ledger/internal/read_snapshot.h"
#include "ledger/name_key.h"
#include "ledger/schema.h"

namespace kinlink::ledger {
namespace {

// The entry's source columns as views of `source` (empty without one).
void SetSource(EntryRef& entry, const EventSource* source) {
  if (source == nullptr) return;
  entry.source_agency = ToString(source->agency);
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

// An identity record's entry id, "<prefix><id>:<first 16 hex digits of its hash>", into `out`.
void FormatRecordId(std::string& out, std::string_view prefix, std::string_view id,
                    std::string_view hash) {
  out.clear();
  out.append(prefix);
  out.append(id);
  out.push_back(':');
  out.append(hash.substr(0, 16));
}

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
  KINLINK_ASSIGN_OR_RETURN(int version_before, SchemaVersion(*db));
  KINLINK_RETURN_IF_ERROR(Migrate(*db, clock.Now()));
  std::unique_ptr<Ledger> ledger(
      new Ledger(std::move(db), clock, deadlines, projection_cache_limit));
  KINLINK_RETURN_IF_ERROR(ledger->log_.LoadHead());
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * any,
                           ledger->db_->Prepare("SELECT 1 FROM supersession LIMIT 1"));
  KINLINK_ASSIGN_OR_RETURN(ledger->has_supersessions_, any->Step());
  any->Reset();
  KINLINK_RETURN_IF_ERROR(ledger->LoadHasClusters());
  // Before schema 6 projections were kept per identity: rebuild them per person, once.
  if (version_before > 0 && version_before < kPersonProjectionsSchema) {
    KINLINK_RETURN_IF_ERROR(ledger->RebuildProjections());
  }
  return ledger;
}

Status Ledger::RebuildProjections(const std::function<void(int64_t, int64_t)>& progress) {
  KINLINK_RETURN_IF_ERROR(Begin());
  Status status = [&]() -> Status {
    for (std::string_view table : {"person_state", "custody_interval", "separation",
                                   "family_member", "deadline", "parent_link"}) {
      KINLINK_RETURN_IF_ERROR(db_->Execute(fmt::format("DELETE FROM {}", table)));
    }
    KINLINK_ASSIGN_OR_RETURN(auto persons, AllPersons(*db_));
    const int64_t total = static_cast<int64_t>(persons.size());
    int64_t done = 0;
    for (const auto& [key, identities] : persons) {
      KINLINK_ASSIGN_OR_RETURN(PersonProjection projection, store_.Replay(key, identities, log_));
      KINLINK_RETURN_IF_ERROR(store_.Write(projection, /*replace=*/false));
      if (progress && (++done % 4096 == 0 || done == total)) progress(done, total);
    }
    return Status::Ok();
  }();
  if (!status.ok()) {
    Abort();
    return status;
  }
  cache_.clear();
  KINLINK_RETURN_IF_ERROR(db_->Commit());
  return Status::Ok();
}

Status Ledger::LoadHasClusters() {
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * any,
                           db_->Prepare("SELECT 1 FROM identity_cluster LIMIT 1"));
  KINLINK_ASSIGN_OR_RETURN(has_clusters_, any->Step());
  any->Reset();
  return Status::Ok();
}

Result<std::optional<PersonId>> Ledger::ClusterKeyOf(std::string_view identity) {
  if (!has_clusters_) return std::optional<PersonId>();
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db_->Prepare("SELECT cluster_id FROM identity_cluster WHERE person_id = ?"));
  s->BindTextRef(1, identity);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  std::optional<PersonId> key;
  if (row) key = s->Text(0);
  s->Reset();
  return key;
}

Status Ledger::DeclareCustodyEnds(Agency agency, bool recorded) {
  detail::WriteScope scope(*db_);
  KINLINK_RETURN_IF_ERROR(scope.status());
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db_->Prepare("INSERT INTO agency_custody_end (agency, recorded, since) VALUES (?, ?, ?) "
                   "ON CONFLICT (agency) DO UPDATE SET recorded = 1 WHERE excluded.recorded = 1 "
                   "AND agency_custody_end.recorded = 0"));
  s->BindText(1, ToString(agency));
  s->BindInt(2, recorded ? 1 : 0);
  s->BindInt(3, clock_.Now().time_since_epoch().count());
  KINLINK_RETURN_IF_ERROR(s->Run());
  return scope.Commit();
}

Status Ledger::RefreshIdentities(std::span<const PersonId> identities) {
  if (!db_->InTransaction()) return FailedPreconditionError("RefreshIdentities outside a batch");
  has_clusters_ = true;
  for (const PersonId& identity : identities) KINLINK_RETURN_IF_ERROR(MarkStale(identity));
  return Status::Ok();
}

Status Ledger::Begin() {
  KINLINK_RETURN_IF_ERROR(db_->Begin());
  // Another process may have appended since our last batch.
  int64_t cached_head = log_.head_seq();
  KINLINK_RETURN_IF_ERROR(log_.LoadHead());
  if (log_.head_seq() != cached_head) {
    dirty_.clear();
    cache_.clear();
    person_hashes_.clear();
    // Another writer's subjects are not in the filters: fall back to queries.
    filters_enabled_ = false;
    subject_filter_.clear();
    superseded_filter_.clear();
    KINLINK_RETURN_IF_ERROR(LoadHasClusters());
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

Result<bool> Ledger::KnownSubject(std::string_view person_id) {
  if (filters_enabled_ && !subject_filter_.contains(FilterKey(person_id))) return false;
  return log_.HasSubject(person_id);
}

Result<bool> Ledger::IsSuperseded(std::string_view event_id) {
  if (!has_supersessions_) return false;
  if (filters_enabled_ && !superseded_filter_.contains(FilterKey(event_id))) return false;
  KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                           db_->Prepare("SELECT 1 FROM supersession WHERE event_id = ?"));
  s->BindText(1, event_id);
  KINLINK_ASSIGN_OR_RETURN(bool superseded, s->Step());
  s->Reset();
  return superseded;
}

void Ledger::NoteSubjects(std::span<const std::string_view> subjects) {
  // After a rollback the filter holds a few persons with no entries: still a superset.
  if (!filters_enabled_) return;
  for (std::string_view subject : subjects) subject_filter_.insert(FilterKey(subject));
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
  store_.ForgetWrites();
  dirty_.clear();
  cache_.clear();
  pending_persons_.clear();
  person_hashes_.clear();
  (void)log_.LoadHead();
}

Result<Ledger::CacheSlot*> Ledger::CacheFor(std::string_view person_id) {
  auto it = cache_.find(person_id);
  if (it == cache_.end()) {
    // A person the log knows must be replayed before a write; one never seen before has no rows
    // to replace.
    KINLINK_ASSIGN_OR_RETURN(bool known, KnownSubject(person_id));
    PersonId id(person_id);
    it = cache_.emplace(id, Cached{PersonProjection(id), known, known}).first;
  }
  return &*it;
}

void Ledger::MarkDirty(CacheSlot& slot) {
  if (slot.second.dirty) return;
  slot.second.dirty = true;
  dirty_.push_back(&slot);
}

Status Ledger::MarkStale(std::string_view person_id) {
  KINLINK_ASSIGN_OR_RETURN(CacheSlot * slot, CacheFor(person_id));
  slot->second.stale = true;
  MarkDirty(*slot);
  return Status::Ok();
}

void Ledger::Touch(CacheSlot& slot, const ProjectionInput* input) {
  MarkDirty(slot);
  Cached& cached = slot.second;
  if (input == nullptr || cached.stale || !cached.projection.InOrder(*input)) {
    cached.stale = true;
    return;
  }
  cached.projection.Apply(*input);
}

Result<int64_t> Ledger::AppendRef(const EntryRef& entry, std::span<const std::string_view> subjects,
                                  Timestamp subject_time) {
  slots_.clear();
  for (std::string_view subject : subjects) {
    KINLINK_ASSIGN_OR_RETURN(CacheSlot * slot, CacheFor(subject));
    slots_.push_back(slot);
  }
  KINLINK_ASSIGN_OR_RETURN(int64_t seq, log_.Append(entry, subjects, subject_time));
  NoteSubjects(subjects);
  return seq;
}

Status Ledger::AppendEntry(LogEntry entry, std::span<const std::string> subjects) {
  std::vector<std::string_view> views(subjects.begin(), subjects.end());
  EntryRef ref = ViewOf(entry);
  ref.recorded_at = clock_.Now();
  KINLINK_ASSIGN_OR_RETURN(int64_t seq, AppendRef(ref, views, entry.effective_at));
  (void)seq;
  return Status::Ok();
}

Status Ledger::AppendEvent(const Event& event) {
  return AppendSerializedEvent(event, detail::EventJsonText(event));
}

Status Ledger::AppendSerializedEvent(const Event& event, std::string_view payload_json) {
  EntryRef entry{.entry_id = event.event_id,
                 .type = ToString(event.type()),
                 .effective_at = event.effective_at,
                 .recorded_at = clock_.Now(),
                 .actor = event.actor,
                 .payload = payload_json};
  SetSource(entry, event.source ? &*event.source : nullptr);

  subjects_.clear();
  detail::AppendSubjectViews(event, subjects_);
  Timestamp subject_time = event.effective_at;
  const Correction* correction = std::get_if<Correction>(&event.payload);
  std::vector<std::string> superseded_subjects;  // owned: the old entry is parsed here
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
  KINLINK_ASSIGN_OR_RETURN(int64_t seq, AppendRef(entry, subjects_, subject_time));

  if (correction != nullptr) {
    KINLINK_RETURN_IF_ERROR(
        log_.RecordSupersession(correction->supersedes_event_id, event.event_id, seq));
    has_supersessions_ = true;
    if (filters_enabled_) superseded_filter_.insert(FilterKey(correction->supersedes_event_id));
    for (std::string_view s : subjects_) KINLINK_RETURN_IF_ERROR(MarkStale(s));
    for (const auto& s : superseded_subjects) KINLINK_RETURN_IF_ERROR(MarkStale(s));
    return Status::Ok();
  }
  // An event that arrives after a correction already superseded it stays out of projections.
  KINLINK_ASSIGN_OR_RETURN(bool superseded, IsSuperseded(event.event_id));
  ProjectionInput input{seq, event.effective_at, &event, nullptr, nullptr};
  for (CacheSlot* slot : slots_) Touch(*slot, superseded ? nullptr : &input);
  return Status::Ok();
}

Status Ledger::RecordPerson(const Person& person, Timestamp effective_at,
                            const EventSource& source) {
  return RecordSerializedPerson(person, SerializePerson(person), effective_at, source);
}

Status Ledger::RecordSerializedPerson(const Person& person, SerializedPerson&& serialized,
                                      Timestamp effective_at, const EventSource& source) {
  const std::string& record = serialized.json;
  const std::string& hash = serialized.hash;
  // Only a 64-digit hash (what SerializePerson makes) is remembered; any other is never matched.
  const bool hash_memo = hash.size() == std::tuple_size_v<ContentHash>;
  auto same_hash = [&](const ContentHash& known) {
    return hash_memo && std::string_view(known.data(), known.size()) == hash;
  };
  auto remember_hash = [&] {
    if (!hash_memo) return;
    auto [it, inserted] = person_hashes_.try_emplace(person.person_id);
    std::copy(hash.begin(), hash.end(), it->second.begin());
  };
  auto known = person_hashes_.find(person.person_id);
  if (known != person_hashes_.end() && same_hash(known->second)) return Status::Ok();
  // A person row exists only for a person with entries: the filter spares the read for new ones.
  // A row recorded earlier in this batch is still in pending_persons_ (written at Flush).
  auto pending = pending_persons_.find(person.person_id);
  if (pending != pending_persons_.end()) {
    if (pending->second.record == record) {
      remember_hash();
      return Status::Ok();
    }
  } else if (!filters_enabled_ || subject_filter_.contains(FilterKey(person.person_id))) {
    KINLINK_ASSIGN_OR_RETURN(SqlStatement * s,
                             db_->Prepare("SELECT record FROM person WHERE person_id = ?"));
    s->BindTextRef(1, person.person_id);
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    bool same = row && s->TextView(0) == record;
    s->Reset();
    if (same) {
      remember_hash();
      return Status::Ok();
    }
  }
  FormatRecordId(entry_id_, "person:", person.person_id, hash);
  EntryRef entry{.entry_id = entry_id_,
                 .type = kPersonRecordType,
                 .effective_at = effective_at,
                 .recorded_at = clock_.Now(),
                 .payload = record};
  SetSource(entry, &source);
  std::string_view subject = person.person_id;
  Result<int64_t> appended = AppendRef(entry, std::span(&subject, 1), effective_at);
  if (!appended.ok() && appended.status().code() != StatusCode::kAlreadyExists) {
    return appended.status();
  }

  // The `person` row is written at Flush with the batch's other rows, in person-id order.
  PendingPerson& row = pending_persons_[person.person_id];
  row.source.assign(ToString(source.agency)).append("/").append(source.system);
  row.a_number = person.a_number ? person.a_number->ToString() : "";
  row.name_key = std::move(serialized.name_key);
  row.display_name = std::move(serialized.full_name);
  row.birth_date = person.birth_date ? person.birth_date->ToString() : "";
  row.sex.assign(ToString(person.sex));
  row.citizenship = person.citizenship;
  remember_hash();
  row.record = std::move(serialized.json);  // `record` and `hash` are not used past here
  if (appended.ok()) {
    // Identity records enter the cached projection with seq 0, as they always have: an in-order
    // check then only passes for a later effective time (otherwise the person is replayed).
    ProjectionInput input{0, effective_at, nullptr, &person, nullptr};
    // The birth date changes deadlines but not custody, so apply it wherever it falls.
    CacheSlot& slot = *slots_.front();
    MarkDirty(slot);
    Cached& cached = slot.second;
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

Status Ledger::RecordSerializedFamilyUnit(const FamilyUnit& family, std::string_view record,
                                          Timestamp effective_at, const EventSource& source) {
  FormatRecordId(entry_id_, "family:", family.family_unit_id, Sha256Hex(record));
  subjects_.clear();
  for (const auto& member : family.members) detail::AddUniqueSubject(subjects_, member);
  // The same record, once stored, made every member a subject: one unknown member rules it out.
  bool maybe_stored = true;
  if (filters_enabled_) {
    for (std::string_view member : subjects_) {
      if (!subject_filter_.contains(FilterKey(member))) maybe_stored = false;
    }
  }
  if (maybe_stored) {
    KINLINK_ASSIGN_OR_RETURN(bool exists, log_.Contains(entry_id_));
    if (exists) return Status::Ok();
  }
  EntryRef entry{.entry_id = entry_id_,
                 .type = kFamilyUnitRecordType,
                 .effective_at = effective_at,
                 .recorded_at = clock_.Now(),
                 .payload = record};
  SetSource(entry, &source);
  KINLINK_RETURN_IF_ERROR(AppendRef(entry, subjects_, effective_at).status());
  // Family records enter the cached projections with seq 0, as they always have.
  ProjectionInput input{0, effective_at, nullptr, nullptr, &family};
  for (CacheSlot* slot : slots_) Touch(*slot, &input);
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
  std::sort(dirty_.begin(), dirty_.end(),
            [](const CacheSlot* a, const CacheSlot* b) { return a->first < b->first; });
  // Linked identities are one person: rebuilt once per batch from all of their entries, under
  // the cluster's id (sorted, for the same key order).
  std::vector<PersonId> clusters;
  for (CacheSlot* slot : dirty_) {
    const PersonId& person_id = slot->first;
    Cached& cached = slot->second;
    cached.dirty = false;
    KINLINK_ASSIGN_OR_RETURN(std::optional<PersonId> cluster, ClusterKeyOf(person_id));
    if (cluster) {
      // The identity's own cache cannot be folded into alone any more.
      cached.stale = true;
      if (*cluster != person_id && cached.persisted) {
        KINLINK_RETURN_IF_ERROR(store_.Remove(person_id));
        cached.persisted = false;
      }
      clusters.push_back(std::move(*cluster));
      continue;
    }
    if (cached.stale) {
      KINLINK_ASSIGN_OR_RETURN(cached.projection, store_.Replay(person_id, log_));
      cached.stale = false;
    }
    KINLINK_RETURN_IF_ERROR(store_.Write(cached.projection, cached.persisted));
    cached.persisted = true;
  }
  dirty_.clear();
  std::sort(clusters.begin(), clusters.end());
  clusters.erase(std::unique(clusters.begin(), clusters.end()), clusters.end());
  for (const PersonId& cluster : clusters) {
    KINLINK_ASSIGN_OR_RETURN(std::vector<PersonId> identities, ClusterOf(*db_, cluster));
    KINLINK_ASSIGN_OR_RETURN(PersonProjection projection, store_.Replay(cluster, identities, log_));
    KINLINK_RETURN_IF_ERROR(store_.Write(projection, /*replace=*/true));
    // The key identity's cache entry now describes the whole person; keep it from being folded.
    if (auto it = cache_.find(cluster); it != cache_.end()) it->second.persisted = true;
  }
  return Status::Ok();
}

}  // namespace kinlink::ledger
