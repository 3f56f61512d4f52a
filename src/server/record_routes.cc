// GET /api/persons?q=..., GET /api/persons/{id}, GET /api/families/{id}: search and the two record
// reads. Each requires X-Purpose, is authorized by AccessPolicy and audited before it is answered.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "ledger/name_key.h"
#include "ledger/queries.h"
#include "linkage/string_similarity.h"
#include "server/internal/context.h"

namespace kinlink::server::detail {
namespace {

using ledger::SqlStatement;

bool LooksLikeANumber(std::string_view q) {
  static const std::regex kANumber(R"(^[Aa]?-?[0-9]{8,9}$)");
  return std::regex_match(q.begin(), q.end(), kANumber);
}

// Exact and substring matches on the normalized name (the ledger's queries), then every name
// holding all the query's words, then a Jaro-Winkler ranking of names sharing the longest word's
// first three letters (misspellings such as "Lopes" for "López").
Result<std::vector<std::string>> SearchByName(ledger::SqlConnection& db, std::string_view q) {
  KINLINK_ASSIGN_OR_RETURN(std::vector<std::string> ids, ledger::FindPersonsByName(db, q));
  if (!ids.empty()) return ids;
  std::string key = ledger::NameKey(q);
  std::vector<std::string> words;
  for (size_t start = 0; start < key.size();) {
    size_t end = key.find(' ', start);
    if (end == std::string::npos) end = key.size();
    if (end > start) words.push_back(key.substr(start, end - start));
    start = end + 1;
  }
  if (words.empty()) return ids;
  std::string longest = *std::max_element(words.begin(), words.end(),
                                          [](auto& a, auto& b) { return a.size() < b.size(); });
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT person_id, name_key FROM person WHERE name_key LIKE ? LIMIT 5000"));
  s->BindText(1, "%" + longest.substr(0, std::min<size_t>(3, longest.size())) + "%");
  std::vector<std::pair<double, std::string>> scored;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    std::string name = s->Text(1);
    bool all_words = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
      return name.find(w) != std::string::npos;
    });
    double score = all_words ? 1.0 : linkage::JaroWinkler(key, name);
    if (score >= 0.85) scored.emplace_back(score, s->Text(0));
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](auto& a, auto& b) { return a.first > b.first; });
  for (auto& [score, id] : scored) ids.push_back(std::move(id));
  return ids;
}

