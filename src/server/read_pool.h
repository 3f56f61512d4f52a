// ReadPool: read-only SQLite connections to the ledger, leased one per request.
//
// The ledger's single writer (LedgerWriter) never blocks these readers: the database is in WAL
// mode, so a reader sees the last committed state. Each connection keeps its prepared statements,
// so a request's queries are prepared once per connection, not once per request.
//
//   ReadPool pool("kinlink.db", 8);
//   KINLINK_ASSIGN_OR_RETURN(ReadPool::Lease lease, pool.Acquire());
//   GetFamilyStatus(lease.db(), lease.log(), id, policy);
//
// Connections are opened lazily up to `max_connections`; Acquire waits when all are leased.
// Thread safety: Acquire and the lease's destructor are thread-safe; a lease belongs to one thread.
#ifndef KINLINK_SERVER_READ_POOL_H_
#define KINLINK_SERVER_READ_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ledger/event_log.h"
#include "ledger/sqlite_connection.h"

namespace kinlink::server {

class ReadPool {
 public:
  struct Slot {
    std::unique_ptr<ledger::SqliteConnection> db;
    std::unique_ptr<ledger::EventLog> log;
  };

  class Lease {
   public:
    Lease(ReadPool* pool, std::unique_ptr<Slot> slot) : pool_(pool), slot_(std::move(slot)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease() {
      if (slot_) pool_->Release(std::move(slot_));
    }
    ledger::SqlConnection& db() { return *slot_->db; }
    ledger::EventLog& log() { return *slot_->log; }

   private:
    ReadPool* pool_;
    std::unique_ptr<Slot> slot_;
  };

  ReadPool(std::string path, size_t max_connections)
      : path_(std::move(path)), max_connections_(max_connections) {}

  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Slot> slot);
  std::string path_;
  size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Slot>> idle_;
  size_t open_ = 0;
};

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_READ_POOL_H_
