// `kinlink serve [--db PATH] [--listen ADDR:PORT]`: the HTTP JSON API and the web dashboard over a
// ledger (src/server, docs/service.md, docs/openapi.yaml). Prints the address it listens on, then
// serves until SIGINT or SIGTERM.
#include <fmt/format.h>
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <thread>

#include "cli/command.h"
#include "core/clock.h"
#include "ledger/config_files.h"
#include "server/service.h"

namespace kinlink::cli {
namespace {

namespace fs = std::filesystem;

struct ServeOptions {
  std::string db = "kinlink.db";
  std::string listen = "127.0.0.1:8080";
  std::string web, scenarios, rules;
  size_t threads = 16;
  size_t io_threads = 1;
  int session_minutes = 30;
  std::string audit_sync = "batch";
  int sync_ms = 50;
};

// web/public: --web, else found like the shipped config (./, $KINLINK_SOURCE_DIR, beside the
// binary).
std::string FindWebRoot(const std::string& given) {
  if (!given.empty()) return given;
  auto index = ledger::FindConfigFile("web/public/index.html");
  return index.ok() ? fs::path(*index).parent_path().string() : "";
}

std::string FindScenarios(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* dir = std::getenv("KINLINK_SCENARIOS_DIR"); dir != nullptr && *dir) return dir;
  auto any = ledger::FindConfigFile("scenarios/zero-tolerance-2018.toml");
  return any.ok() ? fs::path(*any).parent_path().string() : "scenarios";
}

ExitCode RunServe(const ServeOptions& options, CommandIo& io) {
  auto address = server::ParseListenAddress(options.listen);
  if (!address.ok()) return ReportError(io, address.status());
  if (!fs::exists(options.db)) {
    return ReportError(io, NotFoundError(fmt::format("no ledger at '{}'", options.db)));
  }
  // Signals are taken by one thread (sigwait), so block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SystemClock clock;
  server::ServiceOptions service_options;
  service_options.db_path = options.db;
  service_options.web_root = FindWebRoot(options.web);
  service_options.scenarios_dir = FindScenarios(options.scenarios);
  service_options.rules_path = options.rules;
  service_options.worker_threads = options.threads;
  service_options.io_threads = options.io_threads;
  service_options.sessions.idle_timeout = std::chrono::minutes(options.session_minutes);
  service_options.audit.sync = options.audit_sync == "interval" ? server::AuditSync::kInterval
                                                                : server::AuditSync::kEachBatch;
  service_options.audit.sync_interval = std::chrono::milliseconds(options.sync_ms);
  auto service = server::Service::Create(service_options, clock);
  if (!service.ok()) return ReportError(io, service.status());
  auto port = (*service)->Bind(address->first, address->second);
  if (!port.ok()) return ReportError(io, port.status());
  std::string host =
      address->first.find(':') != std::string::npos ? "[" + address->first + "]" : address->first;
  io.out << fmt::format(
                "kinlink serve: listening on http://{}:{}/ (ledger {}{})", host, *port, options.db,
                service_options.web_root.empty() ? ", no dashboard: web/public not found" : "")
         << std::endl;
  server::Service* raw = service->get();
  std::thread signal_thread([&signals, raw] {
    int sig = 0;
    sigwait(&signals, &sig);
    raw->Stop();
  });
  Status status = raw->Run();
  pthread_kill(signal_thread.native_handle(), SIGTERM);  // wakes it when Run ended on its own
  signal_thread.join();
  if (!status.ok()) return ReportError(io, status);
  io.out << "kinlink serve: stopped" << std::endl;
  return ExitCode::kOk;
}

CommandRunner SetUpServe(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  app.add_option("--db", options->db, "The ledger database")->capture_default_str();
  app.add_option("--listen", options->listen, "ADDR:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--web", options->web, "The dashboard's files (default: web/public)");
  app.add_option("--scenarios", options->scenarios, "Scenario folder for the simulation page");
  app.add_option("--rules", options->rules, "Alert rules giving the deadlines");
  app.add_option("--threads", options->threads,
                 "Worker threads for the blocking requests (login, search, lists, decisions)")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  app.add_option("--io-threads", options->io_threads,
                 "Event-loop threads holding the connections (family and person reads are "
                 "answered on them)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--session-minutes", options->session_minutes,
                 "Idle minutes before a session expires")
      ->check(CLI::Range(1, 24 * 60))
      ->capture_default_str();
  app.add_option("--audit-sync", options->audit_sync,
                 "batch: fsync every audit batch before answering; interval: answer once the batch "
                 "is in the WAL, fsync every --sync-ms (docs/service.md)")
      ->check(CLI::IsMember({"batch", "interval"}))
      ->capture_default_str();
  app.add_option("--sync-ms", options->sync_ms, "With --audit-sync interval: fsync period")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  return [options](CommandIo& io) { return RunServe(*options, io); };
}

}  // namespace

KINLINK_REGISTER_COMMAND(serve, "Serve the HTTP API and the web dashboard over a ledger",
                         SetUpServe);

}  // namespace kinlink::cli
