// The event-driven HTTP transport (src/server/internal/http_front_end.h) on its own, with a small
// Router: keep-alive and pipelining, HEAD, Connection: close, the request limits (400/411/413/414/
// 431), Expect: 100-continue, timeouts, fast handlers answering from another thread (and a dropped
// Responder becoming a 500), and many more open connections than worker threads.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "server/internal/http_front_end.h"
#include "server/internal/router.h"

namespace kinlink::server::detail {
namespace {

using namespace std::chrono_literals;

class Socket {
 public:
  explicit Socket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval wait{.tv_sec = 10, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  }
  ~Socket() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(std::string_view data) {
    ASSERT_EQ(send(fd_, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));
  }
  // Reads until `count` responses are complete (by Content-Length) or the server closes.
  std::string ReadResponses(int count) {
    while (Complete() < count) {
      char buffer[4096];
      ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        last_error_ = n == 0 ? "closed by the server" : std::string("recv: ") + strerror(errno);
        break;
      }
      in_.append(buffer, n);
    }
    return in_;
  }
  const std::string& last_error() const { return last_error_; }
  // Reads until `text` has arrived (or the server closes).
  std::string ReadUntil(std::string_view text) {
    while (in_.find(text) == std::string::npos) {
      char buffer[4096];
      ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      in_.append(buffer, n);
    }
    return in_;
  }
  int fd() const { return fd_; }
  // True when the server closed the connection (read returns 0) within the receive timeout.
  bool ClosedByServer() {
    char buffer[4096];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) in_.append(buffer, n);
    return n == 0;
  }

 private:
  int Complete() const {
    int done = 0;
    size_t pos = 0;
    while (true) {
      size_t head_end = in_.find("\r\n\r\n", pos);
      if (head_end == std::string::npos) return done;
      size_t length_at = in_.find("Content-Length: ", pos);
      size_t length = 0;
      if (length_at != std::string::npos && length_at < head_end) {
        length = std::stoul(in_.substr(length_at + 16));
      }
      if (in_.compare(pos, 12, "HTTP/1.1 100") == 0) length = 0;
      size_t end = head_end + 4 + length;
      if (in_.size() < end) return done;
      if (in_.compare(pos, 12, "HTTP/1.1 100") != 0) ++done;
      pos = end;
    }
  }
  int fd_;
  bool connected_ = false;
  std::string in_;
  std::string last_error_;
};

int CountOf(const std::string& text, std::string_view what) {
  int n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

class FrontEndTest : public ::testing::Test {
 protected:
  FrontEndTest() {
    router_.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Frame-Options", "DENY");
    });
    router_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"error\":" + std::to_string(res.status) + "}", "application/json");
    });
    router_.Get(R"(/echo/([a-z0-9]+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("echo " + std::string(req.matches[1]) + " q=" + req.get_param_value("q"),
                      "text/plain");
    });
    router_.Post("/body", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("got " + std::to_string(req.body.size()), "text/plain");
    });
    router_.Get("/throws", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("boom");
    });
    router_.Get("/sleep", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(200ms);
      res.set_content("slept", "text/plain");
    });
    // Fast: answered later from another thread; "decline" falls back to the blocking handler;
    // "drop" never answers (the Responder's last copy goes away: 500).
    router_.Get(R"(/fast/([a-z]+))",
                [](const httplib::Request&, httplib::Response& res) {
                  res.set_content("slow path", "text/plain");
                },
                [this](httplib::Request&, std::string what, const Responder& responder) {
                  if (what == "decline") return false;
                  if (what == "drop") return true;
                  answerers_.emplace_back([responder] {
                    std::this_thread::sleep_for(20ms);
                    httplib::Response res;
                    res.set_content("fast path", "text/plain");
                    responder.Send(std::move(res));
                  });
                  return true;
                });
    // A one-segment route (matched without std::regex) answering with a shared JSON body
    // (Responder::SendJson) or the same response built (Send(JsonResponse)).
    router_.Get(R"(/json/([^/]{1,20}))", [](const httplib::Request&, httplib::Response&) {},
                [](httplib::Request&, std::string how, const Responder& responder) {
                  auto body = std::make_shared<const std::string>("{\"how\":\"any\"}");
                  int status = how == "missing" ? 404 : 200;
                  if (how == "built") {
                    responder.Send(ResponseSink::JsonResponse(status, *body));
                  } else {
                    responder.SendJson(status, body);
                  }
                  return true;
                });
  }
  ~FrontEndTest() override {
    if (front_end_) {
      front_end_->Stop();
      runner_.join();
    }
    for (auto& t : answerers_) t.join();
  }
  void Start(FrontEndOptions options = {}) {
    front_end_ = std::make_unique<HttpFrontEnd>(router_, workers_, options);
    auto port = front_end_->Bind("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    runner_ = std::thread([this] { EXPECT_TRUE(front_end_->Run().ok()); });
  }

  Router router_;
  WorkerPool workers_{4};
  std::vector<std::thread> answerers_;
  std::unique_ptr<HttpFrontEnd> front_end_;
  std::thread runner_;
  int port_ = 0;
};

