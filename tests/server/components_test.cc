// Unit tests of the service's parts: password hashing, the account store, sessions, the
// group-committing ledger writer, the access policy and the listen-address parser.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "ledger/event_log.h"
#include "ledger/verify.h"
#include "server/access_policy.h"
#include "server/ledger_writer.h"
#include "server/sessions.h"
#include "server_test_util.h"

namespace kinlink::server::testing {
namespace {

TEST(Passwords, AreHashedWithArgon2idAndVerified) {
  auto hash = HashPassword("a long passphrase", PasswordCost::Minimal());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "a long passphrase"));
  EXPECT_FALSE(VerifyPassword(*hash, "a long passphrasf"));
  EXPECT_FALSE(VerifyPassword("", "a long passphrase"));
  EXPECT_NE(*HashPassword("a long passphrase", PasswordCost::Minimal()), *hash);  // salted
  EXPECT_FALSE(HashPassword("short", PasswordCost::Minimal()).ok());
}

TEST(AccountStore, AddsFindsAuthenticatesAndRemoves) {
  auto db = ledger::SqliteConnection::Open({.path = ":memory:"});
  ASSERT_TRUE(db.ok());
  AccountStore store(**db, PasswordCost::Minimal());
  ASSERT_TRUE(store.EnsureSchema().ok());
  ASSERT_TRUE(
      store.Add({.username = "ana", .role = Role::kOfficer, .agency = "cbp"}, "password1").ok());
  EXPECT_EQ(store.Add({.username = "ana", .role = Role::kAdmin}, "password1").code(),
            StatusCode::kAlreadyExists);
  EXPECT_FALSE(store.Add({.username = "Bad Name", .role = Role::kAdmin}, "password1").ok());
  EXPECT_FALSE(store.Add({.username = "bob", .role = Role::kOfficer}, "password1").ok());  // agency
  EXPECT_FALSE(
      store.Add({.username = "bob", .role = Role::kOfficer, .agency = "nsa"}, "password1").ok());
  auto who = store.Authenticate("ana", "password1");
  ASSERT_TRUE(who.ok() && who->has_value());
  EXPECT_EQ((*who)->agency, "cbp");
  EXPECT_TRUE((*who)->password_hash.empty());
  EXPECT_FALSE(store.Authenticate("ana", "password2")->has_value());
  EXPECT_FALSE(store.Authenticate("nobody", "password1")->has_value());
  ASSERT_TRUE(store.SetPassword("ana", "password2").ok());
  EXPECT_TRUE(store.Authenticate("ana", "password2")->has_value());
  ASSERT_TRUE(store.Remove("ana").ok());
  EXPECT_EQ(store.Remove("ana").code(), StatusCode::kNotFound);
}

TEST(Sessions, ExpireAfterIdleTimeAndMaxLifetime) {
  ManualClock clock(Timestamp(std::chrono::seconds(1'000'000)));
  SessionCache cache(
      clock, {.idle_timeout = std::chrono::seconds(60), .max_lifetime = std::chrono::seconds(150)});
  Session s = cache.Create({.username = "ana", .role = Role::kAdmin});
  EXPECT_EQ(s.token.size(), 64u);
  EXPECT_NE(s.token, s.csrf_token);
  clock.Advance(std::chrono::seconds(50));
  EXPECT_TRUE(cache.Find(s.token));  // refreshes the idle timer
  clock.Advance(std::chrono::seconds(50));
  EXPECT_TRUE(cache.Find(s.token));
  clock.Advance(std::chrono::seconds(51));  // 151 s after login
  EXPECT_FALSE(cache.Find(s.token));
  Session t = cache.Create({.username = "bo", .role = Role::kAdmin});
  clock.Advance(std::chrono::seconds(61));
  EXPECT_FALSE(cache.Find(t.token));
  EXPECT_FALSE(cache.Find("nonsense"));
}

TEST(LedgerWriter, GroupCommitsConcurrentAuditsIntoTheHashChain) {
  fs::path dir = TempDir("writer");
  ManualClock clock(Timestamp(std::chrono::seconds(1'800'000'000)));
  {
    ledger::LedgerOptions options;
    options.storage.path = (dir / "l.db").string();
    options.clock = &clock;
    auto writer = LedgerWriter::Open(options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    constexpr int kThreads = 8, kEach = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          Status s = (*writer)->Audit({.user = "u" + std::to_string(t),
                                       .action = "read_person",
                                       .record = "P" + std::to_string(i),
                                       .purpose = "test",
                                       .outcome = "allowed"});
          EXPECT_TRUE(s.ok()) << s.ToString();
        }
      });
    }
    for (auto& t : threads) t.join();
    LedgerWriterStats stats = (*writer)->stats();
    EXPECT_EQ(stats.audits_committed, static_cast<uint64_t>(kThreads * kEach));
    EXPECT_LE(stats.batches, stats.audits_committed);
    EXPECT_EQ(stats.failed_batches, 0u);
  }
  EXPECT_EQ(VerifiedChainEntries(dir / "l.db"), 400);
  fs::remove_all(dir);
}

