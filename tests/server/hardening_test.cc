// The security cases of the service, each against a running server: malformed JSON, oversized
// bodies, slow clients, SQL injection, path traversal (and the 401/403 cases in api_test.cc).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_test_util.h"

namespace kinlink::server::testing {
namespace {

using nlohmann::json;

ServiceOptions FastTimeouts() {
  ServiceOptions o;
  o.read_timeout = std::chrono::seconds(1);
  o.keep_alive_timeout = std::chrono::seconds(1);
  o.max_body_bytes = 16 * 1024;
  return o;
}

class HardeningTest : public ::testing::Test {
 protected:
  HardeningTest()
      : clock_(Timestamp(std::chrono::seconds(1'800'000'000))),
        service_(::testing::UnitTest::GetInstance()->current_test_info()->name(), clock_,
                 FastTimeouts()) {}
  ManualClock clock_;
  RunningService service_;
};

TEST_F(HardeningTest, MalformedJsonIs400WithAClearMessage) {
  auto client = service_.Client();
  for (std::string body : {"{\"username\": \"admin\", ", "not json", "[1,2,3]", "\"text\"", ""}) {
    auto res = client.Post("/api/session", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body;
    json error = json::parse(res->body)["error"];
    EXPECT_EQ(error["code"], "malformed_json");
    EXPECT_FALSE(error["message"].get<std::string>().empty());
  }
  auto res = client.Post("/api/session", "username=admin", "application/x-www-form-urlencoded");
  EXPECT_EQ(res->status, 415);
  // Wrong types in valid JSON are 400 too, not a crash.
  res = client.Post("/api/session", R"({"username": 12, "password": ["x"]})", "application/json");
  EXPECT_EQ(res->status, 400);
  Login admin = LogIn(client, "admin");
  httplib::Headers h = WithCookie(admin);
  h.emplace("X-CSRF-Token", admin.csrf);
  res = client.Post("/api/review/decisions", h, R"({"left_id": {"$gt": ""}})", "application/json");
  EXPECT_EQ(res->status, 400);
  res = client.Post("/api/scenarios/runs", h, R"({"scenario": "x", "replications": "lots"})",
                    "application/json");
  EXPECT_EQ(res->status, 400);
}

TEST_F(HardeningTest, OversizedBodiesAreRejected) {
  auto client = service_.Client();
  std::string huge = R"({"username": "admin", "password": ")" + std::string(64 * 1024, 'x') + "\"}";
  auto res = client.Post("/api/session", huge, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // The server is still serving.
  EXPECT_EQ(client.Get("/api/session")->status, 401);
}

TEST_F(HardeningTest, ASlowClientIsDisconnected) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(service_.port()));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  std::string partial = "GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
  ASSERT_EQ(send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
  // Then silence: the server must give up on us (read timeout 1 s) and close the connection.
  timeval wait{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  auto start = std::chrono::steady_clock::now();
  char buffer[512];
  ssize_t n;
  while ((n = recv(fd, buffer, sizeof(buffer), 0)) > 0) {
  }
  auto waited = std::chrono::steady_clock::now() - start;
  close(fd);
  EXPECT_EQ(n, 0) << "the server did not close the connection";
  EXPECT_LT(waited, std::chrono::seconds(8));
  // Others are served meanwhile and after.
  auto client = service_.Client();
  EXPECT_EQ(client.Get("/api/session")->status, 401);
}

TEST_F(HardeningTest, BytesThatAreNotUtf8InAPurposeOrIdAreAuditedNotFatal) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  // The purpose is printable but not UTF-8; the id decodes to a lone continuation byte. Both go
  // into the audit entry's JSON: the writer thread must replace them, not die on them.
  auto res = client.Get("/api/families/F1", WithCookie(admin, "case \xff\xfe review"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = client.Get("/api/persons/P%C3", WithCookie(admin, "case review"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  // Still serving, and still auditing.
  res = client.Get("/api/families/F2", WithCookie(admin, "after"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(HardeningTest, SqlInjectionAttemptsAreHarmless) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  for (std::string q : {"' OR 1=1 --", "x'; DROP TABLE person; --", "%' OR name_key LIKE '%",
                        "\" OR \"\"=\"", "A0' UNION SELECT username FROM service_user --"}) {
    auto res = client.Get("/api/persons?q=" + httplib::detail::encode_query_param(q),
                          WithCookie(admin, "injection test"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << q;
    EXPECT_TRUE(json::parse(res->body)["results"].empty()) << q << " " << res->body;
  }
  auto res =
      client.Get("/api/persons/P1%27%20OR%20%271%27%3D%271", WithCookie(admin, "injection test"));
  EXPECT_EQ(res->status, 404);
  auto login = client.Post("/api/session", R"({"username":"admin' --","password":"anything1"})",
                           "application/json");
  EXPECT_EQ(login->status, 401);
  // Everything is still there.
  res = client.Get("/api/families/F1", WithCookie(admin, "after injection"));
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["members"].size(), 3u);
  EXPECT_FALSE(LogIn(client, "cbp.officer").cookie.empty());
}

TEST_F(HardeningTest, PathTraversalAttemptsServeNothingOutsideTheWebRoot) {
  httplib::Client client("127.0.0.1", service_.port());
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<html"), std::string::npos);
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  for (std::string path : {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                           "/..%2f..%2f..%2fetc%2fpasswd", "/app/../../package.json",
                           "/%2e%2e%5c%2e%2e%5cetc%5cpasswd", "/.git/config", "/app/%00.js", "/..",
                           "/api/../../etc/passwd"}) {
    auto res = client.Get(path);
    if (!res) continue;  // refusing to parse the request line is fine too
    EXPECT_TRUE(res->status == 404 || res->status == 400) << path << " " << res->status;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("\"dependencies\""), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace kinlink::server::testing
