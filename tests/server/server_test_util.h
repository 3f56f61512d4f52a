// Test helpers: a temporary ledger built from tests/server/data/truth_small.jsonl with one account
// per role, and a Service running on a free loopback port.
#ifndef KINLINK_TESTS_SERVER_SERVER_TEST_UTIL_H_
#define KINLINK_TESTS_SERVER_SERVER_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "core/clock.h"
#include "ledger/event_log.h"
#include "ledger/ingest.h"
#include "ledger/ledger.h"
#include "ledger/sqlite_connection.h"
#include "ledger/verify.h"
#include "server/accounts.h"
#include "server/service.h"

namespace kinlink::server::testing {

namespace fs = std::filesystem;

inline constexpr char kPassword[] = "correct horse battery";

inline fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("kinlink-server-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Ingests a truth stream into the ledger at `db` (created when missing), as `kinlink ingest
// --source truth` does; another process's ingest when a service has the file open.
inline void IngestTruthFile(const fs::path& db, const Clock& clock, const std::string& file) {
  ledger::LedgerOptions options;
  options.storage.path = db.string();
  options.clock = &clock;
  auto ledger = ledger::Ledger::Open(options);
  ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
  ledger::IngestOptions ingest;
  ingest.source = "truth";
  ledger::Ingester ingester(**ledger, ingest);
  Status s = ingester.IngestTruthFile(file);
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// Recomputes the hash chain of the ledger at `db` (read-only), expects it intact and returns its
// number of entries (-1 when it could not be read).
inline int64_t VerifiedChainEntries(const fs::path& db) {
  auto conn = ledger::SqliteConnection::Open({.path = db.string(), .read_only = true});
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return -1;
  ledger::EventLog log(**conn);
  auto report = ledger::VerifyChain(log, std::nullopt);
  EXPECT_TRUE(report.ok());
  if (!report.ok()) return -1;
  EXPECT_TRUE(report->ok) << report->problem;
  return report->entries;
}

// Ingests the fixture into `db` and adds admin, cbp/ice/usao officers, a caseworker for F2 and
// two oversight accounts (one granted names).
inline void BuildLedger(const fs::path& db, const Clock& clock) {
  IngestTruthFile(db, clock, std::string(KINLINK_TEST_DATA_DIR) + "/data/truth_small.jsonl");
  if (::testing::Test::HasFatalFailure()) return;
  auto conn = ledger::SqliteConnection::Open({.path = db.string()});
  ASSERT_TRUE(conn.ok());
  AccountStore store(**conn, PasswordCost::Minimal());
  ASSERT_TRUE(store.EnsureSchema().ok());
  std::vector<Account> accounts = {
      {.username = "admin", .role = Role::kAdmin},
      {.username = "cbp.officer", .role = Role::kOfficer, .agency = "cbp"},
      {.username = "ice.officer", .role = Role::kOfficer, .agency = "ice"},
      {.username = "usao.officer", .role = Role::kOfficer, .agency = "usao"},
      {.username = "case.f2", .role = Role::kCaseworker, .families = {"F2"}},
      {.username = "ig", .role = Role::kOversight},
      {.username = "ig.names", .role = Role::kOversight, .names_granted = true},
  };
  for (const auto& a : accounts) ASSERT_TRUE(store.Add(a, kPassword).ok()) << a.username;
}

// A Service over a fresh ledger, serving on 127.0.0.1:<free port> from a background thread.
class RunningService {
 public:
  RunningService(const std::string& name, const Clock& clock, ServiceOptions options = {})
      : dir_(TempDir(name)) {
    BuildLedger(dir_ / "kinlink.db", clock);
    options.db_path = (dir_ / "kinlink.db").string();
    if (options.web_root.empty()) options.web_root = fs::path(KINLINK_SOURCE_DIR) / "web/public";
    options.scenarios_dir = fs::path(KINLINK_SOURCE_DIR) / "scenarios";
    options.worker_threads = 16;
    auto service = Service::Create(options, clock);
    if (!service.ok()) throw std::runtime_error(service.status().ToString());
    service_ = std::move(*service);
    auto port = service_->Bind("127.0.0.1", 0);
    if (!port.ok()) throw std::runtime_error(port.status().ToString());
    port_ = *port;
    thread_ = std::thread([this] { (void)service_->Run(); });
  }
  ~RunningService() {
    service_->Stop();
    thread_.join();
    service_.reset();
    fs::remove_all(dir_);
  }
  int port() const { return port_; }
  fs::path db_path() const { return dir_ / "kinlink.db"; }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(std::chrono::seconds(30));
    return c;
  }

 private:
  fs::path dir_;
  std::unique_ptr<Service> service_;
  int port_ = 0;
  std::thread thread_;
};

// A logged-in API client: the session cookie and CSRF token of one user.
struct Login {
  std::string cookie;  // "kinlink_session=..."
  std::string csrf;
  std::string token;
};

inline Login LogIn(httplib::Client& client, const std::string& user,
                   const std::string& password = kPassword) {
  nlohmann::json body = {{"username", user}, {"password", password}, {"bearer", true}};
  auto res = client.Post("/api/session", body.dump(), "application/json");
  if (!res || res->status != 200) return {};
  auto j = nlohmann::json::parse(res->body);
  std::string set_cookie = res->get_header_value("Set-Cookie");
  return {set_cookie.substr(0, set_cookie.find(';')), j["csrf_token"], j.value("token", "")};
}

inline httplib::Headers WithCookie(const Login& login, const std::string& purpose = "") {
  httplib::Headers h = {{"Cookie", login.cookie}};
  if (!purpose.empty()) h.emplace("X-Purpose", purpose);
  return h;
}

}  // namespace kinlink::server::testing

#endif  // KINLINK_TESTS_SERVER_SERVER_TEST_UTIL_H_
