// Oversight: GET /api/oversight/figures (per district, sector and week) and GET /api/audit (the
// access-audit entries of the hash-chained log, newest first). Oversight and admin accounts only.
#include <fmt/format.h>

#include "ledger/event_log.h"
#include "server/internal/context.h"
#include "server/oversight_figures.h"

namespace kinlink::server::detail {
namespace {

std::optional<Session> RequireOversight(Context& ctx, const httplib::Request& req,
                                        httplib::Response& res, std::string_view action) {
  auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
  if (!session) return std::nullopt;
  if (!SeesOversight(session->account)) {
    DenyAudited(ctx, req, res, *session, std::string(action), "",
                "figures and the audit log are for oversight and admin accounts");
    return std::nullopt;
  }
  return session;
}

void Figures(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireOversight(ctx, req, res, "read_figures");
  if (!session) return;
  auto as_of = AsOfParam(ctx, req, res);
  if (!as_of) return;
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  auto figures = ComputeOversightFigures(lease->db(), *as_of, ctx.deadlines);
  if (!figures.ok()) return SendStatus(res, figures.status());
  AuditRecord audit = AuditFor(req, &*session, "read_figures", "", "allowed", 200);
  SendAudited(ctx, req, res, std::move(audit), *figures);
}

// Walks back from the head (or `before`) along the primary key, so the newest entries come first
// without scanning the whole log.
void AuditLog(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireOversight(ctx, req, res, "read_audit_log");
  if (!session) return;
  int64_t limit = 100, before = INT64_MAX;
  try {
    if (req.has_param("limit")) limit = std::stoll(req.get_param_value("limit"));
    if (req.has_param("before")) before = std::stoll(req.get_param_value("before"));
  } catch (const std::exception&) {
    return SendError(res, 400, "invalid_argument", "limit and before are integers");
  }
  if (limit < 1 || limit > 1000) {
    return SendError(res, 400, "invalid_argument", "limit must be 1..1000");
  }
  std::string user = req.get_param_value("user");
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  auto s = lease->db().Prepare(
      "SELECT seq, event_id, recorded_at, actor, payload, hash FROM event"
      " WHERE seq < ? AND type = ? AND (? = '' OR actor = ?) ORDER BY seq DESC LIMIT ?");
  if (!s.ok()) return SendStatus(res, s.status());
  ledger::SqlStatement* st = *s;
  st->BindInt(1, before);
  st->BindText(2, kAccessAuditType);
  st->BindText(3, user);
  st->BindText(4, user);
  st->BindInt(5, limit);
  nlohmann::json entries = nlohmann::json::array();
  while (true) {
    auto row = st->Step();
    if (!row.ok()) return SendStatus(res, row.status());
    if (!*row) break;
    nlohmann::json payload = nlohmann::json::parse(st->Text(4), nullptr, false);
    entries.push_back(
        {{"seq", st->Int(0)},
         {"entry_id", st->Text(1)},
         {"recorded_at", FormatTimestamp(Timestamp(std::chrono::seconds(st->Int(2))))},
         {"actor", st->Text(3)},
         {"hash", st->Text(5)},
         {"entry", payload.is_discarded() ? nlohmann::json() : payload}});
  }
  AuditRecord audit = AuditFor(req, &*session, "read_audit_log", "", "allowed", 200);
  audit.detail = {{"count", entries.size()}};
  SendAudited(ctx, req, res, std::move(audit), {{"entries", std::move(entries)}});
}

}  // namespace

void RegisterOversightRoutes(Context& ctx) {
  ctx.http.Get(
      "/api/oversight/figures",
      [&ctx](const httplib::Request& req, httplib::Response& res) { Figures(ctx, req, res); });
  ctx.http.Get("/api/audit", [&ctx](const httplib::Request& req, httplib::Response& res) {
    AuditLog(ctx, req, res);
  });
}

}  // namespace kinlink::server::detail
