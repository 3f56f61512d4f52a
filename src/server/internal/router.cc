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

}  // namespace

Responder::Responder(std::unique_ptr<ResponseSink> sink)
    : state_(std::make_shared<State>(std::move(sink))) {}

void Responder::Send(httplib::Response res) const {
  if (state_->sent.exchange(true, std::memory_order_acq_rel)) return;
  state_->sink->Deliver(std::move(res));
}

Responder::State::~State() {
  if (sent.load(std::memory_order_acquire)) return;
  httplib::Response res;
  res.status = 500;
  sink->Deliver(std::move(res));
}

Router& Router::Get(const std::string& pattern, Handler handler, FastHandler fast) {
  routes_.push_back(
      {"GET", std::regex(pattern), LiteralPrefix(pattern), std::move(handler), std::move(fast)});
  return *this;
}

Router& Router::Post(const std::string& pattern, Handler handler) {
  routes_.push_back(
      {"POST", std::regex(pattern), LiteralPrefix(pattern), std::move(handler), nullptr});
  return *this;
}

Router& Router::Delete(const std::string& pattern, Handler handler) {
  routes_.push_back(
      {"DELETE", std::regex(pattern), LiteralPrefix(pattern), std::move(handler), nullptr});
  return *this;
}

bool Router::KnownMethod(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    if (method == m) return true;
  }
  return false;
}

const Route* Router::Find(httplib::Request& req) const {
  std::string_view method = req.method == "HEAD" ? std::string_view("GET") : req.method;
  for (const Route& route : routes_) {
    if (route.method == method && req.path.compare(0, route.prefix.size(), route.prefix) == 0 &&
        std::regex_match(req.path, req.matches, route.pattern)) {
      return &route;
    }
  }
  return nullptr;
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
