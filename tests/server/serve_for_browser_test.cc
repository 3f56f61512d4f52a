// Not a test: a way to run the service over the test fixture by hand (or for web/tests/e2e.mjs
// --base) without the kinlink binary. Disabled; run it with
//   KINLINK_E2E_PORT=18080 KINLINK_E2E_SECONDS=300 build/tests/server/server_tests
//     --gtest_also_run_disabled_tests --gtest_filter='*ServeForBrowser*'
// Accounts: those of BuildLedger (admin, cbp.officer, ice.officer, ...), password kPassword.
#include <gtest/gtest.h>

#include <cstdlib>

#include "server_test_util.h"

namespace kinlink::server::testing {
namespace {

TEST(ServeForBrowser, DISABLED_ServesTheFixtureUntilTimeIsUp) {
  const char* port_text = std::getenv("KINLINK_E2E_PORT");
  const char* seconds_text = std::getenv("KINLINK_E2E_SECONDS");
  int port = port_text ? std::atoi(port_text) : 18080;
  int seconds = seconds_text ? std::atoi(seconds_text) : 300;
  SystemClock clock;
  fs::path dir = TempDir("browser");
  BuildLedger(dir / "kinlink.db", clock);
  ServiceOptions options;
  options.db_path = (dir / "kinlink.db").string();
  options.web_root = fs::path(KINLINK_SOURCE_DIR) / "web/public";
  options.scenarios_dir = fs::path(KINLINK_SOURCE_DIR) / "scenarios";
  if (const char* sync = std::getenv("KINLINK_E2E_AUDIT_SYNC");
      sync && std::string(sync) == "interval") {
    options.audit.sync = AuditSync::kInterval;
  }
  auto service = Service::Create(options, clock);
  ASSERT_TRUE(service.ok()) << service.status().ToString();
  ASSERT_TRUE((*service)->Bind("127.0.0.1", port).ok());
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    (*service)->Stop();
  });
  std::cout << "serving on http://127.0.0.1:" << port << "/" << std::endl;
  EXPECT_TRUE((*service)->Run().ok());
  stopper.join();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kinlink::server::testing
