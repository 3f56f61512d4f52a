// The review queue: GET /api/review (proposed links, each with both identities and the linker's
// match-weight breakdown), POST /api/review/decisions (accept or reject: a link_decision entry in
// the ledger), POST /api/review/proposals (record proposed links, e.g. from `kinlink link`).
// Admins only; decisions and proposals need the CSRF token when made with the cookie.
#include <fmt/format.h>

#include "ledger/identity.h"
#include "server/internal/context.h"

namespace kinlink::server::detail {
namespace {

using ledger::SqlStatement;

Result<nlohmann::json> IdentityJson(ledger::SqlConnection& db, const std::string& id) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT display_name, source, COALESCE(a_number, ''), COALESCE(birth_date, ''),"
                 " COALESCE(sex, ''), COALESCE(citizenship, '') FROM person WHERE person_id = ?"));
  s->BindText(1, id);
  KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
  nlohmann::json j = {{"person_id", id}};
  if (row) {
    j.update({{"name", s->Text(0)},
              {"source", s->Text(1)},
              {"a_number", s->Text(2)},
              {"birth_date", s->Text(3)},
              {"sex", s->Text(4)},
              {"citizenship", s->Text(5)}});
  }
  s->Reset();
  return j;
}

Result<nlohmann::json> ReviewQueue(ledger::SqlConnection& db, ledger::EventLog& log,
                                   int64_t limit) {
  KINLINK_ASSIGN_OR_RETURN(
      SqlStatement * s,
      db.Prepare("SELECT left_id, right_id, score, decided_by, decided_at, event_id"
                 " FROM link_decision WHERE state = 'proposed'"
                 " ORDER BY decided_at, left_id, right_id LIMIT ?"));
  s->BindInt(1, limit);
  struct Row {
    std::string left, right, score, by, event_id;
    int64_t at;
  };
  std::vector<Row> rows;
  while (true) {
    KINLINK_ASSIGN_OR_RETURN(bool row, s->Step());
    if (!row) break;
    rows.push_back({s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Text(5), s->Int(4)});
  }
  nlohmann::json out = nlohmann::json::array();
  for (const Row& r : rows) {
    nlohmann::json evidence = nlohmann::json::object();
    KINLINK_ASSIGN_OR_RETURN(auto entry, log.Find(r.event_id));
    if (entry) {
      auto payload = nlohmann::json::parse(entry->payload, nullptr, false);
      if (payload.is_object() && payload.contains("evidence")) evidence = payload["evidence"];
    }
    KINLINK_ASSIGN_OR_RETURN(nlohmann::json left, IdentityJson(db, r.left));
    KINLINK_ASSIGN_OR_RETURN(nlohmann::json right, IdentityJson(db, r.right));
    out.push_back({{"left", std::move(left)},
                   {"right", std::move(right)},
                   {"score", std::stod(r.score)},
                   {"proposed_by", r.by},
                   {"proposed_at", FormatTimestamp(Timestamp(std::chrono::seconds(r.at)))},
                   {"evidence", std::move(evidence)}});
  }
  return out;
}

std::optional<Session> RequireAdmin(Context& ctx, const httplib::Request& req,
                                    httplib::Response& res, Csrf csrf, std::string_view action) {
  auto session = RequireSession(ctx, req, res, csrf);
  if (!session) return std::nullopt;
  if (session->account.role != Role::kAdmin) {
    DenyAudited(ctx, req, res, *session, std::string(action), "",
                "the review queue is for admin accounts");
    return std::nullopt;
  }
  return session;
}

void GetQueue(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireAdmin(ctx, req, res, Csrf::kNotNeeded, "read_review_queue");
  if (!session) return;
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  auto queue = ReviewQueue(lease->db(), lease->log(), 200);
  if (!queue.ok()) return SendStatus(res, queue.status());
  AuditRecord audit = AuditFor(req, &*session, "read_review_queue", "", "allowed", 200);
  audit.detail = {{"count", queue->size()}};
  SendAudited(ctx, req, res, std::move(audit), {{"proposals", std::move(*queue)}});
}