TEST_F(FrontEndTest, ServesKeepAliveAndPipelinedRequestsInOrder) {
  Start();
  Socket s(port_);
  ASSERT_TRUE(s.connected());
  s.Send(
      "GET /echo/one?q=a%20b HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /fast/later HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /echo/two HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string out = s.ReadResponses(3);
  size_t one = out.find("echo one q=a b"), fast = out.find("fast path"), two = out.find("echo two");
  ASSERT_NE(one, std::string::npos) << out;
  ASSERT_NE(fast, std::string::npos) << out;
  ASSERT_NE(two, std::string::npos) << out;
  EXPECT_LT(one, fast);
  EXPECT_LT(fast, two);
  EXPECT_EQ(CountOf(out, "HTTP/1.1 200 OK"), 3);
  EXPECT_EQ(CountOf(out, "Connection: keep-alive"), 3);
  EXPECT_EQ(CountOf(out, "X-Frame-Options: DENY"), 3);  // post-routing headers, once each
  // The connection stays open for another request.
  s.Send("GET /echo/three HTTP/1.1\r\n\r\n");
  EXPECT_NE(s.ReadResponses(4).find("echo three"), std::string::npos);
}

TEST_F(FrontEndTest, ASharedJsonBodyIsWrittenAsTheSameBytesAsABuiltResponse) {
  Start();
  Socket s(port_);
  ASSERT_TRUE(s.connected());
  s.Send("GET /json/built HTTP/1.1\r\n\r\n");
  std::string built = s.ReadResponses(1);
  s.Send("GET /json/shared HTTP/1.1\r\n\r\n");
  std::string shared = s.ReadResponses(2).substr(built.size());
  EXPECT_EQ(shared, built);
  EXPECT_NE(built.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << built;
  EXPECT_EQ(CountOf(built, "X-Frame-Options: DENY"), 1) << built;
  EXPECT_EQ(CountOf(built, "Cache-Control: no-store"), 1) << built;
  EXPECT_EQ(CountOf(built, "Content-Type: application/json"), 1) << built;
  EXPECT_NE(built.find("Content-Length: 13\r\nConnection: keep-alive\r\n\r\n{\"how\":\"any\"}"),
            std::string::npos)
      << built;
  // Another status, HEAD (no body) and Connection: close.
  s.Send("GET /json/missing HTTP/1.1\r\n\r\n");
  std::string missing = s.ReadResponses(3);
  EXPECT_NE(missing.find("HTTP/1.1 404 Not Found\r\n"), std::string::npos) << missing;
  Socket h(port_);
  h.Send("HEAD /json/shared HTTP/1.1\r\nConnection: close\r\n\r\n");
  std::string head = h.ReadResponses(1);
  EXPECT_NE(head.find("Content-Length: 13\r\nConnection: close\r\n\r\n"), std::string::npos)
      << head;
  EXPECT_EQ(head.find("{\"how\""), std::string::npos) << head;
}

TEST_F(FrontEndTest, FastHandlersDeclineToTheBlockingOneAndADroppedResponderIs500) {
  Start();
  httplib::Client client("127.0.0.1", port_);
  EXPECT_EQ(client.Get("/fast/later")->body, "fast path");
  EXPECT_EQ(client.Get("/fast/decline")->body, "slow path");
  auto dropped = client.Get("/fast/drop");
  ASSERT_TRUE(dropped);
  EXPECT_EQ(dropped->status, 500);
  EXPECT_EQ(dropped->body, "{\"error\":500}");
  auto thrown = client.Get("/throws");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(thrown->body.find("boom"), std::string::npos);  // no details leak
  EXPECT_EQ(client.Get("/nothing/here")->status, 404);
}

TEST_F(FrontEndTest, HeadHasNoBodyAndConnectionCloseIsHonoured) {
  Start();
  Socket s(port_);
  s.Send("HEAD /echo/one HTTP/1.1\r\n\r\n");
  std::string head = s.ReadUntil("\r\n\r\n");
  // The head is there, with the length of the body a GET would get, but no body.
  EXPECT_NE(head.find("Content-Length: 11"), std::string::npos) << head;  // "echo one q="
  EXPECT_EQ(head.find("echo one"), std::string::npos) << head;
  Socket c(port_);
  c.Send("GET /echo/one HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(c.ClosedByServer());
  Socket old(port_);
  old.Send("GET /echo/one HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(old.ClosedByServer());
}

TEST_F(FrontEndTest, MalformedAndOversizedRequestsGetTheirStatusAndTheConnectionCloses) {
  Start({.max_body_bytes = 1024});
  struct Case {
    std::string request;
    std::string status;
  };
  std::vector<Case> cases = {
      {"GARBAGE\r\n\r\n", "400"},
      {"GET /echo/one HTTP/9.9\r\n\r\n", "400"},
      {"BREW /echo/one HTTP/1.1\r\n\r\n", "400"},
      {"GET echo HTTP/1.1\r\n\r\n", "400"},
      {"GET /echo/one HTTP/1.1\r\nno colon here\r\n\r\n", "400"},
      {"GET /echo/one HTTP/1.1\r\n folded: x\r\n\r\n", "400"},
      {"POST /body HTTP/1.1\r\nContent-Length: 12x\r\n\r\n", "400"},
      {"POST /body HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "400"},
      {"POST /body HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "411"},
      {"POST /body HTTP/1.1\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x'), "413"},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", "414"},
      {"GET /echo/one HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n", "431"},
  };
  for (const Case& c : cases) {
    Socket s(port_);
    s.Send(c.request);
    std::string out = s.ReadResponses(1);
    EXPECT_EQ(out.substr(0, 12), "HTTP/1.1 " + c.status) << c.request.substr(0, 60);
    EXPECT_NE(out.find("Connection: close"), std::string::npos) << c.request.substr(0, 60);
    EXPECT_TRUE(s.ClosedByServer()) << c.request.substr(0, 60);
  }
  // A body within the limit, announced with Expect: 100-continue, is read after the interim 100.
  Socket s(port_);
  s.Send("POST /body HTTP/1.1\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_NE(s.ReadUntil("HTTP/1.1 100 Continue\r\n\r\n").find("100 Continue"), std::string::npos);
  s.Send(std::string(1000, 'y'));
  EXPECT_NE(s.ReadResponses(1).find("got 1000"), std::string::npos);
}

TEST_F(FrontEndTest, SilentAndIdleClientsAreDisconnected) {
  Start({.read_timeout = 500ms, .keep_alive_timeout = 500ms});
  Socket partial(port_);
  partial.Send("GET /echo/one HTTP/1.1\r\nX-Slow: ");
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(partial.ClosedByServer());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  Socket idle(port_);
  idle.Send("GET /echo/one HTTP/1.1\r\n\r\n");
  EXPECT_NE(idle.ReadResponses(1).find("echo one"), std::string::npos);
  EXPECT_TRUE(idle.ClosedByServer());  // after the keep-alive timeout
  // A client trickling a header byte by byte, never silent for long, is cut off after 3 × timeout.
  Socket trickle(port_);
  trickle.Send("GET /echo/one HTTP/1.1\r\nX-Trickle: ");
  start = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) {
    std::this_thread::sleep_for(100ms);
    if (send(trickle.fd(), "a", 1, MSG_NOSIGNAL) < 0) break;  // the server closed
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3500ms);
  char byte;
  EXPECT_LE(recv(trickle.fd(), &byte, 1, 0), 0);
}

TEST_F(FrontEndTest, ManyMoreOpenConnectionsThanWorkersAreAllServed) {
  Start();
  // 200 keep-alive connections, each with a request whose handler blocks on a worker (4 threads):
  // every one is answered; none waits for another connection to close.
  std::vector<std::unique_ptr<Socket>> sockets;
  for (int i = 0; i < 200; ++i) {
    sockets.push_back(std::make_unique<Socket>(port_));
    ASSERT_TRUE(sockets.back()->connected());
  }
  for (auto& s : sockets) s->Send("GET /echo/abc HTTP/1.1\r\n\r\n");
  for (auto& s : sockets) {
    std::string got = s->ReadResponses(1);
    EXPECT_NE(got.find("echo abc"), std::string::npos) << s->last_error() << got;
  }
  for (auto& s : sockets) s->Send("GET /fast/later HTTP/1.1\r\n\r\n");
  for (auto& s : sockets) EXPECT_NE(s->ReadResponses(2).find("fast path"), std::string::npos);
}

TEST_F(FrontEndTest, StopEndsRunWithRequestsInFlight) {
  Start();
  Socket s(port_);
  s.Send("GET /sleep HTTP/1.1\r\n\r\n");
  std::this_thread::sleep_for(50ms);
  front_end_->Stop();
  runner_.join();
  front_end_.reset();
  EXPECT_TRUE(s.ClosedByServer());
  workers_.Stop();  // the sleeping handler finishes; its response goes nowhere
}

}  // namespace
}  // namespace kinlink::server::detail
