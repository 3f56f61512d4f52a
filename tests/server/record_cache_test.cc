// The rendered-record cache never answers with custody data older than the request: after another
// process ingests (a custody transfer) or the service records a review decision, the next family
// read shows the new state and is authorized against it. And a burst of concurrent family reads
// from many keep-alive connections appends exactly one committed audit entry per answered read,
// with the chain intact.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "ledger/event_log.h"
#include "ledger/ingest.h"
#include "ledger/verify.h"
#include "server_test_util.h"

namespace kinlink::server::testing {
namespace {

using nlohmann::json;

class RecordCacheTest : public ::testing::Test {
 protected:
  RecordCacheTest()
      : clock_(Timestamp(std::chrono::seconds(1'800'000'000))), service_(Name(), clock_) {}
  static std::string Name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  int64_t CountAudits() {
    auto db =
        ledger::SqliteConnection::Open({.path = service_.db_path().string(), .read_only = true});
    EXPECT_TRUE(db.ok());
    auto s = (*db)->Prepare("SELECT count(*) FROM event WHERE type = 'access_audit'");
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(*(*s)->Step());
    return (*s)->Int(0);
  }
  // Another process's ingest: a second Ledger on the same file appends truth records.
  void IngestBeside(const std::vector<std::string>& lines) {
    fs::path file = service_.db_path().parent_path() / "more.jsonl";
    {
      std::ofstream out(file);
      out << R"({"record":"header","format":"kinlink-truth","version":1,"scenario":"more",)"
             R"("seed":1,"replication":0,"start":"2018-05-01T00:00:00Z",)"
             R"("end":"2018-08-31T00:00:00Z"})"
          << "\n";
      for (const auto& line : lines) out << line << "\n";
    }
    IngestTruthFile(service_.db_path(), clock_, file.string());
  }
  static std::vector<std::string> Agencies(const json& member) {
    std::vector<std::string> out;
    for (const auto& c : member["custody"]) out.push_back(c["agency"]);
    return out;
  }
  static const json* Member(const json& family, std::string_view id) {
    for (const auto& m : family["members"]) {
      if (m["person_id"] == id) return &m;
    }
    return nullptr;
  }
  ManualClock clock_;
  RunningService service_;
};

TEST_F(RecordCacheTest, AnIngestBesideTheServiceIsSeenByTheVeryNextRead) {
  {
    auto conn = ledger::SqliteConnection::Open({.path = service_.db_path().string()});
    ASSERT_TRUE(conn.ok());
    AccountStore store(**conn, PasswordCost::Minimal());
    ASSERT_TRUE(
        store.Add({.username = "usms.officer", .role = Role::kOfficer, .agency = "usms"}, kPassword)
            .ok());
  }
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  Login usms = LogIn(client, "usms.officer");
  // Read twice so the record is certainly cached.
  for (int i = 0; i < 2; ++i) {
    auto res = client.Get("/api/families/F2", WithCookie(admin, "placement check"));
    ASSERT_EQ(res->status, 200);
    json family = json::parse(res->body);
    const json* p5 = Member(family, "P5");
    ASSERT_NE(p5, nullptr);
    EXPECT_EQ(Agencies(*p5), std::vector<std::string>({"cbp", "ice"}));
  }
  // No member of F2 was ever held by the Marshals: 403 (and that decision is cached with the
  // scope).
  EXPECT_EQ(client.Get("/api/families/F2", WithCookie(usms, "x-check"))->status, 403);

  IngestBeside({R"({"record":"event","event_id":"X1","type":"custody_transfer",)"
                R"("effective_at":"2018-06-05T10:00:00Z","person_id":"P5",)"
                R"("releasing":{"agency":"ice","facility_id":"ice-eloy"},)"
                R"("receiving":{"agency":"usms","facility_id":"usms-mcallen"}})"});

  // The very next reads, by either user, reflect the transfer.
  auto res = client.Get("/api/families/F2", WithCookie(usms, "x-check"));
  ASSERT_EQ(res->status, 200) << res->body;
  res = client.Get("/api/families/F2", WithCookie(admin, "placement check"));
  ASSERT_EQ(res->status, 200);
  json family = json::parse(res->body);
  const json* p5 = Member(family, "P5");
  ASSERT_NE(p5, nullptr);
  EXPECT_EQ(Agencies(*p5), std::vector<std::string>({"cbp", "ice", "usms"}));
  res = client.Get("/api/persons/P5", WithCookie(usms, "x-check"));
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(RecordCacheTest, AReviewDecisionIsSeenByTheNextPersonRead) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  auto linked = [&] {
    auto res = client.Get("/api/persons/P7", WithCookie(admin, "review"));
    EXPECT_EQ(res->status, 200);
    return res->body;
  };
  std::string before = linked();
  EXPECT_EQ(before, linked());  // the cached rendering is the same as the first
  httplib::Headers h = WithCookie(admin);
  h.emplace("X-CSRF-Token", admin.csrf);
  auto res =
      client.Post("/api/review/decisions", h,
                  R"({"left_id":"P4","right_id":"P7","decision":"accept","note":"same child"})",
                  "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(linked(), before) << "the person record still shows the state before the link";
}

TEST_F(RecordCacheTest, EveryAnsweredReadOfABurstHasExactlyOneCommittedAuditEntry) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  int64_t before = CountAudits();
  constexpr int kConnections = 12, kEach = 40;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kConnections; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", service_.port());
      c.set_keep_alive(true);
      httplib::Headers h = {{"Authorization", "Bearer " + admin.token}, {"X-Purpose", "burst"}};
      for (int i = 0; i < kEach; ++i) {
        auto res = c.Get((t + i) % 2 ? "/api/families/F1" : "/api/families/F2", h);
        (res && res->status == 200 ? ok : failed)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(ok.load(), kConnections * kEach);
  // Each response waited for its entry's commit: they are all in the log already.
  EXPECT_EQ(CountAudits() - before, kConnections * kEach);
  EXPECT_GT(VerifiedChainEntries(service_.db_path()), 0);
}

}  // namespace
}  // namespace kinlink::server::testing