// The rendered record from the cache, or read through a pooled connection (leased only on a miss).
Result<std::shared_ptr<const CachedRecord>> LoadPerson(Context& ctx, const std::string& id) {
  std::string key = "p:" + id;
  uint64_t generation = ctx.writer->data_generation();
  ctx.cache.Validate(generation);
  if (auto hit = ctx.cache.Get(key)) return hit;
  KINLINK_ASSIGN_OR_RETURN(ReadPool::Lease lease, ctx.pool->Acquire());
  auto record = std::make_shared<CachedRecord>();
  KINLINK_ASSIGN_OR_RETURN(record->person, LoadPersonScope(lease.db(), id));
  KINLINK_ASSIGN_OR_RETURN(auto status,
                           ledger::GetPersonStatus(lease.db(), lease.log(), id, ctx.deadlines));
  record->exists = status.has_value();
  if (status) {
    record->body = ledger::PersonStatusToJson(*status);
    record->text = record->body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  record->generation = generation;
  ctx.cache.Put(key, record, generation);
  return std::shared_ptr<const CachedRecord>(record);
}

// A member's custody intervals, for the family page's swimlanes.
Result<nlohmann::json> CustodyJson(ledger::SqlConnection& db, const std::string& person_id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT agency, facility_id, start_at, end_at FROM custody_interval"
                 " WHERE person_id = ? ORDER BY ordinal"));
  s->BindText(1, person_id);
  nlohmann::json out = nlohmann::json::array();
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    nlohmann::json c = {{"agency", s->Text(0)},
                        {"facility_id", s->Text(1)},
                        {"start", FormatTimestamp(Timestamp(std::chrono::seconds(s->Int(2))))}};
    c["end"] = s->IsNull(3)
                   ? nlohmann::json()
                   : nlohmann::json(FormatTimestamp(Timestamp(std::chrono::seconds(s->Int(3)))));
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::shared_ptr<const CachedRecord>> LoadFamily(Context& ctx, const std::string& id) {
  std::string key = "f:" + id;
  uint64_t generation = ctx.writer->data_generation();
  ctx.cache.Validate(generation);
  if (auto hit = ctx.cache.Get(key)) return hit;
  KINLINK_ASSIGN_OR_RETURN(ReadPool::Lease lease, ctx.pool->Acquire());
  auto record = std::make_shared<CachedRecord>();
  KINLINK_ASSIGN_OR_RETURN(record->family, LoadFamilyScope(lease.db(), id, &record->members));
  KINLINK_ASSIGN_OR_RETURN(auto status,
                           ledger::GetFamilyStatus(lease.db(), lease.log(), id, ctx.deadlines));
  record->exists = status.has_value();
  if (status) {
    record->body = ledger::FamilyStatusToJson(*status);
    for (auto& member : record->body["members"]) {
      KINLINK_ASSIGN_OR_RETURN(member["custody"],
                               CustodyJson(lease.db(), member.value("person_id", "")));
    }
    record->text = record->body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  record->generation = generation;
  ctx.cache.Put(key, record, generation);
  return std::shared_ptr<const CachedRecord>(record);
}

// An officer sees the family links of their agency's people, but not the names, whereabouts or
// entries of members their agency never held: those members are listed as restricted.
nlohmann::json RedactFamilyForOfficer(const CachedRecord& record, const Account& account,
                                      std::vector<std::string>* restricted) {
  for (const auto& scope : record.members) {
    if (!CanReadPerson(account, scope).allowed) restricted->push_back(scope.person_id);
  }
  if (restricted->empty()) return nullptr;
  auto is_restricted = [&](const std::string& id) {
    return std::find(restricted->begin(), restricted->end(), id) != restricted->end();
  };
  nlohmann::json body = record.body;
  for (auto& m : body["members"]) {
    if (is_restricted(m.value("person_id", ""))) {
      nlohmann::json kept = {{"person_id", m["person_id"]},
                             {"status", m.value("status", "unknown")},
                             {"restricted", true}};
      m = std::move(kept);
    }
  }
  nlohmann::json timeline = nlohmann::json::array();
  for (auto& t : body["timeline"]) {
    if (!is_restricted(t.value("person_id", ""))) timeline.push_back(std::move(t));
  }
  body["timeline"] = std::move(timeline);
  return body;
}

// What a record read answers: the audit entry to commit first, then the response.
struct ReadOutcome {
  AuditRecord audit;
  int status = 200;
  // The record (shared with the cache, not copied), or the error document.
  std::shared_ptr<const std::string> body;
};

std::shared_ptr<const std::string> OwnedText(std::string text) {
  return std::make_shared<const std::string>(std::move(text));
}

// The cached record's text, kept alive by the record.
std::shared_ptr<const std::string> RecordText(const std::shared_ptr<const CachedRecord>& record) {
  return {record, &record->text};
}

ReadOutcome ErrorOutcome(AuditRecord audit, int status, std::string_view code,
                         std::string_view message) {
  nlohmann::json error = {{"error", {{"code", code}, {"message", message}}}};
  return {std::move(audit), status,
          OwnedText(error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))};
}

ReadOutcome DecidePerson(const httplib::Request& req, const Session& session, const std::string& id,
                         const std::shared_ptr<const CachedRecord>& record) {
  const CachedRecord& r = *record;
  if (!r.exists) {
    return ErrorOutcome(AuditFor(req, &session, "read_person", id, "not_found", 404), 404,
                        "not_found", fmt::format("no person '{}'", id));
  }
  AccessDecision decision = CanReadPerson(session.account, r.person);
  if (!decision.allowed) {
    AuditRecord audit = AuditFor(req, &session, "read_person", id, "denied", 403);
    audit.detail = {{"reason", decision.reason}};
    return ErrorOutcome(std::move(audit), 403, "forbidden", decision.reason);
  }
  return {AuditFor(req, &session, "read_person", id, "allowed", 200), 200, RecordText(record)};
}

ReadOutcome DecideFamily(const httplib::Request& req, const Session& session, const std::string& id,
                         const std::shared_ptr<const CachedRecord>& record) {
  const CachedRecord& r = *record;
  if (!r.exists) {
    return ErrorOutcome(AuditFor(req, &session, "read_family", id, "not_found", 404), 404,
                        "not_found", fmt::format("no family unit '{}'", id));
  }
  AccessDecision decision = CanReadFamily(session.account, r.family);
  if (!decision.allowed) {
    AuditRecord audit = AuditFor(req, &session, "read_family", id, "denied", 403);
    audit.detail = {{"reason", decision.reason}};
    return ErrorOutcome(std::move(audit), 403, "forbidden", decision.reason);
  }
  AuditRecord audit = AuditFor(req, &session, "read_family", id, "allowed", 200);
  if (session.account.role == Role::kOfficer) {
    std::vector<std::string> restricted;
    nlohmann::json redacted = RedactFamilyForOfficer(r, session.account, &restricted);
    if (!redacted.is_null()) {
      audit.detail = {{"restricted_members", restricted}};
      return {std::move(audit), 200,
              OwnedText(redacted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))};
    }
  }
  return {std::move(audit), 200, RecordText(record)};
}

