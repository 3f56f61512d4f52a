// The service's shared state and the helpers every route file uses (module-internal).
//
// Route files register handlers on the Router (ctx.http) with the Context they share. Handlers run
// on the front end's worker threads, fast handlers on its event-loop threads (http_front_end.h);
// everything reachable from the Context is thread-safe.
#ifndef KINLINK_SERVER_INTERNAL_CONTEXT_H_
#define KINLINK_SERVER_INTERNAL_CONTEXT_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

#include "ledger/alert_rules.h"
#include "ledger/sqlite_connection.h"
#include "server/access_policy.h"
#include "server/accounts.h"
#include "server/internal/http_front_end.h"
#include "server/internal/router.h"
#include "server/ledger_writer.h"
#include "server/read_pool.h"
#include "server/scenario_runs.h"
#include "server/service.h"
#include "server/sessions.h"

namespace kinlink::server::detail {

// A person's or family's rendered record with what access decisions need.
struct CachedRecord {
  uint64_t generation = 0;  // the ledger writer's data generation it was rendered at
  bool exists = false;
  PersonScope person;                // for a person record
  FamilyScope family;                // for a family record
  std::vector<PersonScope> members;  // a family's members' scopes
  nlohmann::json body;
  std::string text;  // body serialized
};

// A cache of rendered records (family and person JSON with their access scope). An entry is used
// only while the ledger writer's data generation is the one it was rendered at (the service's own
// writes and any other process's appends bump it) and for at most `ttl` (between ttl/2 and ttl,
// spread by key, so that records cached together do not expire together).
class RecordCache {
 public:
  explicit RecordCache(std::chrono::milliseconds ttl) : ttl_(ttl) {}
  // Drops everything when `generation` differs from the one seen last.
  void Validate(uint64_t generation);
  std::shared_ptr<const CachedRecord> Get(const std::string& key);
  // Keeps `value` unless the generation moved on since `rendered_at_generation`.
  void Put(const std::string& key, std::shared_ptr<const CachedRecord> value,
           uint64_t rendered_at_generation);
  void Clear();

 private:
  struct Item {
    std::chrono::steady_clock::time_point expires;
    std::shared_ptr<const CachedRecord> value;
  };
  std::chrono::milliseconds ttl_;
  std::atomic<uint64_t> generation_{0};
  std::mutex mutex_;
  std::unordered_map<std::string, Item> items_;
};

struct Context {
  Context(ServiceOptions o, const Clock& c);
  ServiceOptions options;
  const Clock& clock;
  SessionCache sessions;
  ledger::AlertRules rules;
  ledger::DeadlinePolicy deadlines;
  std::unique_ptr<LedgerWriter> writer;
  std::unique_ptr<ReadPool> pool;
  std::unique_ptr<ScenarioRuns> runs;
  RecordCache cache;
  std::mutex accounts_mutex;  // guards accounts_db
  std::unique_ptr<ledger::SqliteConnection> accounts_db;
  Router http;
  std::unique_ptr<WorkerPool> workers;  // the blocking handlers' threads
  std::unique_ptr<HttpFrontEnd> front_end;
};

// ---- responses -----------------------------------------------------------------------------
void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
// {"error": {"code": ..., "message": ...}}
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message);
// Maps a Status to 400/404/409/429/503/500.
void SendStatus(httplib::Response& res, const Status& status);

// ---- requests ------------------------------------------------------------------------------
// The JSON object in the body: 415 unless application/json, 400 for malformed JSON or not an
// object. Sends the error itself and returns nullopt.
std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req, httplib::Response& res);
std::string CookieValue(const httplib::Request& req, std::string_view name);
std::string ClientAddress(const httplib::Request& req);
// A string field of a JSON object, or "" when absent or not a string.
std::string StringField(const nlohmann::json& j, std::string_view key);
// The `as_of` query parameter (default now); sends 400 and returns nullopt when malformed.
std::optional<Timestamp> AsOfParam(Context& ctx, const httplib::Request& req,
                                   httplib::Response& res);

// ---- authentication and audit ---------------------------------------------------------------
enum class Csrf { kNotNeeded, kRequired };
// The caller's session (cookie or bearer token). Sends 401 (audited) when there is none, 403
// (audited) when `csrf` is required, the session came from the cookie and X-CSRF-Token does not
// match.
std::optional<Session> RequireSession(Context& ctx, const httplib::Request& req,
                                      httplib::Response& res, Csrf csrf);
// The caller's session, if the request carries a valid one (cookie or bearer token); nothing is
// audited or sent (the fast path: RequireSession answers the other cases).
std::optional<Session> PeekSession(Context& ctx, const httplib::Request& req);
// Whether the X-Purpose header is acceptable (3..200 printable characters).
bool ValidPurpose(const httplib::Request& req);
// The X-Purpose header (3..200 printable characters); sends 400 and returns nullopt otherwise.
std::optional<std::string> RequirePurpose(const httplib::Request& req, httplib::Response& res);
// An audit record prefilled from the request and session.
AuditRecord AuditFor(const httplib::Request& req, const Session* session, std::string action,
                     std::string record, std::string outcome, int http_status);
// Audits (waiting for durability) and sends 403 with `reason`.
void DenyAudited(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 const Session& session, std::string action, std::string record,
                 std::string reason);
// Audits an allowed read and, once durable, sends `body`; 503 when the audit cannot be committed.
void SendAudited(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 AuditRecord record, const nlohmann::json& body);
// The same for a body already serialized, of `content_type` (JSON unless given).
void SendAuditedText(Context& ctx, httplib::Response& res, AuditRecord record, std::string body,
                     const char* content_type = "application/json");

// ---- route registration (one per file) --------------------------------------------------------
void RegisterAuthRoutes(Context& ctx);
void RegisterRecordRoutes(Context& ctx);
void RegisterListRoutes(Context& ctx);
void RegisterReviewRoutes(Context& ctx);
void RegisterScenarioRoutes(Context& ctx);
void RegisterOversightRoutes(Context& ctx);
void RegisterStaticRoutes(Context& ctx);

}  // namespace kinlink::server::detail

#endif  // KINLINK_SERVER_INTERNAL_CONTEXT_H_