void Decide(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireAdmin(ctx, req, res, Csrf::kRequired, "review_decision");
  if (!session) return;
  auto body = ParseJsonBody(req, res);
  if (!body) return;
  std::string left = StringField(*body, "left_id"), right = StringField(*body, "right_id");
  std::string decision = StringField(*body, "decision"), note = StringField(*body, "note");
  if (left.empty() || right.empty() || left.size() > 200 || right.size() > 200 ||
      (decision != "accept" && decision != "reject") || note.size() > 2000) {
    return SendError(res, 400, "invalid_argument",
                     "give left_id, right_id, decision (\"accept\" or \"reject\") and an optional "
                     "note of at most 2000 bytes");
  }
  ledger::LinkDecision d{
      .left_id = left,
      .right_id = right,
      .state = decision == "accept" ? ledger::LinkState::kAccepted : ledger::LinkState::kRejected,
      .score = body->value("score", 0.0),
      .evidence = {{"note", note}, {"reviewed_via", "kinlink serve"}},
      .decided_by = "reviewer:" + session->account.username,
      .decided_at = std::nullopt};
  Status s = ctx.writer->Write([&](ledger::Ledger& l) -> Status {
    KINLINK_ASSIGN_OR_RETURN(bool known_left, l.log().HasSubject(left));
    KINLINK_ASSIGN_OR_RETURN(bool known_right, l.log().HasSubject(right));
    if (!known_left || !known_right) {
      return NotFoundError("both identities must be in the ledger");
    }
    return ledger::RecordLinkDecision(l, d);
  });
  ctx.cache.Clear();
  if (!s.ok()) return SendStatus(res, s);
  SendJson(res, 200,
           {{"left_id", std::min(left, right)},
            {"right_id", std::max(left, right)},
            {"state", decision == "accept" ? "accepted" : "rejected"},
            {"decided_by", d.decided_by}});
}

void Propose(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireAdmin(ctx, req, res, Csrf::kRequired, "review_proposals");
  if (!session) return;
  auto body = ParseJsonBody(req, res);
  if (!body) return;
  auto list = body->find("proposals");
  if (list == body->end() || !list->is_array() || list->size() > 1000) {
    return SendError(res, 400, "invalid_argument", "give \"proposals\": an array of at most 1000");
  }
  std::vector<ledger::LinkDecision> decisions;
  for (const auto& p : *list) {
    if (!p.is_object() || StringField(p, "left_id").empty() || StringField(p, "right_id").empty() ||
        !p.value("score", nlohmann::json()).is_number()) {
      return SendError(res, 400, "invalid_argument",
                       "each proposal needs left_id, right_id (strings) and score (a number)");
    }
    decisions.push_back({.left_id = StringField(p, "left_id"),
                         .right_id = StringField(p, "right_id"),
                         .state = ledger::LinkState::kProposed,
                         .score = p["score"].get<double>(),
                         .evidence = p.value("evidence", nlohmann::json::object()),
                         .decided_by = "proposed-by:" + session->account.username,
                         .decided_at = std::nullopt});
  }
  Status s = ctx.writer->Write([&](ledger::Ledger& l) -> Status {
    for (const auto& d : decisions) KINLINK_RETURN_IF_ERROR(ledger::RecordLinkDecision(l, d));
    return Status::Ok();
  });
  if (!s.ok()) return SendStatus(res, s);
  SendJson(res, 200, {{"recorded", decisions.size()}});
}

}  // namespace

void RegisterReviewRoutes(Context& ctx) {
  ctx.http.Get("/api/review", [&ctx](const httplib::Request& req, httplib::Response& res) {
    GetQueue(ctx, req, res);
  });
  ctx.http.Post("/api/review/decisions", [&ctx](const httplib::Request& req,
                                                httplib::Response& res) { Decide(ctx, req, res); });
  ctx.http.Post(
      "/api/review/proposals",
      [&ctx](const httplib::Request& req, httplib::Response& res) { Propose(ctx, req, res); });
}

}  // namespace kinlink::server::detail
