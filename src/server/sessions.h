// Sessions: the in-memory cache of logged-in sessions, each with a bearer token, a CSRF token and
// an expiry.
//
// A token is 32 random bytes (libsodium randombytes) in hex; it is the session cookie's value (or
// an `Authorization: Bearer` token for API clients). The CSRF token is a second random value the
// browser sends back in the X-CSRF-Token header on every state-changing request made with the
// cookie. Sessions expire `idle_timeout` after their last use and `max_lifetime` after login,
// whichever comes first. Sessions are not persisted: a restart logs everyone out.
//
//   SessionCache sessions(clock, {.idle_timeout = 30min});
//   Session s = sessions.Create(account);
//   std::optional<Session> again = sessions.Find(s.token);   // refreshes the idle timer
//
// Thread safety: every method is thread-safe (one mutex; lookups are a hash-map probe).
#ifndef KINLINK_SERVER_SESSIONS_H_
#define KINLINK_SERVER_SESSIONS_H_

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "server/accounts.h"

namespace kinlink::server {

struct SessionOptions {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds max_lifetime{12 * 3600};
  size_t max_sessions = 100'000;  // the oldest are dropped beyond this
};

struct Session {
  std::string token{};
  std::string csrf_token{};
  Account account{};
  Timestamp created_at{};
  Timestamp last_used{};
  Timestamp expires_at{};  // min(last_used + idle, created + max_lifetime)
};

// 2*bytes hex characters from libsodium's CSPRNG.
std::string RandomHex(size_t bytes);
// Constant-time comparison.
bool SecureEquals(std::string_view a, std::string_view b);

class SessionCache {
 public:
  SessionCache(const Clock& clock, SessionOptions options) : clock_(clock), options_(options) {}

  Session Create(const Account& account);
  // The live session for `token`, its idle timer refreshed; nullopt when unknown or expired.
  std::optional<Session> Find(std::string_view token);
  void Remove(std::string_view token);
  // Drops every session of a user (after a password change or removal).
  void RemoveUser(std::string_view username);
  size_t size() const;

 private:
  void DropExpiredLocked(Timestamp now);
  const Clock& clock_;
  SessionOptions options_;
  // Looked up by string_view (no key copy per request).
  struct TokenHash {
    using is_transparent = void;
    size_t operator()(std::string_view token) const { return std::hash<std::string_view>{}(token); }
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Session, TokenHash, std::equal_to<>> sessions_;
  Timestamp last_sweep_{};
};

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_SESSIONS_H_