TEST(LedgerWriter, EnqueueThenCallsBackAfterTheBatchIsCommitted) {
  fs::path dir = TempDir("writer-callback");
  ManualClock clock(Timestamp(std::chrono::seconds(1'800'000'000)));
  {
    ledger::LedgerOptions options;
    options.storage.path = (dir / "l.db").string();
    options.clock = &clock;
    auto writer = LedgerWriter::Open(options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    constexpr int kReads = 300;
    std::mutex mutex;
    std::condition_variable done_cv;
    int done = 0;
    std::vector<uint64_t> committed_when_called;
    for (int i = 0; i < kReads; ++i) {
      (*writer)->EnqueueThen({.user = "u", .action = "read_family", .record = std::to_string(i)},
                             [&, w = writer->get()](const Status& s) {
                               EXPECT_TRUE(s.ok()) << s.ToString();
                               std::lock_guard lock(mutex);
                               // The stats are updated before the callbacks run: the entry is in.
                               committed_when_called.push_back(w->stats().audits_committed);
                               ++done;
                               done_cv.notify_all();
                             });
    }
    std::unique_lock lock(mutex);
    ASSERT_TRUE(done_cv.wait_for(lock, std::chrono::seconds(30), [&] { return done == kReads; }));
    for (size_t i = 0; i < committed_when_called.size(); ++i) {
      EXPECT_GE(committed_when_called[i], i + 1);  // the i-th callback's entry is committed
    }
    EXPECT_LT((*writer)->stats().batches, static_cast<uint64_t>(kReads));  // grouped
  }
  EXPECT_EQ(VerifiedChainEntries(dir / "l.db"), 300);
  fs::remove_all(dir);
}

TEST(LedgerWriter, IntervalSyncAnswersOnceInTheWalAndSyncsLater) {
  fs::path dir = TempDir("writer-interval");
  ManualClock clock(Timestamp(std::chrono::seconds(1'800'000'000)));
  {
    ledger::LedgerOptions options;
    options.storage.path = (dir / "l.db").string();
    options.clock = &clock;
    auto writer = LedgerWriter::Open(
        options, {.sync = AuditSync::kInterval, .sync_interval = std::chrono::milliseconds(5)});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE((*writer)->Audit({.user = "u", .action = "read_family", .record = "F1"}).ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a sync happens meanwhile
    EXPECT_EQ((*writer)->stats().audits_committed, 20u);
  }
  EXPECT_EQ(VerifiedChainEntries(dir / "l.db"), 20);
  fs::remove_all(dir);
}

TEST(AuditPayload, EqualsTheJsonDumpAndSurvivesInvalidUtf8) {
  Timestamp at(std::chrono::seconds(1'800'000'000));
  AuditRecord plain{.user = "ana",
                    .role = "admin",
                    .action = "read_family",
                    .record = "F1",
                    .purpose = "reunification case 12",
                    .outcome = "allowed",
                    .http_status = 200,
                    .remote = "127.0.0.1"};
  EXPECT_EQ(AuditPayload(plain, at), AuditRecordToJson(plain, at).dump());
  AuditRecord odd = plain;
  odd.purpose = "quote \" backslash \\ tab \t caf\xc3\xa9 \xe2\x80\x94 ctl \x01";
  odd.record = "F/1?x=<y>";
  odd.outcome = "denied";
  odd.http_status = 403;
  odd.detail = {{"reason", "no"}, {"restricted_members", {"P2", "P3"}}};
  EXPECT_EQ(AuditPayload(odd, at), AuditRecordToJson(odd, at).dump());
  // Bytes that are not UTF-8 (an X-Purpose header can carry any) are replaced, not thrown on:
  // the writer thread must never die on a client's bytes.
  AuditRecord bad = plain;
  bad.purpose = "bad \xff\xfe bytes";
  bad.record = "F\xc3";
  std::string payload;
  ASSERT_NO_THROW(payload = AuditPayload(bad, at));
  nlohmann::json parsed = nlohmann::json::parse(payload);
  EXPECT_EQ(parsed["purpose"], "bad \xef\xbf\xbd\xef\xbf\xbd bytes");
  EXPECT_EQ(parsed["user"], "ana");
}

TEST(AccessPolicy, ScopesByRole) {
  PersonScope child{
      .person_id = "P2", .exists = true, .agencies = {"cbp", "orr"}, .families = {"F1"}};
  EXPECT_TRUE(CanReadPerson({.role = Role::kAdmin}, child).allowed);
  EXPECT_TRUE(CanReadPerson({.role = Role::kOfficer, .agency = "orr"}, child).allowed);
  EXPECT_FALSE(CanReadPerson({.role = Role::kOfficer, .agency = "ice"}, child).allowed);
  EXPECT_TRUE(CanReadPerson({.role = Role::kCaseworker, .families = {"F1"}}, child).allowed);
  EXPECT_FALSE(CanReadPerson({.role = Role::kCaseworker, .families = {"F2"}}, child).allowed);
  EXPECT_FALSE(CanReadPerson({.role = Role::kOversight}, child).allowed);
  EXPECT_TRUE(CanReadPerson({.role = Role::kOversight, .names_granted = true}, child).allowed);
}

TEST(ListenAddress, Parses) {
  EXPECT_EQ(*ParseListenAddress("127.0.0.1:8080"), std::make_pair(std::string("127.0.0.1"), 8080));
  EXPECT_EQ(*ParseListenAddress(":0"), std::make_pair(std::string("127.0.0.1"), 0));
  EXPECT_EQ(*ParseListenAddress("[::1]:9"), std::make_pair(std::string("::1"), 9));
  EXPECT_FALSE(ParseListenAddress("8080").ok());
  EXPECT_FALSE(ParseListenAddress("host:99999").ok());
  EXPECT_FALSE(ParseListenAddress("host:8o").ok());
}

}  // namespace
}  // namespace kinlink::server::testing
