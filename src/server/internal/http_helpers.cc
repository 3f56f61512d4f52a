// Responses, request parsing, sessions and audit helpers shared by the route files.
#include <fmt/format.h>

#include <algorithm>

#include "server/internal/context.h"

namespace kinlink::server::detail {

void RecordCache::Validate(uint64_t generation) {
  if (generation_.load(std::memory_order_acquire) == generation) return;
  std::lock_guard lock(mutex_);
  items_.clear();
  generation_.store(generation, std::memory_order_release);
}

std::shared_ptr<const CachedRecord> RecordCache::Get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = items_.find(key);
  if (it == items_.end()) return nullptr;
  if (std::chrono::steady_clock::now() > it->second.expires) {
    items_.erase(it);
    return nullptr;
  }
  return it->second.value;
}

void RecordCache::Put(const std::string& key, std::shared_ptr<const CachedRecord> value,
                      uint64_t rendered_at_generation) {
  if (ttl_.count() <= 0) return;
  std::lock_guard lock(mutex_);
  if (generation_.load(std::memory_order_acquire) != rendered_at_generation) return;
  if (items_.size() > 100'000) items_.clear();
  // Each entry lives between ttl/2 and ttl (a fixed fraction per key, from its hash): records
  // rendered together (a burst after start-up) then do not all expire, and reload, in the same
  // instant.
  auto spread = ttl_ / 2 * static_cast<int64_t>(std::hash<std::string>{}(key) % 1001) / 1000;
  items_[key] = {std::chrono::steady_clock::now() + ttl_ / 2 + spread, std::move(value)};
}

void RecordCache::Clear() {
  std::lock_guard lock(mutex_);
  items_.clear();
}

Context::Context(ServiceOptions o, const Clock& c)
    : options(std::move(o)),
      clock(c),
      sessions(c, options.sessions),
      cache(options.record_cache_ttl) {}

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view code,
               std::string_view message) {
  SendJson(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

void SendStatus(httplib::Response& res, const Status& status) {
  int http = 500;
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      http = 400;
      break;
    case StatusCode::kNotFound:
      http = 404;
      break;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      http = 409;
      break;
    case StatusCode::kPermissionDenied:
      http = 403;
      break;
    case StatusCode::kUnauthenticated:
      http = 401;
      break;
    case StatusCode::kResourceExhausted:
      http = 429;
      break;
    case StatusCode::kUnavailable:
      http = 503;
      break;
    default:
      break;
  }
  // Internal failures do not leak details to the client.
  SendError(res, http, StatusCodeName(status.code()),
            http == 500 ? "internal error (see the server log)" : status.message());
}

std::optional<nlohmann::json> ParseJsonBody(const httplib::Request& req, httplib::Response& res) {
  std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    SendError(res, 415, "unsupported_media_type", "send the body as application/json");
    return std::nullopt;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(req.body);
  } catch (const nlohmann::json::parse_error& e) {
    SendError(res, 400, "malformed_json",
              fmt::format("the body is not valid JSON (at byte {})", e.byte));
    return std::nullopt;
  }
  if (!j.is_object()) {
    SendError(res, 400, "malformed_json", "the body must be a JSON object");
    return std::nullopt;
  }
  return j;
}

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  std::string header = req.get_header_value("Cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view part = rest.substr(0, end);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  return "";
}

std::string ClientAddress(const httplib::Request& req) { return req.remote_addr; }

std::string StringField(const nlohmann::json& j, std::string_view key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

std::optional<Timestamp> AsOfParam(Context& ctx, const httplib::Request& req,
                                   httplib::Response& res) {
  if (!req.has_param("as_of")) return ctx.clock.Now();
  auto parsed = ParseTimestamp(req.get_param_value("as_of"));
  if (!parsed.ok()) {
    SendError(res, 400, "invalid_argument", "as_of: " + parsed.status().message());
    return std::nullopt;
  }
  return *parsed;
}

AuditRecord AuditFor(const httplib::Request& req, const Session* session, std::string action,
                     std::string record, std::string outcome, int http_status) {
  AuditRecord r;
  r.user = session ? session->account.username : "-";
  r.role = session ? std::string(ToString(session->account.role)) : "-";
  r.action = std::move(action);
  r.record = std::move(record);
  r.purpose = req.get_header_value("X-Purpose").substr(0, 200);
  r.outcome = std::move(outcome);
  r.http_status = http_status;
  r.remote = ClientAddress(req);
  return r;
}

std::optional<Session> RequireSession(Context& ctx, const httplib::Request& req,
                                      httplib::Response& res, Csrf csrf) {
  std::string token;
  bool from_cookie = false;
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    token = auth.substr(7);
  } else {
    token = CookieValue(req, "kinlink_session");
    from_cookie = !token.empty();
  }
  std::optional<Session> session = token.empty() ? std::nullopt : ctx.sessions.Find(token);
  if (!session) {
    AuditRecord r = AuditFor(req, nullptr, req.method + " " + req.path, req.path, "denied", 401);
    r.detail = {{"reason", token.empty() ? "no session" : "unknown or expired session"}};
    (void)ctx.writer->Audit(std::move(r));
    SendError(res, 401, "unauthenticated", "log in first (POST /api/session)");
    return std::nullopt;
  }
  if (csrf == Csrf::kRequired && from_cookie &&
      !SecureEquals(req.get_header_value("X-CSRF-Token"), session->csrf_token)) {
    DenyAudited(ctx, req, res, *session, req.method + " " + req.path, req.path,
                "missing or wrong X-CSRF-Token");
    return std::nullopt;
  }
  return session;
}

std::optional<Session> PeekSession(Context& ctx, const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  std::string token =
      auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : CookieValue(req, "kinlink_session");
  if (token.empty()) return std::nullopt;
  return ctx.sessions.Find(token);
}

bool ValidPurpose(const httplib::Request& req) {
  std::string purpose = req.get_header_value("X-Purpose");
  bool printable = std::all_of(purpose.begin(), purpose.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  return purpose.size() >= 3 && purpose.size() <= 200 && printable;
}

std::optional<std::string> RequirePurpose(const httplib::Request& req, httplib::Response& res) {
  std::string purpose = req.get_header_value("X-Purpose");
  if (!ValidPurpose(req)) {
    SendError(res, 400, "purpose_required",
              "state why you read this record in the X-Purpose header (3-200 characters)");
    return std::nullopt;
  }
  return purpose;
}

void DenyAudited(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 const Session& session, std::string action, std::string record,
                 std::string reason) {
  AuditRecord r = AuditFor(req, &session, std::move(action), std::move(record), "denied", 403);
  r.detail = {{"reason", reason}};
  Status s = ctx.writer->Audit(std::move(r));
  if (!s.ok()) {
    SendStatus(res, s);
    return;
  }
  SendError(res, 403, "forbidden", reason);
}

void SendAuditedText(Context& ctx, httplib::Response& res, AuditRecord record, std::string body,
                     const char* content_type) {
  Status s = ctx.writer->Audit(std::move(record));
  if (!s.ok()) {
    SendStatus(res, s);
    return;
  }
  res.status = 200;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), content_type);
}

void SendAudited(Context& ctx, const httplib::Request&, httplib::Response& res, AuditRecord record,
                 const nlohmann::json& body) {
  SendAuditedText(ctx, res, std::move(record),
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace kinlink::server::detail
