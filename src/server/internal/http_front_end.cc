// The epoll transport: loops, connections, request parsing, response writing, timeouts.
#include "server/internal/http_front_end.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <unordered_map>

namespace kinlink::server::detail {

// ---- WorkerPool -----------------------------------------------------------------------------

WorkerPool::WorkerPool(size_t threads) {
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    threads_.emplace_back([this] {
      pthread_setname_np(pthread_self(), "kinlink-worker");
      Work();
    });
  }
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::Submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void WorkerPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void WorkerPool::Work() {
  while (true) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

// ---- the transport --------------------------------------------------------------------------

namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr size_t kMaxRequestLine = 8 * 1024;
constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kMaxHeaderFields = 100;
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr uint64_t kListenerId = 0;
constexpr uint64_t kInboxId = 1;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Whether the comma-separated header value holds `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view part = value.substr(0, comma);
    while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
    while (!part.empty() && (part.back() == ' ' || part.back() == '\t')) part.remove_suffix(1);
    if (EqualsIgnoreCase(part, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

bool SafeHeaderText(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}

// Appends the status line and `res`'s header fields (Content-Length and Connection left out).
void AppendHead(std::string& out, int status, const httplib::Headers& headers) {
  out += "HTTP/1.1 ";
  out += std::to_string(status);
  out += ' ';
  out += Reason(status);
  out += "\r\n";
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection")) continue;
    if (!SafeHeaderText(name) || !SafeHeaderText(value)) continue;  // no response splitting
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
}

// Content-Length, Connection, the blank line and (unless HEAD) the body.
void AppendTail(std::string& out, std::string_view body, bool head_only, bool close) {
  out += "Content-Length: ";
  out += std::to_string(body.size());
  out += close ? "\r\nConnection: close\r\n\r\n" : "\r\nConnection: keep-alive\r\n\r\n";
  if (!head_only) out += body;
}

// Into `out` (cleared; its capacity is reused from response to response).
void Serialize(std::string& out, const httplib::Response& res, bool head_only, bool close) {
  out.clear();
  out.reserve(384 + res.body.size());
  AppendHead(out, res.status, res.headers);
  AppendTail(out, res.body, head_only, close);
}

// Responses finished on other threads, for one loop; one eventfd wake-up per batch.
class Inbox {
 public:
  // Either a full response, or (ResponseSink::DeliverJson) a status and a shared JSON body.
  struct Item {
    uint64_t connection;
    std::unique_ptr<httplib::Response> response;
    int json_status = 0;
    std::shared_ptr<const std::string> json_body;
  };
  Inbox() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~Inbox() { close(fd_); }
  int fd() const { return fd_; }
  void Post(Item item) {
    bool wake;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      items_.push_back(std::move(item));
      wake = !wake_pending_;
      wake_pending_ = true;
    }
    if (wake) Wake();
  }
  void Wake() {
    uint64_t one = 1;
    (void)!write(fd_, &one, sizeof one);
  }
  void Take(std::vector<Item>& out) {
    uint64_t value;
    (void)!read(fd_, &value, sizeof value);
    std::lock_guard lock(mutex_);
    wake_pending_ = false;
    out.swap(items_);
  }
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    items_.clear();
  }

 private:
  int fd_;
  std::mutex mutex_;
  std::vector<Item> items_;
  bool wake_pending_ = false;
  bool closed_ = false;
};

class InboxSink : public ResponseSink {
 public:
  InboxSink(std::shared_ptr<Inbox> inbox, uint64_t connection)
      : inbox_(std::move(inbox)), connection_(connection) {}
  void Deliver(httplib::Response res) override {
    inbox_->Post({connection_, std::make_unique<httplib::Response>(std::move(res)), 0, nullptr});
  }
  void DeliverJson(int status, std::shared_ptr<const std::string> body) override {
    inbox_->Post({connection_, nullptr, status, std::move(body)});
  }

 private:
  std::shared_ptr<Inbox> inbox_;
  uint64_t connection_;
};

struct Connection {
  enum class State { kReading, kProcessing, kWriting, kDraining };
  int fd = -1;
  uint64_t id = 0;
  State state = State::kReading;
  std::string in;
  std::string out;
  size_t out_sent = 0;
  bool close_after = false;  // this response is the connection's last
  bool head_only = false;    // a HEAD request: no body
  bool continue_sent = false;
  bool peer_eof = false;  // the client shut down its sending side
  SteadyClock::time_point last_activity;
  SteadyClock::time_point request_started;
  std::string remote_addr;
  int remote_port = 0;
  std::string local_addr;
  int local_port = 0;
};

std::pair<std::string, int> AddressText(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    return {text, ntohs(a.sin_port)};
  }
  const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
  inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
  return {text, ntohs(a.sin6_port)};
}

}  // namespace

class HttpFrontEnd::Impl {
 public:
  Impl(const Router& router, WorkerPool& workers, FrontEndOptions options)
      : router_(router), workers_(workers), options_(options) {}
  ~Impl() {
    if (listen_fd_ >= 0) close(listen_fd_);
  }
  Result<int> Bind(const std::string& host, int port);
  Status Run();
  void Stop();

  const Router& router_;
  WorkerPool& workers_;
  FrontEndOptions options_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex loops_mutex_;
  std::vector<std::shared_ptr<Inbox>> inboxes_;  // the running loops', to wake them on Stop
};

namespace {

// One event loop (one thread): its epoll set, its connections, its inbox.
class Loop {
 public:
  Loop(HttpFrontEnd::Impl& owner, std::shared_ptr<Inbox> inbox)
      : owner_(owner), router_(owner.router_), options_(owner.options_), inbox_(std::move(inbox)) {
    // The header fields of every DeliverJson response, as Respond would write them: computed once.
    httplib::Response probe = ResponseSink::JsonResponse(200, "{}");
    router_.Finish(probe);
    std::string head;
    AppendHead(head, 200, probe.headers);
    json_header_fields_ = head.substr(head.find("\r\n") + 2);
  }
  ~Loop() {
    for (auto& [id, c] : connections_) close(c->fd);
    if (epoll_ >= 0) close(epoll_);
  }
  Status Run();

 private:
  void Accept();
  void OnEvent(Connection& c, uint32_t events);
  void ReadAvailable(Connection& c, bool peer_closed);
  void Parse(Connection& c);
  void Dispatch(Connection& c, httplib::Request req);
  void Respond(Connection& c, httplib::Response res);  // finishes, serializes, writes
  // The response ResponseSink::JsonResponse(status, body) would be, written without building it.
  void RespondJson(Connection& c, int status, std::string_view body);
  void RespondError(Connection& c, int status) {
    c.close_after = true;
    Respond(c, router_.Error(status));
  }
  void Write(Connection& c);
  void Close(Connection& c) { close_ids_.push_back(c.id); }
  void CloseNow(uint64_t id);
  void DeliverInbox();
  void Sweep(SteadyClock::time_point now);

  HttpFrontEnd::Impl& owner_;
  const Router& router_;
  const FrontEndOptions& options_;
  std::shared_ptr<Inbox> inbox_;
  int epoll_ = -1;
  uint64_t next_id_ = 2;
  std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections_;
  std::vector<uint64_t> close_ids_;
  std::vector<Inbox::Item> delivered_;
  SteadyClock::time_point now_ = SteadyClock::now();
  std::string json_header_fields_;  // of RespondJson's responses
};

Status Loop::Run() {
  pthread_setname_np(pthread_self(), "kinlink-io");
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) return InternalError("epoll_create1 failed");
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLEXCLUSIVE;
  ev.data.u64 = kListenerId;
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, owner_.listen_fd_, &ev) != 0) {
    return InternalError("cannot watch the listening socket");
  }
  ev.events = EPOLLIN;
  ev.data.u64 = kInboxId;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, inbox_->fd(), &ev);
  epoll_event events[256];
  auto last_sweep = SteadyClock::now();
  while (!owner_.stopping_.load(std::memory_order_acquire)) {
    int n = epoll_wait(epoll_, events, 256, 250);
    if (n < 0 && errno != EINTR) return InternalError("epoll_wait failed");
    now_ = SteadyClock::now();
    for (int i = 0; i < n; ++i) {
      uint64_t id = events[i].data.u64;
      if (id == kListenerId) {
        Accept();
      } else if (id == kInboxId) {
        DeliverInbox();
      } else if (auto it = connections_.find(id); it != connections_.end()) {
        OnEvent(*it->second, events[i].events);
      }
    }
    if (now_ - last_sweep > std::chrono::milliseconds(250)) {
      Sweep(now_);
      last_sweep = now_;
    }
    for (uint64_t id : close_ids_) CloseNow(id);
    close_ids_.clear();
  }
  inbox_->Close();
  return Status::Ok();
}

void Loop::Accept() {
  while (true) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    int fd = accept4(owner_.listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // EAGAIN, or out of descriptors (retried on the next readiness)
    }
    if (connections_.size() >= options_.max_connections) {
      close(fd);
      continue;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto c = std::make_unique<Connection>();
    c->fd = fd;
    c->id = next_id_++;
    c->last_activity = now_;
    std::tie(c->remote_addr, c->remote_port) = AddressText(addr);
    sockaddr_storage local{};
    socklen_t local_len = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) == 0) {
      std::tie(c->local_addr, c->local_port) = AddressText(local);
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = c->id;
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      continue;
    }
    connections_.emplace(c->id, std::move(c));
  }
}

void Loop::OnEvent(Connection& c, uint32_t events) {
  if (events & EPOLLERR) return Close(c);
  if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
    ReadAvailable(c, (events & (EPOLLRDHUP | EPOLLHUP)) != 0);
  }
  if ((events & EPOLLOUT) && c.state == Connection::State::kWriting) Write(c);
}

void Loop::ReadAvailable(Connection& c, bool peer_closed) {
  char buffer[16 * 1024];
  size_t cap = kMaxHeaderBytes + options_.max_body_bytes + sizeof buffer;
  while (true) {
    ssize_t n = recv(c.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      c.last_activity = now_;
      if (c.state != Connection::State::kDraining) {
        // Pipelining far ahead of us.
        if (c.state != Connection::State::kReading && c.in.size() + n > cap) return Close(c);
        c.in.append(buffer, n);
        // A large request: judge its head now (413, 431, ...) rather than buffer all of it.
        if (c.state == Connection::State::kReading && c.in.size() > kMaxHeaderBytes) Parse(c);
      }
      // A short read drained the socket (a later arrival raises a new edge), unless the peer
      // also closed: then read on to see the end.
      if (static_cast<size_t>(n) < sizeof buffer && !peer_closed) break;
      continue;
    }
    if (n == 0) {
      c.peer_eof = true;
      // The client is done sending. A request in flight is still answered (then closed).
      if (c.state == Connection::State::kProcessing || c.state == Connection::State::kWriting) {
        c.close_after = true;
        break;
      }
      if (c.state == Connection::State::kReading && !c.in.empty()) {
        c.close_after = true;
        break;  // a complete request may be buffered: answer it, then close
      }
      return Close(c);
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return Close(c);
  }
  if (c.state == Connection::State::kReading) Parse(c);
}

void Loop::Parse(Connection& c) {
  if (c.in.empty()) {
    if (c.close_after) Close(c);
    return;
  }
  if (c.request_started == SteadyClock::time_point()) c.request_started = now_;
  size_t head_end = c.in.find("\r\n\r\n");
  if (head_end == std::string::npos) {
    size_t line_end = c.in.find("\r\n");
    if (line_end == std::string::npos && c.in.size() > kMaxRequestLine) return RespondError(c, 414);
    if (c.in.size() > kMaxHeaderBytes) return RespondError(c, 431);
    if (c.close_after) Close(c);  // the client ended mid-request
    return;
  }
  if (head_end > kMaxHeaderBytes) return RespondError(c, 431);
  std::string_view head(c.in.data(), head_end);
  size_t line_end = std::min(head.find("\r\n"), head.size());
  std::string_view line = head.substr(0, line_end);
  if (line.size() > kMaxRequestLine) return RespondError(c, 414);
  size_t first_space = line.find(' ');
  size_t last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || first_space == last_space) {
    return RespondError(c, 400);
  }
  httplib::Request req;
  req.method = std::string(line.substr(0, first_space));
  req.target = std::string(line.substr(first_space + 1, last_space - first_space - 1));
  req.version = std::string(line.substr(last_space + 1));
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0") return RespondError(c, 400);
  if (req.target.empty() || req.target.front() != '/' ||
      req.target.find_first_of(" \t") != std::string::npos) {
    return RespondError(c, 400);
  }
  if (!Router::KnownMethod(req.method)) return RespondError(c, 400);
  // Header fields.
  size_t pos = line_end + 2;
  size_t fields = 0;
  while (pos < head.size()) {
    size_t end = std::min(head.find("\r\n", pos), head.size());
    std::string_view field = head.substr(pos, end - pos);
    pos = end + 2;
    if (++fields > kMaxHeaderFields) return RespondError(c, 431);
    size_t colon = field.find(':');
    if (colon == std::string_view::npos || colon == 0 || field.front() == ' ' ||
        field.front() == '\t') {
      return RespondError(c, 400);  // no name, or an obsolete folded line
    }
    std::string_view name = field.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos) return RespondError(c, 400);
    std::string_view value = field.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    req.headers.emplace(std::string(name), std::string(value));
  }
  if (req.has_header("Transfer-Encoding")) return RespondError(c, 411);
  size_t content_length = 0;
  if (size_t count = req.get_header_value_count("Content-Length"); count > 0) {
    std::string text = req.get_header_value("Content-Length");
    for (size_t i = 1; i < count; ++i) {
      if (req.get_header_value("Content-Length", i) != text) return RespondError(c, 400);
    }
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), content_length);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return RespondError(c, 400);
    }
  }
  if (content_length > options_.max_body_bytes) return RespondError(c, 413);
  size_t body_start = head_end + 4;
  if (c.in.size() - body_start < content_length) {
    if (!c.continue_sent && HasToken(req.get_header_value("Expect"), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      (void)!send(c.fd, kContinue.data(), kContinue.size(), MSG_NOSIGNAL);
      c.continue_sent = true;
    }
    if (c.close_after) Close(c);  // the client ended mid-body
    return;
  }
  req.body.assign(c.in, body_start, content_length);
  c.in.erase(0, body_start + content_length);
  c.request_started = {};
  c.continue_sent = false;
  size_t query = req.target.find('?');
  req.path = httplib::detail::decode_url(req.target.substr(0, query), false);
  if (query != std::string::npos) {
    httplib::detail::parse_query_text(req.target.substr(query + 1), req.params);
  }
  std::string connection = req.get_header_value("Connection");
  if (HasToken(connection, "close") ||
      (req.version == "HTTP/1.0" && !HasToken(connection, "keep-alive"))) {
    c.close_after = true;
  }
  req.remote_addr = c.remote_addr;
  req.remote_port = c.remote_port;
  req.local_addr = c.local_addr;
  req.local_port = c.local_port;
  Dispatch(c, std::move(req));
}

void Loop::Dispatch(Connection& c, httplib::Request request) {
  c.state = Connection::State::kProcessing;
  c.head_only = request.method == "HEAD";
  // The request lives where the handler runs; req.matches point into its path, so the route is
  // matched on it there (a short path sits inside the string object: moving it moves the bytes).
  auto req = std::make_shared<httplib::Request>(std::move(request));
  // No std::regex on this thread for the usual route shapes: the worker fills req.matches.
  const Route* route = router_.Find(*req, /*fill_matches=*/false);
  if (route == nullptr) return Respond(c, router_.Error(404));
  Responder responder(std::make_unique<InboxSink>(inbox_, c.id));
  if (route->fast) {
    bool handled = false;
    try {
      handled = route->fast(*req, Router::Param(*route, *req), responder);
    } catch (...) {
      handled = false;  // the blocking handler decides (and reports) instead
    }
    if (handled || responder.sent()) return;
  }
  const Router& router = router_;
  bool queued = owner_.workers_.Submit([&router, route, req, responder] {
    Router::FillMatches(*route, *req);
    httplib::Response res;
    router.Run(*route, *req, res);
    responder.Send(std::move(res));
  });
  if (!queued) {
    httplib::Response unavailable;
    unavailable.status = 503;
    responder.Send(std::move(unavailable));
  }
}

void Loop::Respond(Connection& c, httplib::Response res) {
  router_.Finish(res);
  Serialize(c.out, res, c.head_only, c.close_after);
  c.out_sent = 0;
  c.state = Connection::State::kWriting;
  c.last_activity = now_;
  Write(c);
}

void Loop::RespondJson(Connection& c, int status, std::string_view body) {
  c.out.clear();
  c.out.reserve(json_header_fields_.size() + 96 + body.size());
  c.out += "HTTP/1.1 ";
  c.out += std::to_string(status);
  c.out += ' ';
  c.out += Reason(status);
  c.out += "\r\n";
  c.out += json_header_fields_;
  AppendTail(c.out, body, c.head_only, c.close_after);
  c.out_sent = 0;
  c.state = Connection::State::kWriting;
  c.last_activity = now_;
  Write(c);
}

void Loop::Write(Connection& c) {
  while (c.out_sent < c.out.size()) {
    ssize_t n = send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.out_sent += n;
      c.last_activity = now_;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // EPOLLOUT resumes
    return Close(c);
  }
  c.out.clear();
  if (c.out.capacity() > 64 * 1024) std::string().swap(c.out);  // a large file was sent
  c.out_sent = 0;
  if (c.close_after && c.peer_eof) return Close(c);
  if (c.close_after) {
    // Lingering close: the client may still be sending (a rejected body); reading it until the
    // client closes keeps the kernel from answering with a reset that would lose our response.
    shutdown(c.fd, SHUT_WR);
    c.state = Connection::State::kDraining;
    c.in.clear();
    return;
  }
  c.state = Connection::State::kReading;
  c.head_only = false;
  Parse(c);  // a pipelined request may be buffered already
}

void Loop::CloseNow(uint64_t id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  close(it->second->fd);
  connections_.erase(it);
}

void Loop::DeliverInbox() {
  inbox_->Take(delivered_);
  for (Inbox::Item& item : delivered_) {
    auto it = connections_.find(item.connection);
    if (it == connections_.end()) continue;  // the client went away
    Connection& c = *it->second;
    if (c.state != Connection::State::kProcessing) continue;
    if (item.response) {
      Respond(c, std::move(*item.response));
    } else {
      RespondJson(c, item.json_status, *item.json_body);
    }
  }
  delivered_.clear();
}

void Loop::Sweep(SteadyClock::time_point now) {
  for (auto& [id, c] : connections_) {
    auto silent = now - c->last_activity;
    switch (c->state) {
      case Connection::State::kReading:
        if (c->in.empty() ? silent > options_.keep_alive_timeout
                          : (silent > options_.read_timeout ||
                             now - c->request_started > 3 * options_.read_timeout)) {
          Close(*c);
        }
        break;
      case Connection::State::kWriting:
        if (silent > options_.write_timeout) Close(*c);
        break;
      case Connection::State::kDraining:
        if (silent > kDrainTime) Close(*c);
        break;
      case Connection::State::kProcessing:
        break;
    }
  }
}

}  // namespace

Result<int> HttpFrontEnd::Impl::Bind(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    return UnavailableError(fmt::format("cannot listen on {}:{} (unknown address)", host, port));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owned(found, freeaddrinfo);
  int fd = socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return UnavailableError("cannot create a socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (bind(fd, found->ai_addr, found->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
    close(fd);
    return UnavailableError(
        fmt::format("cannot listen on {}:{} (in use, or not a local address)", host, port));
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
  if (listen_fd_ >= 0) close(listen_fd_);
  listen_fd_ = fd;
  return AddressText(bound).second;
}

Status HttpFrontEnd::Impl::Run() {
  if (listen_fd_ < 0) return InternalError("the HTTP server is not bound");
  std::vector<std::unique_ptr<Loop>> loops;
  {
    std::lock_guard lock(loops_mutex_);
    if (stopping_.load()) return Status::Ok();
    for (size_t i = 0; i < std::max<size_t>(options_.io_threads, 1); ++i) {
      inboxes_.push_back(std::make_shared<Inbox>());
      loops.push_back(std::make_unique<Loop>(*this, inboxes_.back()));
    }
  }
  std::vector<Status> results(loops.size());
  std::vector<std::thread> threads;
  for (size_t i = 1; i < loops.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = loops[i]->Run(); });
  }
  results[0] = loops[0]->Run();
  if (!results[0].ok()) Stop();
  for (auto& t : threads) t.join();
  loops.clear();  // closes every connection
  for (const Status& s : results) KINLINK_RETURN_IF_ERROR(s);
  return Status::Ok();
}

void HttpFrontEnd::Impl::Stop() {
  std::lock_guard lock(loops_mutex_);
  stopping_.store(true, std::memory_order_release);
  for (auto& inbox : inboxes_) inbox->Wake();
}

HttpFrontEnd::HttpFrontEnd(const Router& router, WorkerPool& workers, FrontEndOptions options)
    : impl_(std::make_unique<Impl>(router, workers, options)) {}
HttpFrontEnd::~HttpFrontEnd() { Stop(); }
Result<int> HttpFrontEnd::Bind(const std::string& host, int port) {
  return impl_->Bind(host, port);
}
Status HttpFrontEnd::Run() { return impl_->Run(); }
void HttpFrontEnd::Stop() { impl_->Stop(); }

}  // namespace kinlink::server::detail
