#include "server/sessions.h"

#include <sodium.h>

#include <algorithm>

namespace kinlink::server {

std::string RandomHex(size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

bool SecureEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Session SessionCache::Create(const Account& account) {
  Timestamp now = clock_.Now();
  Session s{.token = RandomHex(32),
            .csrf_token = RandomHex(32),
            .account = account,
            .created_at = now,
            .last_used = now,
            .expires_at = std::min(now + options_.idle_timeout, now + options_.max_lifetime)};
  std::lock_guard lock(mutex_);
  DropExpiredLocked(now);
  if (sessions_.size() >= options_.max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& x, auto& y) {
      return x.second.last_used < y.second.last_used;
    });
    if (oldest != sessions_.end()) sessions_.erase(oldest);
  }
  sessions_[s.token] = s;
  return s;
}

std::optional<Session> SessionCache::Find(std::string_view token) {
  if (token.size() != 64) return std::nullopt;
  Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (now >= s.expires_at) {
    sessions_.erase(it);
    return std::nullopt;
  }
  if (now != s.last_used) {
    s.last_used = now;
    s.expires_at = std::min(now + options_.idle_timeout, s.created_at + options_.max_lifetime);
  }
  return s;
}

void SessionCache::Remove(std::string_view token) {
  std::lock_guard lock(mutex_);
  if (auto it = sessions_.find(token); it != sessions_.end()) sessions_.erase(it);
}

void SessionCache::RemoveUser(std::string_view username) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.account.username == username; });
}

size_t SessionCache::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void SessionCache::DropExpiredLocked(Timestamp now) {
  if (now - last_sweep_ < std::chrono::seconds(60)) return;
  last_sweep_ = now;
  std::erase_if(sessions_, [&](const auto& kv) { return now >= kv.second.expires_at; });
}

}  // namespace kinlink::server
