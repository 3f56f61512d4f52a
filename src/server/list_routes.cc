// GET /api/separations and GET /api/alerts: the open-separations board (with reunification
// deadlines) and the alerts in force, as of a moment, limited to what the caller may see.
// `format=csv` gives the same rows as CSV (the columns of `kinlink separations --open --csv` and
// `kinlink alerts --csv`), as a download; the read is audited the same way either way.
#include <fmt/format.h>

#include <sstream>

#include "core/csv_writer.h"
#include "ledger/alerts.h"
#include "ledger/queries.h"
#include "server/internal/context.h"

namespace kinlink::server::detail {
namespace {

// "json" (the default) or "csv"; anything else is a 400 and nullopt.
std::optional<std::string> FormatParam(const httplib::Request& req, httplib::Response& res) {
  std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format != "json" && format != "csv") {
    SendError(res, 400, "invalid_argument", "format: give json or csv");
    return std::nullopt;
  }
  return format;
}

// Sends `csv` as a download named `<name>-<as_of date>.csv`, once its read is audited.
void SendAuditedCsv(Context& ctx, httplib::Response& res, AuditRecord audit, std::string name,
                    Timestamp as_of, std::string csv) {
  SendAuditedText(ctx, res, std::move(audit), std::move(csv), "text/csv; charset=utf-8");
  if (res.status != 200) return;  // the audit could not be committed: an error, not a file
  res.set_header("Content-Disposition", fmt::format("attachment; filename=\"{}-{}.csv\"", name,
                                                    FormatDate(DateOf(as_of))));
}

// Whether the caller may see an item about these persons: admins and oversight see every item
// (lists carry ids, not names); officers and caseworkers the items about persons they may read.
class Visibility {
 public:
  Visibility(ledger::SqlConnection& db, const Account& account) : db_(db), account_(account) {}
  Result<bool> AnyVisible(std::initializer_list<std::string_view> person_ids) {
    if (account_.role == Role::kAdmin || account_.role == Role::kOversight) return true;
    for (std::string_view id : person_ids) {
      if (id.empty()) continue;
      std::string key(id);
      auto it = known_.find(key);
      if (it == known_.end()) {
        KINLINK_ASSIGN_OR_RETURN(PersonScope scope, LoadPersonScope(db_, key));
        it = known_.emplace(key, CanReadPerson(account_, scope).allowed).first;
      }
      if (it->second) return true;
    }
    return false;
  }

 private:
  ledger::SqlConnection& db_;
  const Account& account_;
  std::unordered_map<std::string, bool> known_;
};

void ListSeparations(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
  if (!session) return;
  auto as_of = AsOfParam(ctx, req, res);
  if (!as_of) return;
  auto format = FormatParam(req, res);
  if (!format) return;
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  auto open = ledger::ListOpenSeparations(lease->db(), *as_of, ctx.deadlines);
  if (!open.ok()) return SendStatus(res, open.status());
  auto linked = ledger::ParentsFoundByLinkage(lease->db(), *open);
  if (!linked.ok()) return SendStatus(res, linked.status());
  Visibility visible(lease->db(), session->account);
  nlohmann::json items = nlohmann::json::array();
  std::ostringstream csv;
  if (*format == "csv") WriteCsvRow(csv, ledger::SeparationCsvHeader());
  int overdue = 0;
  int linked_count = 0;
  size_t count = 0;
  for (size_t i = 0; i < open->size(); ++i) {
    const auto& s = (*open)[i];
    auto ok = visible.AnyVisible({s.child_id, s.parent_id});
    if (!ok.ok()) return SendStatus(res, ok.status());
    if (!*ok) continue;
    ++count;
    overdue += (s.due && *as_of > *s.due);
    linked_count += (*linked)[i];
    if (*format == "csv") {
      WriteCsvRow(csv, ledger::SeparationCsvRow(s, *as_of, (*linked)[i]));
      continue;
    }
    nlohmann::json row = ledger::SeparationToJson(s, *as_of);
    if ((*linked)[i]) row["parent_found_by_linkage"] = true;
    items.push_back(std::move(row));
  }
  AuditRecord audit = AuditFor(req, &*session, "list_separations", "", "allowed", 200);
  audit.detail = {{"as_of", FormatTimestamp(*as_of)}, {"count", count}, {"format", *format}};
  if (*format == "csv") {
    return SendAuditedCsv(ctx, res, std::move(audit), "separations", *as_of, csv.str());
  }
  SendAudited(ctx, req, res, std::move(audit),
              {{"as_of", FormatTimestamp(*as_of)},
               {"open", items.size()},
               {"overdue", overdue},
               {"parents_found_by_linkage", linked_count},
               {"separations", std::move(items)}});
}

void ListAlerts(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  auto session = RequireSession(ctx, req, res, Csrf::kNotNeeded);
  if (!session) return;
  auto as_of = AsOfParam(ctx, req, res);
  if (!as_of) return;
  auto format = FormatParam(req, res);
  if (!format) return;
  auto lease = ctx.pool->Acquire();
  if (!lease.ok()) return SendStatus(res, lease.status());
  auto alerts = ledger::EvaluateAlerts(lease->db(), ctx.rules, *as_of);
  if (!alerts.ok()) return SendStatus(res, alerts.status());
  Visibility visible(lease->db(), session->account);
  nlohmann::json items = nlohmann::json::array();
  std::ostringstream csv;
  if (*format == "csv") WriteCsvRow(csv, ledger::AlertCsvHeader());
  size_t count = 0;
  for (const auto& a : *alerts) {
    auto ok = visible.AnyVisible({a.person_id});
    if (!ok.ok()) return SendStatus(res, ok.status());
    if (!*ok) continue;
    ++count;
    if (*format == "csv") {
      WriteCsvRow(csv, ledger::AlertCsvRow(a, *as_of));
      continue;
    }
    items.push_back({{"rule_id", a.rule_id},
                     {"severity", a.severity},
                     {"person_id", a.person_id},
                     {"related_id", a.related_id},
                     {"since", FormatTimestamp(a.since)},
                     {"message", a.message}});
  }
  AuditRecord audit = AuditFor(req, &*session, "list_alerts", "", "allowed", 200);
  audit.detail = {{"as_of", FormatTimestamp(*as_of)}, {"count", count}, {"format", *format}};
  if (*format == "csv") {
    return SendAuditedCsv(ctx, res, std::move(audit), "alerts", *as_of, csv.str());
  }
  SendAudited(ctx, req, res, std::move(audit),
              {{"as_of", FormatTimestamp(*as_of)}, {"alerts", std::move(items)}});
}

}  // namespace

void RegisterListRoutes(Context& ctx) {
  ctx.http.Get("/api/separations", [&ctx](const httplib::Request& req, httplib::Response& res) {
    ListSeparations(ctx, req, res);
  });
  ctx.http.Get("/api/alerts", [&ctx](const httplib::Request& req, httplib::Response& res) {
    ListAlerts(ctx, req, res);
  });
}

}  // namespace kinlink::server::detail
