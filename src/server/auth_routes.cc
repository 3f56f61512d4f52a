// POST/GET/DELETE /api/session: log in (Argon2id check, session cookie + CSRF token), who am I,
// log out. Failed logins are audited and throttled per username.
#include <fmt/format.h>

#include "server/internal/context.h"

namespace kinlink::server::detail {
namespace {

// At most kMaxFailures failed logins per username in kWindow; then 429 until the window passes.
class LoginThrottle {
 public:
  static constexpr int kMaxFailures = 5;
  static constexpr std::chrono::seconds kWindow{300};

  bool Blocked(const std::string& user, Timestamp now) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(user);
    if (it == failures_.end()) return false;
    if (now - it->second.first_at > kWindow) {
      failures_.erase(it);
      return false;
    }
    return it->second.count >= kMaxFailures;
  }
  void Fail(const std::string& user, Timestamp now) {
    std::lock_guard lock(mutex_);
    if (failures_.size() > 100'000) failures_.clear();
    auto& f = failures_[user];
    if (f.count == 0 || now - f.first_at > kWindow) f = {0, now};
    ++f.count;
  }
  void Succeed(const std::string& user) {
    std::lock_guard lock(mutex_);
    failures_.erase(user);
  }

 private:
  struct Failures {
    int count = 0;
    Timestamp first_at;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> failures_;
};

nlohmann::json SessionJson(const Session& s) {
  return {{"user", AccountToJson(s.account)},
          {"csrf_token", s.csrf_token},
          {"expires_at", FormatTimestamp(s.expires_at)}};
}

std::string SessionCookie(const Context& ctx, const std::string& value, bool expire) {
  std::string cookie = fmt::format("kinlink_session={}; Path=/; HttpOnly; SameSite=Strict", value);
  if (expire) cookie += "; Max-Age=0";
  if (ctx.options.secure_cookies) cookie += "; Secure";
  return cookie;
}

void Login(Context& ctx, LoginThrottle& throttle, const httplib::Request& req,
           httplib::Response& res) {
  auto body = ParseJsonBody(req, res);
  if (!body) return;
  std::string username = StringField(*body, "username");
  std::string password = StringField(*body, "password");
  if (username.empty() || password.empty()) {
    SendError(res, 400, "invalid_argument", "give \"username\" and \"password\" (strings)");
    return;
  }
  Timestamp now = ctx.clock.Now();
  AuditRecord audit = AuditFor(req, nullptr, "login", username.substr(0, 64), "denied", 401);
  if (throttle.Blocked(username, now)) {
    audit.http_status = 429;
    audit.detail = {{"reason", "too many failed logins"}};
    (void)ctx.writer->Audit(std::move(audit));
    SendError(res, 429, "too_many_attempts", "too many failed logins; wait five minutes");
    return;
  }
  Result<std::optional<Account>> account = std::optional<Account>();
  {
    std::lock_guard lock(ctx.accounts_mutex);
    AccountStore store(*ctx.accounts_db);
    account = store.Authenticate(username, password);
  }
  if (!account.ok()) {
    SendStatus(res, account.status());
    return;
  }
  if (!*account) {
    throttle.Fail(username, now);
    audit.detail = {{"reason", "wrong username or password"}};
    (void)ctx.writer->Audit(std::move(audit));
    SendError(res, 401, "unauthenticated", "wrong username or password");
    return;
  }
  throttle.Succeed(username);
  Session session = ctx.sessions.Create(**account);
  audit.user = session.account.username;
  audit.role = std::string(ToString(session.account.role));
  audit.outcome = "allowed";
  audit.http_status = 200;
  Status s = ctx.writer->Audit(std::move(audit));
  if (!s.ok()) {
    ctx.sessions.Remove(session.token);
    SendStatus(res, s);
    return;
  }
  nlohmann::json out = SessionJson(session);
  // API clients (scripts, benchmarks) ask for the bearer token; browsers use the HttpOnly cookie.
  if (body->value("bearer", false)) out["token"] = session.token;
  res.set_header("Set-Cookie", SessionCookie(ctx, session.token, false));
  SendJson(res, 200, out);
}

}  // namespace

void RegisterAuthRoutes(Context& ctx) {
  auto throttle = std::make_shared<LoginThrottle>();
  ctx.http.Post("/api/session",
                [&ctx, throttle](const httplib::Request& req, httplib::Response& res) {
                  Login(ctx, *throttle, req, res);
                });
  ctx.http.Get("/api/session", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
    if (!session) return;
    SendJson(res, 200, SessionJson(*session));
  });
  ctx.http.Delete("/api/session", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto session = RequireSession(ctx, req, res, Csrf::kRequired);
    if (!session) return;
    ctx.sessions.Remove(session->token);
    (void)ctx.writer->Audit(AuditFor(req, &*session, "logout", "", "allowed", 200));
    res.set_header("Set-Cookie", SessionCookie(ctx, "", true));
    SendJson(res, 200, {{"logged_out", true}});
  });
}

}  // namespace kinlink::server::detail
