// Router: the service's routing table (method + path pattern → handler) and the deferred-response
// handle (Responder) the event-driven front end (http_front_end.h) answers through.
//
// Handlers keep cpp-httplib's Request/Response types (the route files were written against them);
// only the transport changed. A route has a blocking Handler, run on a worker thread, and may have
// a FastHandler, run on the I/O thread: it must not block (no password hashing, no waiting for the
// audit writer); it answers later through its Responder (from any thread, typically the audit
// writer's commit callback) and returns true, or returns false to let the blocking Handler answer
// instead (the fast path is an optimization for the common case, never the only implementation).
//
//   router.Get(R"(/api/families/([^/]+))", SlowHandler, FastHandler);
//   const Route* route = router.Find(req);        // fills req.matches; nullptr: 404/400
//   router.Run(*route, req, res);                 // exceptions → 500
//
// Matching is cheap for the common pattern shapes: a literal path ("/api/session") is compared,
// and a literal prefix followed by one path segment ("/api/families/([^/]{1,200})") is checked by
// hand; std::regex runs only for other patterns, or to fill req.matches. Find(req, false) leaves
// req.matches empty when it can (the I/O thread's fast path gets the segment from Router::Param);
// FillMatches fills them later, before a blocking handler runs.
//   responder.Send(std::move(res));               // to the connection (which Finish()es it)
//
// Thread safety: register routes before serving; Find/Run/Finish are then const and reentrant.
// Responder::Send may be called from any thread, once (later calls are ignored); when the last
// copy of a Responder that never sent is destroyed, a 500 is sent.
#ifndef KINLINK_SERVER_INTERNAL_ROUTER_H_
#define KINLINK_SERVER_INTERNAL_ROUTER_H_

#include <httplib.h>

#include <atomic>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace kinlink::server::detail {

// Where a response goes: the front end's connection. Implemented by the front end, which finishes
// the response (Router::Finish) and writes it on its I/O thread.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  // Called once (this or DeliverJson), from any thread.
  virtual void Deliver(httplib::Response res) = 0;
  // A JSON body with `Cache-Control: no-store`, shared rather than copied (a cached record's
  // text): the same response as Deliver(JsonResponse(status, *body)). The front end writes it
  // without building an httplib::Response; this default implementation builds one.
  virtual void DeliverJson(int status, std::shared_ptr<const std::string> body) {
    Deliver(JsonResponse(status, *body));
  }
  static httplib::Response JsonResponse(int status, std::string body);
};

class Responder {
 public:
  explicit Responder(std::unique_ptr<ResponseSink> sink);
  // Sends `res` (the first call only). Thread-safe.
  void Send(httplib::Response res) const;
  // Sends ResponseSink::JsonResponse(status, *body) without copying the body (first call only).
  void SendJson(int status, std::shared_ptr<const std::string> body) const;
  bool sent() const { return state_->sent.load(std::memory_order_acquire); }

 private:
  struct State {
    explicit State(std::unique_ptr<ResponseSink> s) : sink(std::move(s)) {}
    ~State();  // 500 if nothing was sent
    std::unique_ptr<ResponseSink> sink;
    std::atomic<bool> sent{false};
  };
  std::shared_ptr<State> state_;
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
// `param` is the pattern's first capture group (what req.matches[1] would hold: req.matches may be
// empty here, see Find). May move from the request only when it returns true (the request is not
// used afterwards).
using FastHandler = std::function<bool(httplib::Request&, std::string param, const Responder&)>;

struct Route {
  // How a path is matched (always the same answer as std::regex_match on `pattern`).
  enum class Shape {
    kLiteral,  // the pattern has no metacharacter: the path equals `prefix`
    kSegment,  // `prefix` then ([^/]+) or ([^/]{1,N}): one segment of 1..segment_max bytes
    kRegex,    // anything else
  };
  std::string method;  // GET also serves HEAD
  std::regex pattern;
  std::string prefix;  // the literal start of every path the pattern matches
  Handler handler;
  FastHandler fast;  // optional
  Shape shape = Shape::kRegex;
  size_t segment_max = 0;  // kSegment
};

class Router {
 public:
  Router& Get(const std::string& pattern, Handler handler, FastHandler fast = nullptr);
  Router& Post(const std::string& pattern, Handler handler);
  Router& Delete(const std::string& pattern, Handler handler);
  // Adds headers to every response (security headers).
  void set_post_routing_handler(Handler handler) { post_routing_ = std::move(handler); }
  // Fills the body of an error response that has none (status >= 400).
  void set_error_handler(Handler handler) { error_ = std::move(handler); }

  // The route for req.method and req.path, or nullptr. req.matches is filled, unless
  // `fill_matches` is false and the route's shape did not need the regex (see above).
  const Route* Find(httplib::Request& req, bool fill_matches = true) const;
  // Fills req.matches for `route` (found by Find) when they are empty.
  static void FillMatches(const Route& route, httplib::Request& req);
  // The first capture group of `route` (found by Find) in `req`: a kSegment route's segment, or
  // req.matches[1] when filled; "" otherwise.
  static std::string Param(const Route& route, const httplib::Request& req);
  // Whether the method is one the router knows (unknown methods get 400, known ones 404).
  static bool KnownMethod(std::string_view method);
  // Runs the route's blocking handler; an exception becomes a 500 (with no details).
  void Run(const Route& route, const httplib::Request& req, httplib::Response& res) const;
  // The error body when missing, and the post-routing headers.
  void Finish(httplib::Response& res) const;
  // An error response (no route, malformed request, 413, ...); Finish() writes its body.
  static httplib::Response Error(int status);

 private:
  std::vector<Route> routes_;
  Handler post_routing_;
  Handler error_;
};

}  // namespace kinlink::server::detail

#endif  // KINLINK_SERVER_INTERNAL_ROUTER_H_
