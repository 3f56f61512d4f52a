// Simulation scenarios: GET /api/scenarios, POST /api/scenarios/runs {scenario, replications,
// seed}, GET /api/scenarios/runs (recent), GET /api/scenarios/runs/{id} (state and results).
// Any logged-in account may run scenarios: they hold no personal data.
#include <fmt/format.h>

#include "server/internal/context.h"

namespace kinlink::server::detail {

void RegisterScenarioRoutes(Context& ctx) {
  ctx.http.Get("/api/scenarios", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!RequireSession(ctx, req, res, Csrf::kNotNeeded)) return;
    auto list = ctx.runs->List();
    if (!list.ok()) return SendStatus(res, list.status());
    SendJson(res, 200, {{"scenarios", *list}});
  });
  ctx.http.Get("/api/scenarios/runs", [&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!RequireSession(ctx, req, res, Csrf::kNotNeeded)) return;
    SendJson(res, 200, {{"runs", ctx.runs->Summaries()}});
  });
  ctx.http.Post("/api/scenarios/runs", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto session = RequireSession(ctx, req, res, Csrf::kRequired);
    if (!session) return;
    auto body = ParseJsonBody(req, res);
    if (!body) return;
    std::string scenario = StringField(*body, "scenario");
    auto reps = body->value("replications", nlohmann::json(1));
    auto seed = body->value("seed", nlohmann::json(1));
    if (scenario.empty() || !reps.is_number_integer() || !seed.is_number_integer() ||
        seed.get<int64_t>() < 0) {
      return SendError(res, 400, "invalid_argument",
                       "give scenario (a name), replications (an integer) and seed (>= 0)");
    }
    auto id = ctx.runs->Start(scenario, reps.get<int64_t>() < 0 ? 0 : reps.get<size_t>(),
                              seed.get<uint64_t>(), session->account.username);
    if (!id.ok()) return SendStatus(res, id.status());
    SendJson(res, 202, {{"run_id", *id}, {"state", "queued"}});
  });
  ctx.http.Get(R"(/api/scenarios/runs/([A-Za-z0-9-]{1,40}))",
               [&ctx](const httplib::Request& req, httplib::Response& res) {
                 if (!RequireSession(ctx, req, res, Csrf::kNotNeeded)) return;
                 auto run = ctx.runs->Get(req.matches[1]);
                 if (!run) return SendError(res, 404, "not_found", "no such run");
                 SendJson(res, 200, *run);
               });
}

}  // namespace kinlink::server::detail
