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
  // Called once, from any thread.
  virtual void Deliver(httplib::Response res) = 0;
};

class Responder {
 public:
  explicit Responder(std::unique_ptr<ResponseSink> sink);
  // Sends `res` (the first call only). Thread-safe.
  void Send(httplib::Response res) const;
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
// May move from the request only when it returns true (the request is not used afterwards).
using FastHandler = std::function<bool(httplib::Request&, const Responder&)>;

struct Route {
  std::string method;  // GET also serves HEAD
  std::regex pattern;
  std::string prefix;  // the literal start of every path the pattern matches
  Handler handler;
  FastHandler fast;  // optional
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

  // The route for req.method and req.path (req.matches filled), or nullptr.
  const Route* Find(httplib::Request& req) const;
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
