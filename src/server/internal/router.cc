// The routing table and the deferred-response handle.
#include "server/internal/router.h"

namespace kinlink::server::detail {

namespace {

// The literal text a pattern's matches must start with (up to its first regex metacharacter):
// routes whose prefix the path lacks are skipped without running the (slow) std::regex.
std::string LiteralPrefix(const std::string& pattern) {
  size_t end = pattern.find_first_of(".[]()*+?{}|^$\\");
  std::string prefix = pattern.substr(0, end);
  // A quantifier applies to the character before it: that one is not required.
  if (end != std::string::npos && !prefix.empty() &&
      std::string_view("*?{").find(pattern[end]) != std::string_view::npos) {
    prefix.pop_back();
  }
  return prefix;
}

// The route's shape (router.h): literal, literal prefix + one segment, or a general regex.
void Classify(Route& route, const std::string& pattern) {
  if (route.prefix == pattern) {
    route.shape = Route::Shape::kLiteral;
    return;
  }
  std::string_view rest = std::string_view(pattern).substr(route.prefix.size());
  if (rest == "([^/]+)") {
    route.shape = Route::Shape::kSegment;
    route.segment_max = std::string::npos;
    return;
  }
  constexpr std::string_view kOpen = "([^/]{1,";
  constexpr std::string_view kClose = "})";
  if (rest.size() > kOpen.size() + kClose.size() && rest.substr(0, kOpen.size()) == kOpen &&
      rest.substr(rest.size() - kClose.size()) == kClose) {
    std::string_view digits = rest.substr(kOpen.size(), rest.size() - kOpen.size() - kClose.size());
    size_t max = 0;
    for (char c : digits) {
      if (c < '0' || c > '9' || max > 100'000) return;
      max = max * 10 + static_cast<size_t>(c - '0');
    }
    if (max == 0) return;
    route.shape = Route::Shape::kSegment;
    route.segment_max = max;
  }
}

Route MakeRoute(std::string method, const std::string& pattern, Handler handler, FastHandler fast) {
  Route route{std::move(method), std::regex(pattern), LiteralPrefix(pattern), std::move(handler),
              std::move(fast)};
  Classify(route, pattern);
  return route;
}

// Whether `path` matches the route, without std::regex for the literal and segment shapes.
bool Matches(const Route& route, const std::string& path) {
  if (path.compare(0, route.prefix.size(), route.prefix) != 0) return false;
  switch (route.shape) {
    case Route::Shape::kLiteral:
      return path.size() == route.prefix.size();
    case Route::Shape::kSegment: {
      size_t length = path.size() - route.prefix.size();
      return length >= 1 && length <= route.segment_max &&
             path.find('/', route.prefix.size()) == std::string::npos;
    }
    case Route::Shape::kRegex:
      break;
  }
  return std::regex_match(path, route.pattern);
}

}  // namespace

Responder::Responder(std::unique_ptr<ResponseSink> sink)
    : state_(std::make_shared<State>(std::move(sink))) {}

void Responder::Send(httplib::Response res) const {
  if (state_->sent.exchange(true, std::memory_order_acq_rel)) return;
  state_->sink->Deliver(std::move(res));
}

void Responder::SendJson(int status, std::shared_ptr<const std::string> body) const {
  if (state_->sent.exchange(true, std::memory_order_acq_rel)) return;
  state_->sink->DeliverJson(status, std::move(body));
}

httplib::Response ResponseSink::JsonResponse(int status, std::string body) {
  httplib::Response res;
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), "application/json");
  return res;
}

Responder::State::~State() {
  if (sent.load(std::memory_order_acquire)) return;
  httplib::Response res;
  res.status = 500;
  sink->Deliver(std::move(res));
}

Router& Router::Get(const std::string& pattern, Handler handler, FastHandler fast) {
  routes_.push_back(MakeRoute("GET", pattern, std::move(handler), std::move(fast)));
  return *this;
}

Router& Router::Post(const std::string& pattern, Handler handler) {
  routes_.push_back(MakeRoute("POST", pattern, std::move(handler), nullptr));
  return *this;
}

Router& Router::Delete(const std::string& pattern, Handler handler) {
  routes_.push_back(MakeRoute("DELETE", pattern, std::move(handler), nullptr));
  return *this;
}

bool Router::KnownMethod(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    if (method == m) return true;
  }
  return false;
}

const Route* Router::Find(httplib::Request& req, bool fill_matches) const {
  std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  req.matches = {};
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    if (route.shape == Route::Shape::kRegex) {
      if (req.path.compare(0, route.prefix.size(), route.prefix) == 0 &&
          std::regex_match(req.path, req.matches, route.pattern)) {
        return &route;
      }
      continue;
    }
    if (Matches(route, req.path)) {
      if (fill_matches) FillMatches(route, req);
      return &route;
    }
  }
  return nullptr;
}

void Router::FillMatches(const Route& route, httplib::Request& req) {
  if (req.matches.empty()) std::regex_match(req.path, req.matches, route.pattern);
}

std::string Router::Param(const Route& route, const httplib::Request& req) {
  if (route.shape == Route::Shape::kSegment && req.path.size() > route.prefix.size()) {
    return req.path.substr(route.prefix.size());
  }
  return req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
}

void Router::Run(const Route& route, const httplib::Request& req, httplib::Response& res) const {
  try {
    route.handler(req, res);
    if (res.status == -1) res.status = 200;
  } catch (...) {
    res = httplib::Response();
    res.status = 500;
    // The error handler writes the generic body (no details leak).
  }
}

void Router::Finish(httplib::Response& res) const {
  if (res.status == -1) res.status = 200;
  if (res.status >= 400 && res.body.empty() && error_) {
    httplib::Request none;
    error_(none, res);
  }
  if (post_routing_) {
    httplib::Request none;
    post_routing_(none, res);
  }
}

httplib::Response Router::Error(int status) {
  httplib::Response res;
  res.status = status;
  return res;
}

}  // namespace kinlink::server::detail
