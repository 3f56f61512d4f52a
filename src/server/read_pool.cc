#include "server/read_pool.h"

namespace kinlink::server {

Result<ReadPool::Lease> ReadPool::Acquire() {
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      auto slot = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(slot));
    }
    ++open_;
  }
  auto db = ledger::SqliteConnection::Open(
      {.path = path_, .wal = true, .durable = true, .read_only = true, .cache_kib = 8192});
  if (!db.ok()) {
    std::lock_guard lock(mutex_);
    --open_;
    available_.notify_one();
    return db.status();
  }
  auto slot = std::make_unique<Slot>();
  slot->db = std::move(*db);
  slot->log = std::make_unique<ledger::EventLog>(*slot->db);
  return Lease(this, std::move(slot));
}

void ReadPool::Release(std::unique_ptr<Slot> slot) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(slot));
  }
  available_.notify_one();
}

}  // namespace kinlink::server
