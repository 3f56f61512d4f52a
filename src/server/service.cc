#include "server/service.h"

#include <fmt/format.h>

#include <charconv>

#include "ledger/alert_rules.h"
#include "server/internal/context.h"

namespace kinlink::server {

using detail::Context;

namespace {

void ConfigureHttp(Context& ctx) {
  detail::Router& http = ctx.http;
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                   "script-src 'self'; object-src 'none'; frame-ancestors 'none'; "
                   "base-uri 'none'; form-action 'self'");
  });
  // Errors the handlers did not describe: no route, a malformed or oversized request, an exception.
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    auto [code, message] = [&]() -> std::pair<std::string_view, std::string_view> {
      switch (res.status) {
        case 400:
          return {"bad_request", "the request could not be handled"};
        case 404:
          return {"not_found", "not found"};
        case 411:
          return {"length_required", "send the body with a Content-Length"};
        case 413:
          return {"payload_too_large", "the request body is too large"};
        case 414:
          return {"uri_too_long", "the request target is too long"};
        case 431:
          return {"header_too_large", "the request header is too large"};
        case 500:
          return {"internal", "internal error (see the server log)"};
        case 503:
          return {"unavailable", "the service is shutting down"};
        default:
          return {"error", "the request could not be handled"};
      }
    }();
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
  ctx->workers = std::make_unique<detail::WorkerPool>(ctx->options.worker_threads);
  ctx->front_end = std::make_unique<detail::HttpFrontEnd>(
      ctx->http, *ctx->workers,
      detail::FrontEndOptions{.io_threads = ctx->options.io_threads,
                              .max_body_bytes = ctx->options.max_body_bytes,
                              .read_timeout = ctx->options.read_timeout,
                              .keep_alive_timeout = ctx->options.keep_alive_timeout});
  return std::unique_ptr<Service>(new Service(std::move(ctx)));
}

Service::Service(std::unique_ptr<Context> context) : context_(std::move(context)) {}

Service::~Service() {
  Stop();
  // The front end has stopped (Run returned, or never ran); the workers finish what they hold.
  // Then the writer drains its queue: commit callbacks of reads still queued find the front end
  // and the workers closed, and drop their responses.
  context_->workers->Stop();
  context_->writer.reset();
}

Result<int> Service::Bind(const std::string& host, int port) {
  return context_->front_end->Bind(host, port);
}

Status Service::Run() { return context_->front_end->Run(); }

void Service::Stop() { context_->front_end->Stop(); }

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