using Loader = Result<std::shared_ptr<const CachedRecord>> (*)(Context&, const std::string&);
using Decider = ReadOutcome (*)(const httplib::Request&, const Session&, const std::string&,
                                const std::shared_ptr<const CachedRecord>&);

// Loads (usually from the cache), decides, commits the audit entry, then answers. The record may
// have been rendered before a ledger change the writer noticed only when it began the audit's
// batch (another process's ingest): then the generation moved while the read waited, and the
// record is loaded and decided again. The answer thus reflects the ledger as of a moment after
// the request arrived. If the new decision differs (say a transfer made an officer's 403 a 200),
// that final outcome is audited too before it is sent.
void ServeRecordRead(Context& ctx, const httplib::Request& req, httplib::Response& res, Loader load,
                     Decider decide) {
  auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
  if (!session) return;
  auto purpose = RequirePurpose(req, res);
  if (!purpose) return;
  std::string id = req.matches[1];
  auto record = load(ctx, id);
  if (!record.ok()) return SendStatus(res, record.status());
  ReadOutcome outcome = decide(req, *session, id, *record);
  nlohmann::json audited_detail = outcome.audit.detail;
  Status audited = ctx.writer->Audit(std::move(outcome.audit));
  if (audited.ok() && ctx.writer->data_generation() != (*record)->generation) {
    record = load(ctx, id);
    if (!record.ok()) return SendStatus(res, record.status());
    ReadOutcome again = decide(req, *session, id, *record);
    bool same = again.status == outcome.status && again.audit.detail == audited_detail;
    if (!same) audited = ctx.writer->Audit(std::move(again.audit));
    outcome = std::move(again);
  }
  if (!audited.ok()) return SendStatus(res, audited);
  res.status = outcome.status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(*outcome.body, "application/json");
}

// A cached record at the current data generation, or nullptr (no reading on the I/O thread).
std::shared_ptr<const CachedRecord> CachedOnly(Context& ctx, const std::string& key) {
  ctx.cache.Validate(ctx.writer->data_generation());
  return ctx.cache.Get(key);
}

// A read the fast path decided and handed to the audit writer.
struct PendingRead {
  httplib::Request req;
  Session session;
  std::string id;
  ReadOutcome outcome;  // its audit entry moved to the writer
  nlohmann::json audited_detail;
  uint64_t generation = 0;  // the record's
  Loader load;
  Decider decide;
};

// After the first audit commit, the generation moved (another process appended): load, decide
// and, when the outcome changed, audit again, as ServeRecordRead does. On a worker thread.
void RecheckRead(Context& ctx, PendingRead& p, const Responder& responder) {
  httplib::Response res;
  auto record = p.load(ctx, p.id);
  if (!record.ok()) {
    SendStatus(res, record.status());
    return responder.Send(std::move(res));
  }
  ReadOutcome again = p.decide(p.req, p.session, p.id, *record);
  bool same = again.status == p.outcome.status && again.audit.detail == p.audited_detail;
  if (!same) {
    Status audited = ctx.writer->Audit(std::move(again.audit));
    if (!audited.ok()) {
      SendStatus(res, audited);
      return responder.Send(std::move(res));
    }
  }
  responder.SendJson(again.status, std::move(again.body));
}

// The fast path of a record read, on the I/O thread: only when the session is valid, the purpose
// given and the record cached at the current generation (anything else falls back to
// ServeRecordRead on a worker). The audit entry goes to the writer; its commit callback sends the
// response (or, if the generation moved meanwhile, hands the re-check to a worker).
bool FastRecordRead(Context& ctx, httplib::Request& req, std::string id, const Responder& responder,
                    std::string_view key_prefix, Loader load, Decider decide) {
  auto session = PeekSession(ctx, req);
  if (!session || !ValidPurpose(req)) return false;
  auto record = CachedOnly(ctx, std::string(key_prefix) + id);
  if (!record) return false;
  auto pending = std::make_shared<PendingRead>();
  pending->outcome = decide(req, *session, id, record);
  pending->audited_detail = pending->outcome.audit.detail;
  pending->generation = record->generation;
  pending->load = load;
  pending->decide = decide;
  pending->session = std::move(*session);
  pending->id = std::move(id);
  AuditRecord audit = std::move(pending->outcome.audit);
  pending->req = std::move(req);
  pending->req.matches = {};                // they point into the moved-from path
  LedgerWriter* writer = ctx.writer.get();  // the callback may run while ctx.writer is reset
  writer->EnqueueThen(
      std::move(audit), [&ctx, writer, pending, responder](const Status& committed) {
        if (!committed.ok()) {
          httplib::Response res;
          SendStatus(res, committed);
          return responder.Send(std::move(res));
        }
        if (writer->data_generation() != pending->generation) {
          // Not on the writer thread: the re-check may read, and may wait for another audit commit.
          (void)ctx.workers->Submit(
              [&ctx, pending, responder] { RecheckRead(ctx, *pending, responder); });
          return;
        }
        responder.SendJson(pending->outcome.status, std::move(pending->outcome.body));
      });
  return true;
}

