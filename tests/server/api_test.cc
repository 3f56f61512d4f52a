// API tests against a running server: authentication, scoped access, audit of every read and of
// every denial, review decisions, scenarios, oversight figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "ledger/event_log.h"
#include "ledger/identity.h"
#include "ledger/verify.h"
#include "server/ledger_writer.h"
#include "server_test_util.h"

namespace kinlink::server::testing {
namespace {

using nlohmann::json;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : clock_(Timestamp(std::chrono::seconds(1'800'000'000))), service_(Name(), clock_) {}
  static std::string Name() {
    return ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  // Every access_audit entry's payload, oldest first.
  std::vector<json> Audits() {
    auto db =
        ledger::SqliteConnection::Open({.path = service_.db_path().string(), .read_only = true});
    EXPECT_TRUE(db.ok());
    auto s = (*db)->Prepare("SELECT payload FROM event WHERE type = 'access_audit' ORDER BY seq");
    EXPECT_TRUE(s.ok());
    std::vector<json> out;
    while (*(*s)->Step()) out.push_back(json::parse((*s)->Text(0)));
    return out;
  }
  ManualClock clock_;
  RunningService service_;
};

TEST_F(ApiTest, NoSessionIs401AndTheAttemptIsAudited) {
  auto client = service_.Client();
  auto res = client.Get("/api/families/F1", {{"X-Purpose", "curious"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "unauthenticated");
  auto audits = Audits();
  ASSERT_FALSE(audits.empty());
  EXPECT_EQ(audits.back()["outcome"], "denied");
  EXPECT_EQ(audits.back()["status"], 401);
  EXPECT_EQ(audits.back()["user"], "-");
  // A forged token is no better.
  res = client.Get("/api/families/F1", {{"Cookie", "kinlink_session=" + std::string(64, 'a')}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

TEST_F(ApiTest, LoginChecksThePasswordAndSetsAnHttpOnlyCookie) {
  auto client = service_.Client();
  auto bad = client.Post("/api/session", R"({"username":"admin","password":"wrong password"})",
                         "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  auto unknown = client.Post("/api/session", R"({"username":"nobody","password":"whatever1"})",
                             "application/json");
  EXPECT_EQ(unknown->status, 401);
  auto good =
      client.Post("/api/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                  "application/json");
  ASSERT_EQ(good->status, 200);
  std::string cookie = good->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  json body = json::parse(good->body);
  EXPECT_EQ(body["user"]["role"], "admin");
  EXPECT_EQ(body["csrf_token"].get<std::string>().size(), 64u);
  EXPECT_FALSE(body.contains("token"));  // browsers do not get the token in JS-readable form
  auto audits = Audits();
  ASSERT_GE(audits.size(), 3u);
  EXPECT_EQ(audits[audits.size() - 3]["outcome"], "denied");
  EXPECT_EQ(audits.back()["action"], "login");
  EXPECT_EQ(audits.back()["outcome"], "allowed");
}

TEST_F(ApiTest, RepeatedFailedLoginsAreThrottled) {
  auto client = service_.Client();
  for (int i = 0; i < 5; ++i) {
    auto r = client.Post("/api/session", R"({"username":"admin","password":"wrong password"})",
                         "application/json");
    EXPECT_EQ(r->status, 401);
  }
  auto r = client.Post("/api/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                       "application/json");
  EXPECT_EQ(r->status, 429);
  clock_.Advance(std::chrono::minutes(6));
  r = client.Post("/api/session", json{{"username", "admin"}, {"password", kPassword}}.dump(),
                  "application/json");
  EXPECT_EQ(r->status, 200);
}

TEST_F(ApiTest, EveryRecordReadIsAuditedWithWhoWhatAndPurposeAndTheChainVerifies) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  ASSERT_FALSE(admin.cookie.empty());
  auto res = client.Get("/api/families/F1", WithCookie(admin, "reunification case 12"));
  ASSERT_EQ(res->status, 200);
  json family = json::parse(res->body);
  EXPECT_EQ(family["family_unit_id"], "F1");
  EXPECT_EQ(family["members"].size(), 3u);
  res = client.Get("/api/persons/P2", WithCookie(admin, "check placement"));
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(json::parse(res->body)["person_id"], "P2");

  auto audits = Audits();
  ASSERT_GE(audits.size(), 3u);
  json family_read = audits[audits.size() - 2], person_read = audits.back();
  EXPECT_EQ(family_read["action"], "read_family");
  EXPECT_EQ(family_read["record"], "F1");
  EXPECT_EQ(family_read["user"], "admin");
  EXPECT_EQ(family_read["purpose"], "reunification case 12");
  EXPECT_EQ(person_read["record"], "P2");
  EXPECT_EQ(person_read["purpose"], "check placement");
  EXPECT_FALSE(person_read["at"].get<std::string>().empty());

  EXPECT_GT(VerifiedChainEntries(service_.db_path()), 0);
  // Audit entries stay out of the persons' timelines.
  res = client.Get("/api/persons/P2", WithCookie(admin, "again"));
  json again = json::parse(res->body);
  ASSERT_FALSE(again["timeline"].empty());
  for (const auto& item : again["timeline"]) {
    EXPECT_NE(item["type"], kAccessAuditType);
  }
}

TEST_F(ApiTest, ARecordReadWithoutAStatedPurposeIs400) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  auto res = client.Get("/api/persons/P1", WithCookie(admin));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "purpose_required");
}

TEST_F(ApiTest, AnOfficerReadingAnotherAgencysPersonGets403AndTheAttemptIsAudited) {
  auto client = service_.Client();
  Login ice = LogIn(client, "ice.officer");
  // P1 was held by ICE; P2 (a child) never was.
  EXPECT_EQ(client.Get("/api/persons/P1", WithCookie(ice, "detention review"))->status, 200);
  auto res = client.Get("/api/persons/P2", WithCookie(ice, "detention review"));
  ASSERT_EQ(res->status, 403);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "forbidden");
  json denied = Audits().back();
  EXPECT_EQ(denied["user"], "ice.officer");
  EXPECT_EQ(denied["record"], "P2");
  EXPECT_EQ(denied["outcome"], "denied");
  EXPECT_EQ(denied["status"], 403);
  // The family links of ICE's person are visible; the other members' details are not.
  res = client.Get("/api/families/F1", WithCookie(ice, "detention review"));
  ASSERT_EQ(res->status, 200);
  json family = json::parse(res->body);
  int restricted = 0;
  for (const auto& m : family["members"]) {
    if (m.value("restricted", false)) {
      ++restricted;
      EXPECT_FALSE(m.contains("name"));
      EXPECT_FALSE(m.contains("custody"));
    }
  }
  EXPECT_EQ(restricted, 2);
  for (const auto& t : family["timeline"]) EXPECT_EQ(t["person_id"], "P1");
  // F2's members were never with... P5 was in ICE custody; a US Attorney officer sees neither.
  Login usao = LogIn(client, "usao.officer");
  EXPECT_EQ(client.Get("/api/persons/P1", WithCookie(usao, "x-check"))->status, 403);
  EXPECT_EQ(client.Get("/api/families/F2", WithCookie(usao, "x-check"))->status, 403);
}

TEST_F(ApiTest, ACaseworkerSeesAssignedFamiliesOnly) {
  auto client = service_.Client();
  Login cw = LogIn(client, "case.f2");
  EXPECT_EQ(client.Get("/api/families/F2", WithCookie(cw, "case work"))->status, 200);
  EXPECT_EQ(client.Get("/api/persons/P6", WithCookie(cw, "case work"))->status, 200);
  EXPECT_EQ(client.Get("/api/families/F1", WithCookie(cw, "case work"))->status, 403);
  EXPECT_EQ(client.Get("/api/persons/P1", WithCookie(cw, "case work"))->status, 403);
  auto seps = client.Get("/api/separations?as_of=2018-06-26T00:00:00Z", WithCookie(cw));
  ASSERT_EQ(seps->status, 200);
  json board = json::parse(seps->body);
  ASSERT_EQ(board["separations"].size(), 1u);
  EXPECT_EQ(board["separations"][0]["child_id"], "P6");
}

// The boards as CSV downloads: the same rows the caller may see in JSON, the CLI's columns, and
// the read audited like any other (with the format).
TEST_F(ApiTest, SeparationsAndAlertsDownloadAsCsvScopedAndAudited) {
  auto client = service_.Client();
  Login cw = LogIn(client, "case.f2");
  auto seps = client.Get("/api/separations?as_of=2018-06-26T00:00:00Z&format=csv", WithCookie(cw));
  ASSERT_EQ(seps->status, 200);
  EXPECT_EQ(seps->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(seps->get_header_value("Content-Disposition"),
            "attachment; filename=\"separations-2018-06-26.csv\"");
  std::istringstream lines(seps->body);
  std::string header, row, extra;
  ASSERT_TRUE(std::getline(lines, header));
  EXPECT_EQ(header.rfind("child_id,parent_id,parent_found_by_linkage,", 0), 0u) << header;
  ASSERT_TRUE(std::getline(lines, row));
  EXPECT_EQ(row.rfind("P6,P5,false,", 0), 0u) << row;  // the caseworker's family only
  EXPECT_FALSE(std::getline(lines, extra)) << extra;

  Login admin = LogIn(client, "admin");
  auto all =
      client.Get("/api/separations?as_of=2018-06-26T00:00:00Z&format=csv", WithCookie(admin));
  auto board = client.Get("/api/separations?as_of=2018-06-26T00:00:00Z", WithCookie(admin));
  ASSERT_EQ(all->status, 200);
  ASSERT_EQ(board->status, 200);
  const auto rows = std::count(all->body.begin(), all->body.end(), '\n') - 1;
  EXPECT_EQ(rows, static_cast<long>(json::parse(board->body)["separations"].size()));

  auto alerts = client.Get("/api/alerts?as_of=2018-07-26T00:00:00Z&format=csv", WithCookie(admin));
  auto alert_json = client.Get("/api/alerts?as_of=2018-07-26T00:00:00Z", WithCookie(admin));
  ASSERT_EQ(alerts->status, 200);
  EXPECT_EQ(alerts->body.rfind("rule,kind,severity,person_id,related_id,since,message,as_of\n", 0),
            0u);
  EXPECT_EQ(std::count(alerts->body.begin(), alerts->body.end(), '\n') - 1,
            static_cast<long>(json::parse(alert_json->body)["alerts"].size()));
  EXPECT_EQ(client.Get("/api/alerts?format=xml", WithCookie(admin))->status, 400);

  Login ig = LogIn(client, "ig");
  auto audit = client.Get("/api/audit?limit=10", WithCookie(ig));
  ASSERT_EQ(audit->status, 200);
  int csv_reads = 0;
  const json log = json::parse(audit->body);
  for (const auto& e : log["entries"]) {
    const json& entry = e["entry"];
    if (entry.contains("detail") && entry["detail"].value("format", "") == "csv") ++csv_reads;
  }
  EXPECT_EQ(csv_reads, 3)
      << audit->body;  // the caseworker's and the admin's boards, the admin's alerts
}

TEST_F(ApiTest, OversightSeesFiguresAndTheAuditLogButNoNames) {
  auto client = service_.Client();
  Login ig = LogIn(client, "ig");
  EXPECT_EQ(client.Get("/api/persons/P1", WithCookie(ig, "inspection"))->status, 403);
  EXPECT_EQ(client.Get("/api/persons?q=perez", WithCookie(ig, "inspection"))->status, 403);
  auto figures = client.Get("/api/oversight/figures?as_of=2018-07-26T00:00:00Z", WithCookie(ig));
  ASSERT_EQ(figures->status, 200);
  json f = json::parse(figures->body);
  EXPECT_EQ(f["total"]["separations"], 4);  // P2, P3 from P1; P6 from P5; P4 (parent unknown)
  EXPECT_EQ(f["total"]["reunified"], 1);    // P3
  // Reunification deadlines (court order): P3 reunified 07-15, due 07-26 (met); P2 and P6 due 07-10
  // and still apart (missed); P4 due 07-26, the moment asked about (pending).
  EXPECT_EQ(f["total"]["deadlines_met"], 1);
  EXPECT_EQ(f["total"]["deadlines_missed"], 2);
  EXPECT_EQ(f["total"]["deadlines_pending"], 1);
  bool found_yuma = false;
  for (const auto& s : f["by_sector"]) found_yuma |= s["sector"] == "yuma" && s["separations"] == 1;
  EXPECT_TRUE(found_yuma) << f.dump();
  bool found_sd_tex = false;
  for (const auto& d : f["by_district"]) found_sd_tex |= d["district"] == "sd_tex";
  EXPECT_TRUE(found_sd_tex) << f.dump();
  EXPECT_EQ(f.dump().find("Pérez"), std::string::npos);
  auto audit = client.Get("/api/audit?limit=5", WithCookie(ig));
  ASSERT_EQ(audit->status, 200);
  json entries = json::parse(audit->body)["entries"];
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0]["entry"]["action"], "read_figures");  // newest first
  // Granted oversight reads records; officers do not read the audit log.
  Login ig2 = LogIn(client, "ig.names");
  EXPECT_EQ(client.Get("/api/persons/P1", WithCookie(ig2, "inspection"))->status, 200);
  Login cbp = LogIn(client, "cbp.officer");
  EXPECT_EQ(client.Get("/api/audit", WithCookie(cbp))->status, 403);
}

TEST_F(ApiTest, SearchFindsNamesIgnoringAccentsAndMisspellingsAndANumbers) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  auto ids = [&](const std::string& q) {
    auto res = client.Get("/api/persons?q=" + httplib::detail::encode_query_param(q),
                          WithCookie(admin, "search test"));
    EXPECT_EQ(res->status, 200) << q;
    std::vector<std::string> out;
    json body = json::parse(res->body);
    for (const auto& r : body["results"]) out.push_back(r["person_id"]);
    return out;
  };
  EXPECT_EQ(ids("jose perez lopez"), std::vector<std::string>({"P2"}));
  EXPECT_EQ(ids("Perez Lopez").size(), 2u);
  EXPECT_EQ(ids("Maria Guadalupe Lopes Hernandez"), std::vector<std::string>({"P1"}));
  EXPECT_EQ(ids("A087654321"), std::vector<std::string>({"P5"}));
  EXPECT_TRUE(ids("zzzz qqqq").empty());
  // Officers only find persons their agency held.
  Login usao = LogIn(client, "usao.officer");
  auto res = client.Get("/api/persons?q=perez", WithCookie(usao, "search test"));
  EXPECT_TRUE(json::parse(res->body)["results"].empty());
}

TEST_F(ApiTest, SessionsExpireWhenIdle) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  EXPECT_EQ(client.Get("/api/session", WithCookie(admin))->status, 200);
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(client.Get("/api/session", WithCookie(admin))->status, 401);
  // Logout ends a session at once.
  Login again = LogIn(client, "admin");
  httplib::Headers h = WithCookie(again);
  h.emplace("X-CSRF-Token", again.csrf);
  EXPECT_EQ(client.Delete("/api/session", h)->status, 200);
  EXPECT_EQ(client.Get("/api/session", WithCookie(again))->status, 401);
}

TEST_F(ApiTest, AReviewDecisionIsALedgerEventAndNeedsTheCsrfToken) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  json proposal = {{"proposals",
                    {{{"left_id", "P4"},
                      {"right_id", "P7"},
                      {"score", 7.5},
                      {"evidence", {{"birth_date", 3.1}, {"name", 4.4}}}}}}};
  httplib::Headers h = WithCookie(admin);
  // Without the CSRF token: refused and audited.
  auto res = client.Post("/api/review/proposals", h, proposal.dump(), "application/json");
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(Audits().back()["outcome"], "denied");
  h.emplace("X-CSRF-Token", admin.csrf);
  res = client.Post("/api/review/proposals", h, proposal.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  res = client.Get("/api/review", WithCookie(admin));
  json queue = json::parse(res->body)["proposals"];
  ASSERT_EQ(queue.size(), 1u);
  EXPECT_EQ(queue[0]["evidence"]["name"], 4.4);
  res = client.Post("/api/review/decisions", h,
                    json{{"left_id", "P4"},
                         {"right_id", "P7"},
                         {"decision", "accept"},
                         {"note", "same child, two records"}}
                        .dump(),
                    "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(json::parse(client.Get("/api/review", WithCookie(admin))->body)["proposals"].empty());
  auto db =
      ledger::SqliteConnection::Open({.path = service_.db_path().string(), .read_only = true});
  auto cluster = ledger::ClusterOf(**db, "P7");
  ASSERT_TRUE(cluster.ok());
  EXPECT_EQ(*cluster, std::vector<std::string>({"P4", "P7"}));
  // Bearer-token clients need no CSRF token (no ambient credentials), but non-admins are refused.
  Login cbp = LogIn(client, "cbp.officer");
  res = client.Post("/api/review/decisions", {{"Authorization", "Bearer " + cbp.token}},
                    R"({"left_id":"P4","right_id":"P7","decision":"reject"})", "application/json");
  EXPECT_EQ(res->status, 403);
}

TEST_F(ApiTest, ScenarioRequestsAreValidated) {
  auto client = service_.Client();
  Login admin = LogIn(client, "admin");
  auto res = client.Get("/api/scenarios", WithCookie(admin));
  ASSERT_EQ(res->status, 200);
  bool has_2018 = false;
  json listed = json::parse(res->body);
  for (const auto& s : listed["scenarios"]) {
    has_2018 |= s["name"] == "zero-tolerance-2018";
  }
  EXPECT_TRUE(has_2018);
  httplib::Headers h = WithCookie(admin);
  h.emplace("X-CSRF-Token", admin.csrf);
  EXPECT_EQ(
      client
          .Post("/api/scenarios/runs", h, R"({"scenario":"../../etc/passwd"})", "application/json")
          ->status,
      404);
  EXPECT_EQ(
      client
          .Post("/api/scenarios/runs", h,
                R"({"scenario":"zero-tolerance-2018","replications":1000})", "application/json")
          ->status,
      400);
  EXPECT_EQ(client.Get("/api/scenarios/runs/run-999", WithCookie(admin))->status, 404);
}

}  // namespace
}  // namespace kinlink::server::testing
