#include "server/service.h"

#include <fmt/format.h>

#include <charconv>

#include "ledger/alert_rules.h"
#include "server/internal/context.h"

namespace kinlink::server {

using detail::Context;

namespace {

void ConfigureHttp(Context& ctx) {
  httplib::Server& http = ctx.http;
  size_t threads = ctx.options.worker_threads;
  // httplib takes ownership of the queue it is given (and deletes it).
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(ctx.options.max_body_bytes);
  http.set_read_timeout(ctx.options.read_timeout);
  http.set_write_timeout(std::chrono::seconds(10));
  http.set_keep_alive_timeout(ctx.options.keep_alive_timeout.count());
  http.set_keep_alive_max_count(100000);
  // cpp-httplib writes a response's head and body with two send()s; with Nagle on, the body waits
  // for the client's (delayed) ACK of the head: tens of milliseconds on a keep-alive connection.
  // Set on the listening socket, TCP_NODELAY is inherited by every accepted connection (Linux).
  http.set_tcp_nodelay(true);
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                   "script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                   "base-uri 'none'; form-action 'self'");
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        detail::SendError(res, 500, "internal", "internal error (see the server log)");
      });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string_view code = res.status == 413   ? "payload_too_large"
                            : res.status == 414 ? "uri_too_long"
                            : res.status == 404 ? "not_found"
                            : res.status == 400 ? "bad_request"
                                                : "error";
    std::string message = res.status == 413   ? "the request body is too large"
                          : res.status == 404 ? "not found"
                                              : "the request could not be handled";
    detail::SendError(res, res.status, code, message);
  });
  detail::RegisterAuthRoutes(ctx);
  detail::RegisterRecordRoutes(ctx);
  detail::RegisterListRoutes(ctx);
  detail::RegisterReviewRoutes(ctx);
  detail::RegisterScenarioRoutes(ctx);
  detail::RegisterOversightRoutes(ctx);
  detail::RegisterStaticRoutes(ctx);  // last: it matches every other GET
}

}  // namespace

Result<std::unique_ptr<Service>> Service::Create(ServiceOptions options, const Clock& clock) {
  auto ctx = std::make_unique<Context>(std::move(options), clock);
  KINLINK_ASSIGN_OR_RETURN(ctx->rules, ledger::LoadAlertRulesOrDefault(ctx->options.rules_path));
  ctx->deadlines = ctx->rules.Deadlines();
  KINLINK_ASSIGN_OR_RETURN(
      ctx->writer,
      LedgerWriter::Open(
          {.storage = {.path = ctx->options.db_path}, .clock = &clock, .deadlines = ctx->deadlines},
          ctx->options.audit));
  KINLINK_ASSIGN_OR_RETURN(
      ctx->accounts_db,
      ledger::SqliteConnection::Open({.path = ctx->options.db_path, .cache_kib = 2048}));
  AccountStore accounts(*ctx->accounts_db);
  KINLINK_RETURN_IF_ERROR(accounts.EnsureSchema());
  ctx->pool = std::make_unique<ReadPool>(ctx->options.db_path, ctx->options.read_connections);
  ctx->runs = std::make_unique<ScenarioRuns>(ctx->options.scenarios_dir, ScenarioRunOptions{});
  ConfigureHttp(*ctx);
  return std::unique_ptr<Service>(new Service(std::move(ctx)));
}

Service::Service(std::unique_ptr<Context> context) : context_(std::move(context)) {}

Service::~Service() { Stop(); }

Result<int> Service::Bind(const std::string& host, int port) {
  int bound = port == 0 ? context_->http.bind_to_any_port(host)
                        : (context_->http.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return UnavailableError(
        fmt::format("cannot listen on {}:{} (in use, or not a local address)", host, port));
  }
  return bound;
}

Status Service::Run() {
  if (!context_->http.is_valid()) return InternalError("the HTTP server is not set up");
  if (!context_->http.listen_after_bind()) {
    return UnavailableError("the HTTP server stopped with an error");
  }
  return Status::Ok();
}

void Service::Stop() { context_->http.stop(); }

Result<std::pair<std::string, int>> ParseListenAddress(std::string_view text) {
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return InvalidArgumentError(fmt::format("--listen '{}': give ADDR:PORT", text));
  }
  std::string host(text.substr(0, colon));
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "127.0.0.1";
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return InvalidArgumentError(fmt::format("--listen '{}': the port must be 0..65535", text));
  }
  return std::make_pair(host, port);
}

}  // namespace kinlink::server