void Search(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
  if (!session) return;
  if (!SeesNames(session->account)) {
    return DenyAudited(ctx, req, res, *session, "search", "",
                       "oversight accounts search no names (no names grant)");
  }
  auto purpose = RequirePurpose(req, res);
  if (!purpose) return;
  std::string q = req.get_param_value("q");
  if (q.empty() || q.size() > 200) {
    return SendError(res, 400, "invalid_argument", "give ?q= a name or an A-number (1-200 bytes)");
  }
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  bool by_a_number = LooksLikeANumber(q);
  auto ids =
      by_a_number ? ledger::FindPersonsByANumber(lease->db(), q) : SearchByName(lease->db(), q);
  if (!ids.ok()) return SendStatus(res, ids.status());
  nlohmann::json results = nlohmann::json::array();
  std::vector<std::string> shown;
  for (const auto& id : *ids) {
    if (shown.size() >= 50) break;
    auto scope = LoadPersonScope(lease->db(), id);
    if (!scope.ok()) return SendStatus(res, scope.status());
    if (!CanReadPerson(session->account, *scope).allowed) continue;
    auto row = lease->db().Prepare(
        "SELECT p.display_name, p.source, COALESCE(p.a_number, ''), COALESCE(p.birth_date, ''),"
        " COALESCE(s.status, 'unknown'), COALESCE(s.agency, ''), COALESCE(s.facility_id, ''),"
        " COALESCE(s.family_unit_id, '')"
        " FROM person p LEFT JOIN person_state s ON s.person_id = p.person_id"
        " WHERE p.person_id = ?");
    if (!row.ok()) return SendStatus(res, row.status());
    SqlStatement* st = *row;
    st->BindText(1, id);
    auto found = st->Step();
    if (!found.ok()) return SendStatus(res, found.status());
    if (!*found) continue;
    nlohmann::json item = {{"person_id", id},
                           {"name", st->Text(0)},
                           {"source", st->Text(1)},
                           {"a_number", st->Text(2)},
                           {"birth_date", st->Text(3)},
                           {"status", st->Text(4)},
                           {"agency", st->Text(5)},
                           {"facility_id", st->Text(6)},
                           {"family_unit_id", st->Text(7)},
                           {"families", scope->families}};
    st->Reset();
    results.push_back(std::move(item));
    shown.push_back(id);
  }
  AuditRecord audit = AuditFor(req, &*session, "search", q, "allowed", 200);
  audit.detail = {{"by", by_a_number ? "a_number" : "name"}, {"results", shown}};
  SendAudited(ctx, req, res, std::move(audit),
              {{"query", q}, {"by", by_a_number ? "a_number" : "name"}, {"results", results}});
}

}  // namespace

void RegisterRecordRoutes(Context& ctx) {
  ctx.http.Get("/api/persons", [&ctx](const httplib::Request& req, httplib::Response& res) {
    Search(ctx, req, res);
  });
  ctx.http.Get(R"(/api/persons/([^/]{1,200}))",
               [&ctx](const httplib::Request& req, httplib::Response& res) {
                 ServeRecordRead(ctx, req, res, LoadPerson, DecidePerson);
               },
               [&ctx](httplib::Request& req, std::string id, const Responder& responder) {
                 return FastRecordRead(ctx, req, std::move(id), responder, "p:", LoadPerson,
                                       DecidePerson);
               });
  ctx.http.Get(R"(/api/families/([^/]{1,200}))",
               [&ctx](const httplib::Request& req, httplib::Response& res) {
                 ServeRecordRead(ctx, req, res, LoadFamily, DecideFamily);
               },
               [&ctx](httplib::Request& req, std::string id, const Responder& responder) {
                 return FastRecordRead(ctx, req, std::move(id), responder, "f:", LoadFamily,
                                       DecideFamily);
               });
}

}  // namespace kinlink::server::detail
