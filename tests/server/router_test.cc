// The Router's matching (src/server/internal/router.h): literal and one-segment patterns are
// matched without std::regex, and must give exactly the route and captures std::regex_match gives.
#include "server/internal/router.h"

#include <gtest/gtest.h>

#include <string>

namespace kinlink::server::detail {
namespace {

void Nothing(const httplib::Request&, httplib::Response&) {}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Get("/api/session", Nothing);                 // literal
    router_.Get(R"(/api/persons/([^/]{1,5}))", Nothing);  // one segment, at most 5 bytes
    router_.Get(R"(/api/families/([^/]+))", Nothing);     // one segment
    router_.Get(R"(/api/runs/([a-z]+))", Nothing);        // a general regex
    router_.Post("/api/session", Nothing);
    router_.Get(R"(/.*)", Nothing);  // everything else
    patterns_ = {"/api/session",
                 R"(/api/persons/([^/]{1,5}))",
                 R"(/api/families/([^/]+))",
                 R"(/api/runs/([a-z]+))",
                 "/api/session",
                 R"(/.*)"};
    methods_ = {"GET", "GET", "GET", "GET", "POST", "GET"};
    prefixes_ = {"/api/session", "/api/persons/", "/api/families/",
                 "/api/runs/",   "/api/session",  "/"};
  }

  // The index of the first route std::regex_match accepts, as the router did before shapes.
  int ReferenceRoute(const std::string& method, const std::string& path, std::smatch* m) const {
    for (size_t i = 0; i < patterns_.size(); ++i) {
      if (methods_[i] == method && std::regex_match(path, *m, std::regex(patterns_[i]))) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  Router router_;
  std::vector<std::string> patterns_;
  std::vector<std::string> methods_;
  std::vector<std::string> prefixes_;
};

TEST_F(RouterTest, ShapesMatchExactlyAsTheRegexDoes) {
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"GET", "/api/session"},        {"GET", "/api/sessions"},
      {"GET", "/api/session/"},       {"POST", "/api/session"},
      {"POST", "/api/sessionx"},      {"GET", "/api/persons/P1"},
      {"GET", "/api/persons/"},       {"GET", "/api/persons/12345"},
      {"GET", "/api/persons/123456"}, {"GET", "/api/persons/a/b"},
      {"GET", "/api/families/F1"},    {"GET", "/api/families/"},
      {"GET", "/api/families/F1/"},   {"GET", "/api/families/%20x"},
      {"HEAD", "/api/families/F9"},   {"GET", "/api/runs/abc"},
      {"GET", "/api/runs/ABC"},       {"GET", "/"},
      {"DELETE", "/api/session"},     {"GET", std::string("/api/families/a\nb")}};
  for (const auto& [method, path] : requests) {
    SCOPED_TRACE(method + " " + path);
    std::smatch expected;
    int want = ReferenceRoute(method == "HEAD" ? "GET" : method, path, &expected);

    httplib::Request req;
    req.method = method;
    req.path = path;
    const Route* route = router_.Find(req);
    ASSERT_EQ(route == nullptr, want < 0);
    if (route == nullptr) continue;
    // The reference route (routes are kept in registration order), and the same captures.
    EXPECT_EQ(route->method, methods_[want]);
    EXPECT_EQ(route->prefix, prefixes_[want]);
    ASSERT_EQ(req.matches.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(req.matches[i].str(), expected[i].str());
    EXPECT_EQ(Router::Param(*route, req), expected.size() > 1 ? expected[1].str() : "");

    // Without filling the matches: the same route, and Param still gives the capture.
    httplib::Request lazy;
    lazy.method = method;
    lazy.path = path;
    const Route* lazy_route = router_.Find(lazy, /*fill_matches=*/false);
    EXPECT_EQ(lazy_route, route);
    EXPECT_EQ(Router::Param(*lazy_route, lazy), Router::Param(*route, req));
    Router::FillMatches(*lazy_route, lazy);
    ASSERT_EQ(lazy.matches.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i)
      EXPECT_EQ(lazy.matches[i].str(), expected[i].str());
  }
}

TEST_F(RouterTest, ClassifiesPatternShapes) {
  httplib::Request req;
  req.method = "GET";
  req.path = "/api/session";
  EXPECT_EQ(router_.Find(req)->shape, Route::Shape::kLiteral);
  req.path = "/api/persons/P1";
  EXPECT_EQ(router_.Find(req)->shape, Route::Shape::kSegment);
  EXPECT_EQ(router_.Find(req)->segment_max, 5u);
  req.path = "/api/families/F1";
  EXPECT_EQ(router_.Find(req)->shape, Route::Shape::kSegment);
  req.path = "/api/runs/abc";
  EXPECT_EQ(router_.Find(req)->shape, Route::Shape::kRegex);
}

TEST(ResponseSink, JsonResponseIsWhatDeliverJsonStandsFor) {
  httplib::Response res = ResponseSink::JsonResponse(404, R"({"error":1})");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, R"({"error":1})");
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res.get_header_value("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace kinlink::server::detail
