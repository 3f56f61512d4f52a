// Service: `kinlink serve` — the HTTP/1.1 JSON API (docs/openapi.yaml) and the dashboard's static
// files, over one ledger database.
//
// The service owns: the single ledger writer (LedgerWriter: audit entries group-committed, review
// decisions), a pool of read-only connections, the in-memory session cache, the simulation runs
// and the HTTP front end (epoll event loops; blocking handlers on a small pool of worker threads;
// family and person reads answered from the audit writer's commit callback, no thread waiting).
// Every request that reveals a person's or family's record is authorized (AccessPolicy) and audited
// in the hash-chained log before its response is sent; denied requests (401/403) are audited too.
// See docs/service.md.
//
//   SystemClock clock;
//   KINLINK_ASSIGN_OR_RETURN(auto service, Service::Create({.db_path = "kinlink.db"}, clock));
//   KINLINK_ASSIGN_OR_RETURN(int port, service->Bind("127.0.0.1", 8080));   // 0: any free port
//   service->Run();          // blocks until Stop() (from another thread or a signal handler)
//
// Errors: Create fails when the database cannot be opened or migrated; Bind when the address is
// taken. Thread safety: Stop() may be called from any thread, before or during Run(); the rest
// from the owning thread. Run() returns after Stop(); destroy the Service after Run() returned.
#ifndef KINLINK_SERVER_SERVICE_H_
#define KINLINK_SERVER_SERVICE_H_

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/status.h"
#include "server/ledger_writer.h"
#include "server/sessions.h"

namespace kinlink::server {

namespace detail {
struct Context;
}

struct ServiceOptions {
  std::string db_path = "kinlink.db";
  std::filesystem::path web_root;       // the dashboard's files (web/); empty: API only
  std::filesystem::path scenarios_dir;  // scenario TOML files for the simulation page
  std::string rules_path;               // alert rules; default config/alert-rules.toml
  size_t worker_threads = 16;  // threads for the blocking handlers (login, search, lists, ...)
  size_t io_threads = 1;       // event loops (connections are spread over them)
  size_t read_connections = 16;
  size_t max_body_bytes = 64 * 1024;     // larger bodies get 413
  std::chrono::seconds read_timeout{5};  // a client silent this long is disconnected
  std::chrono::seconds keep_alive_timeout{5};
  std::chrono::milliseconds record_cache_ttl{60'000};  // also dropped on any ledger write
  SessionOptions sessions;
  LedgerWriterOptions audit;    // how audit batches reach the disk (ledger_writer.h)
  bool secure_cookies = false;  // add `Secure` to the session cookie (set behind TLS)
};

class Service {
 public:
  static Result<std::unique_ptr<Service>> Create(ServiceOptions options, const Clock& clock);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(). Requires Bind().
  Status Run();
  void Stop();

 private:
  explicit Service(std::unique_ptr<detail::Context> context);
  std::unique_ptr<detail::Context> context_;
};

// Splits "ADDR:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" = 127.0.0.1).
Result<std::pair<std::string, int>> ParseListenAddress(std::string_view text);

}  // namespace kinlink::server

#endif  // KINLINK_SERVER_SERVICE_H_
