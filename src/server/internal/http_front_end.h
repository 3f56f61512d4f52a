// HttpFrontEnd: the service's HTTP/1.1 transport. A few event-loop threads (epoll, edge-triggered,
// non-blocking sockets) accept connections, parse requests, and write responses with one send();
// requests are answered by the Router's handlers: a route's FastHandler on the loop thread itself
// (it must not block: the family and person reads from the record cache, whose response is sent
// from the audit writer's commit callback), every other handler on a small WorkerPool.
// A keep-alive connection costs a few hundred bytes, not a thread.
//
// Limits (every one answered the way cpp-httplib, the previous transport, did): a body over
// max_body_bytes → 413 and the connection is closed; a request line over 8 KiB → 414; a header
// block over 16 KiB or over 100 fields → 431; a malformed request line or header → 400; an unknown
// method → 400; Transfer-Encoding (chunked uploads) → 411; a client silent for read_timeout in the
// middle of a request, or slower than 3 × read_timeout for the whole request, is disconnected; an
// idle keep-alive connection is closed after keep_alive_timeout; a stalled reader after
// write_timeout. When the server closes after a response it shuts down its side first and drains
// what the client still sends (up to 2 s), so the client reads the response instead of a reset.
//
//   WorkerPool workers(16);
//   HttpFrontEnd http(router, workers, {.io_threads = 1});
//   KINLINK_ASSIGN_OR_RETURN(int port, http.Bind("127.0.0.1", 0));
//   std::thread t([&] { (void)http.Run(); });   ...   http.Stop(); t.join();
//
// Thread safety: Stop() may be called from any thread, any time (before Run too); Bind and Run
// from the owning thread. Errors: Bind fails when the address is taken or not local.
#ifndef KINLINK_SERVER_INTERNAL_HTTP_FRONT_END_H_
#define KINLINK_SERVER_INTERNAL_HTTP_FRONT_END_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "server/internal/router.h"

namespace kinlink::server::detail {

// A fixed pool of threads running queued jobs (the blocking handlers).
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);
  ~WorkerPool();  // Stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  // Queues `job`; false (and `job` dropped) once stopped.
  bool Submit(std::function<void()> job);
  // Runs what is queued, then joins the threads. Idempotent.
  void Stop();

 private:
  void Work();
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

struct FrontEndOptions {
  size_t io_threads = 1;
  size_t max_body_bytes = 64 * 1024;
  size_t max_connections = 10'000;  // beyond: accepted and closed at once
  std::chrono::milliseconds read_timeout{5'000};
  std::chrono::milliseconds keep_alive_timeout{5'000};
  std::chrono::milliseconds write_timeout{10'000};
};

class HttpFrontEnd {
 public:
  HttpFrontEnd(const Router& router, WorkerPool& workers, FrontEndOptions options);
  ~HttpFrontEnd();
  HttpFrontEnd(const HttpFrontEnd&) = delete;
  HttpFrontEnd& operator=(const HttpFrontEnd&) = delete;

  // Listens on host:port (0: any free port); returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Serves until Stop(); returns at once when Stop() came first. Requires Bind().
  Status Run();
  void Stop();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinlink::server::detail

#endif  // KINLINK_SERVER_INTERNAL_HTTP_FRONT_END_H_
